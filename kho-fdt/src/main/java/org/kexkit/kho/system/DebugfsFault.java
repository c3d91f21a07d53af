package org.kexkit.kho.system;

/**
 * A known fault of the Linux 7.2.13 debugfs view of KHO (docs/KHO-ABI.md section 6,
 * the faults of the debugfs view), found in a {@link KhoDebugfs} and told in one line.
 */
public record DebugfsFault(Kind kind, String line) {
    public enum Kind {
        /** kho_init() sizes the out/fdt blob at fs_initcall; later kho_add_subtree() calls grow the FDT. */
        OUT_FDT_TRUNCATED,
        /** kho_init() returns after kho_in_debugfs_init() when there is an incoming FDT. */
        OUT_FDT_MISSING,
        /** luo_early_startup() frees struct luo_ser's page before debugfs exposes in/sub_fdts/LUO. */
        IN_LUO_STALE
    }
}
