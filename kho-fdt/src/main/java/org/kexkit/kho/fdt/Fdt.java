package org.kexkit.kho.fdt;

import java.util.List;

/** A device tree: what a blob means, without where its blocks sat (see {@link FdtLayout}). */
public record Fdt(List<ReserveEntry> reservations, int bootCpuidPhys, FdtNode root) {
    public Fdt {
        reservations = List.copyOf(reservations);
    }

    public static Fdt of(FdtNode root) {
        return new Fdt(List.of(), 0, root);
    }
}
