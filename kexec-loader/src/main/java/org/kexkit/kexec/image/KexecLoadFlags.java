package org.kexkit.kexec.image;

/** kexec_load flags (include/uapi/linux/kexec.h): low 16 bits flags, high 16 bits the architecture. */
public final class KexecLoadFlags {
    public static final long ON_CRASH = 0x1;
    public static final long PRESERVE_CONTEXT = 0x2;
    /** x86 crash hotplug: the kernel may rewrite the elfcorehdr segment (kexec-tools passes 0x4 on x86). */
    public static final long UPDATE_ELFCOREHDR = 0x4;
    /** KEXEC_ARCH_X86_64 = EM_X86_64 (62) << 16. */
    public static final long ARCH_X86_64 = 62L << 16;

    private KexecLoadFlags() {
    }

    /** Flags for loading an x86-64 image; {@code hotplug} only makes sense with {@code crash}. */
    public static long of(boolean crash, boolean hotplug) {
        return ARCH_X86_64 | (crash ? ON_CRASH : 0) | (hotplug ? UPDATE_ELFCOREHDR : 0);
    }
}
