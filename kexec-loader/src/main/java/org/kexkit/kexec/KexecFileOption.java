package org.kexkit.kexec;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The kexec_file_load flags a caller may add to a load (include/uapi/linux/kexec.h). A kernel that
 * does not know one answers EINVAL: kexec_file_load() refuses any flag outside its
 * KEXEC_FILE_FLAGS before it reads the image.
 */
public enum KexecFileOption {
    /**
     * KEXEC_FILE_NO_CMA: copy the segments at kexec time instead of placing them in CMA memory
     * (kernel/kexec_file.c, image->no_cma); the kernel took it as legal only after the CMA placement
     * had landed ("kexec: add KEXEC_FILE_NO_CMA as a legal flag").
     */
    NO_CMA(KexecFileFlags.NO_CMA, "KEXEC_FILE_NO_CMA"),
    /** KEXEC_FILE_FORCE_DTB: hand the boot's device tree to the next kernel on x86 (image->force_dtb). */
    FORCE_DTB(KexecFileFlags.FORCE_DTB, "KEXEC_FILE_FORCE_DTB");

    private final long flag;
    private final String kernelName;

    KexecFileOption(long flag, String kernelName) {
        this.flag = flag;
        this.kernelName = kernelName;
    }

    public long flag() {
        return flag;
    }

    /** The uapi name, as the kernel spells it. */
    public String kernelName() {
        return kernelName;
    }

    /** The flags' bits together. */
    public static long flags(Collection<KexecFileOption> options) {
        return options.stream().mapToLong(KexecFileOption::flag).reduce(0, (a, b) -> a | b);
    }

    /** "KEXEC_FILE_NO_CMA (0x10), KEXEC_FILE_FORCE_DTB (0x20)". */
    public static String describe(Collection<KexecFileOption> options) {
        return options.stream().map(o -> o.kernelName + " (0x" + Long.toHexString(o.flag) + ")")
                .collect(Collectors.joining(", "));
    }
}
