package org.kexkit.kexec;

/** Flags of kexec_file_load(2) (include/uapi/linux/kexec.h). */
public final class KexecFileFlags {
    /** KEXEC_FILE_UNLOAD: unload the image instead of loading one. */
    public static final long UNLOAD = 0x1;
    /** KEXEC_FILE_ON_CRASH: the image is the crash kernel, placed in the crashkernel= reservation. */
    public static final long ON_CRASH = 0x2;
    /** KEXEC_FILE_NO_INITRAMFS: there is no initrd; initrd_fd is ignored. */
    public static final long NO_INITRAMFS = 0x4;
    /** KEXEC_FILE_NO_CMA: place no segment in CMA memory (see {@link KexecFileOption#NO_CMA}). */
    public static final long NO_CMA = 0x10;
    /** KEXEC_FILE_FORCE_DTB: carry the boot's device tree over on x86 (see {@link KexecFileOption#FORCE_DTB}). */
    public static final long FORCE_DTB = 0x20;

    private KexecFileFlags() {
    }
}
