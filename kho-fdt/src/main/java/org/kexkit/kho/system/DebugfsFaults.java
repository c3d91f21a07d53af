package org.kexkit.kho.system;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.LuoDecoder;
import org.kexkit.kho.fdt.FdtReader;

/** Finds 7.2.13's debugfs faults in a kho tree, one line each. */
public final class DebugfsFaults {
    private DebugfsFaults() {
    }

    public static List<DebugfsFault> find(KhoDebugfs kho) {
        List<DebugfsFault> faults = new ArrayList<>();
        kho.out().ifPresent(out -> {
            if (out.fdt().isPresent() && FdtReader.isTruncated(out.fdt().get())) {
                byte[] fdt = out.fdt().get();
                faults.add(new DebugfsFault(DebugfsFault.Kind.OUT_FDT_TRUNCATED, out.fdtPath() + ": " + fdt.length
                        + " of " + totalSize(fdt) + " bytes (7.2.13 fault: the file keeps the size the FDT had at boot,"
                        + " before later subtrees were added; the FDT the next kernel gets is complete)"));
            } else if (out.fdt().isEmpty() && kho.bootedThroughKho()) {
                faults.add(new DebugfsFault(DebugfsFault.Kind.OUT_FDT_MISSING, out.fdtPath() + ": missing (7.2.13 fault:"
                        + " a kernel booted through KHO does not create it; the outgoing FDT exists and is handed over)"));
            }
        });
        kho.in().ifPresent(in -> {
            byte[] luo = in.subtrees().get(KhoAbi.LUO);
            if (luo != null && isStale(luo, in.subtreePath(KhoAbi.LUO))) {
                faults.add(new DebugfsFault(DebugfsFault.Kind.IN_LUO_STALE, in.subtreePath(KhoAbi.LUO)
                        + ": stale (7.2.13 fault: LUO frees this page early in boot, after taking its data, and debugfs"
                        + " still shows the reused page)"));
            }
        });
        return faults;
    }

    /** Not a struct luo_ser at all (a known but different version is not stale). */
    private static boolean isStale(byte[] blob, String source) {
        try {
            LuoDecoder.decode(blob, source);
            return false;
        } catch (FormatException e) {
            return true;
        } catch (org.kexkit.kho.KhoException e) {
            return false;
        }
    }

    private static long totalSize(byte[] fdt) {
        return (fdt[4] & 0xffL) << 24 | (fdt[5] & 0xffL) << 16 | (fdt[6] & 0xffL) << 8 | (fdt[7] & 0xffL);
    }
}
