package org.kexkit.kho.fdt;

/** A parsed blob: the tree and the layout it was read from. */
public record FdtBlob(Fdt tree, FdtLayout layout) {
    public FdtHeader header() {
        return layout.header();
    }
}
