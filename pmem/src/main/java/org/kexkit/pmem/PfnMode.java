package org.kexkit.pmem;

import java.util.Optional;

/**
 * Where a pfn or dax device keeps its struct page array, as nd_pfn_sb.mode records it
 * (drivers/nvdimm/nd.h enum nd_pfn_mode; the sysfs {@code mode} attribute of pfnX.Y/daxX.Y prints
 * "none", "ram", "pmem"; ndctl's --map=mem and --map=dev choose RAM and PMEM).
 */
public enum PfnMode {
    /** PFN_MODE_NONE = 0: no memmap; an info block never records it. */
    NONE(0, "none"),
    /** PFN_MODE_RAM = 1: the memmap is in System RAM (ndctl --map=mem). */
    RAM(1, "ram"),
    /** PFN_MODE_PMEM = 2: the memmap is on the device, before the data (ndctl --map=dev). */
    PMEM(2, "pmem");

    private final int value;
    private final String sysfsName;

    PfnMode(int value, String sysfsName) {
        this.value = value;
        this.sysfsName = sysfsName;
    }

    /** The nd_pfn_sb.mode value. */
    public int value() {
        return value;
    }

    /** As the pfn device's sysfs {@code mode} attribute prints it (pfn_devs.c mode_show). */
    public String sysfsName() {
        return sysfsName;
    }

    public static Optional<PfnMode> ofValue(long value) {
        for (PfnMode m : values()) {
            if (m.value == value) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static Optional<PfnMode> ofSysfs(String text) {
        for (PfnMode m : values()) {
            if (m.sysfsName.equals(text.strip())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
