package org.kexkit.kexec;

import java.util.Set;

/**
 * Turns the errno of a failed kexec_file_load into one line that says what
 * went wrong and what to do, reading the system files that tell which cause
 * applies (lockdown mode, crashkernel= reservation, kexec_load_disabled).
 */
public final class KexecFailureExplainer {
    /** COMMAND_LINE_SIZE on x86-64 (arch/x86/include/asm/setup.h), NUL included. */
    static final int X86_64_COMMAND_LINE_SIZE = 2048;

    private final KexecSystemReader system;

    public KexecFailureExplainer(KexecSystemReader system) {
        this.system = system;
    }

    /**
     * @param kernelName the kernel file as the user named it (ignored for unloads)
     * @param cmdlineLength bytes of the command line including its NUL, 0 for none
     */
    public String explain(KexecOperation operation, int errno, String kernelName, int cmdlineLength) {
        return explain(operation, errno, kernelName, cmdlineLength, Set.of());
    }

    /**
     * The same for a load that passed optional {@code options}: with EINVAL, the running kernel may
     * not know one of them (kexec_file_load() checks its flags first), which comes first in the line.
     */
    public String explain(KexecOperation operation, int errno, String kernelName, int cmdlineLength,
            Set<KexecFileOption> options) {
        Errno error = Errno.of(errno);
        String prefix = "cannot " + operation.description()
                + (operation.unload() || kernelName == null ? "" : " " + kernelName) + ": kexec_file_load failed with "
                + error.name() + ": ";
        String reason = reason(operation, errno, error, cmdlineLength);
        if (errno == Errno.EINVAL && !options.isEmpty()) {
            return prefix + "the running kernel may not know " + KexecFileOption.describe(options)
                    + " (a kernel answers EINVAL to a flag outside its KEXEC_FILE_FLAGS); otherwise: " + reason;
        }
        return prefix + reason;
    }

    private String reason(KexecOperation operation, int errno, Errno error, int cmdlineLength) {
        switch (errno) {
            case Errno.EPERM:
                return permission();
            case Errno.EKEYREJECTED:
            case Errno.EKEYEXPIRED:
            case Errno.EKEYREVOKED:
                return "the kernel rejected the image's signature (" + error.text() + ")" + SIGNATURE_ADVICE;
            case Errno.ENOKEY:
                return "the image is not signed with a key the running kernel trusts (" + error.text() + ")"
                        + SIGNATURE_ADVICE;
            case Errno.EBADMSG:
            case Errno.ENODATA:
            case Errno.ELIBBAD:
                return "the image is not signed, or its signature cannot be parsed (" + error.text() + ")"
                        + SIGNATURE_ADVICE;
            case Errno.ENOPKG:
                return "the running kernel lacks the crypto algorithm the image's signature uses ("
                        + error.text() + ")";
            case Errno.ENOEXEC:
                return "not a bzImage the running kernel can load (kexec_file_load on x86-64 takes a 64-bit"
                        + " bzImage, not a vmlinux ELF or a compressed vmlinuz.gz)";
            case Errno.ENOSYS:
                return "the running kernel was built without kexec_file_load (CONFIG_KEXEC_FILE)";
            default:
                break;
        }
        if (operation == KexecOperation.LOAD_CRASH && isCrashSpaceError(errno)) {
            return crashSpace(errno, cmdlineLength);
        }
        String text = error.text();
        if (errno == Errno.EINVAL && cmdlineLength > X86_64_COMMAND_LINE_SIZE) {
            return text + ": the command line is " + (cmdlineLength - 1) + " bytes, x86-64 kernels take at most "
                    + (X86_64_COMMAND_LINE_SIZE - 1);
        }
        if (errno == Errno.EBUSY) {
            return text + ": another kexec load or unload is in progress";
        }
        if (errno == Errno.ENOMEM) {
            return text + ": not enough memory to hold the kernel and initrd";
        }
        return text;
    }

    private static final String SIGNATURE_ADVICE =
            "; the running kernel enforces signed kexec images, and kexkit never bypasses signature checks:"
                    + " load a kernel signed with a key in the kernel's keyring";

    private static boolean isCrashSpaceError(int errno) {
        return errno == Errno.EBUSY || errno == Errno.ENOMEM || errno == Errno.EINVAL
                || errno == Errno.EADDRNOTAVAIL;
    }

    private String crashSpace(int errno, int cmdlineLength) {
        StringBuilder text = KexecRefusalText.crashReservation(system,
                "crashkernel= is missing or too small for this kernel and initrd", errno);
        if (errno == Errno.EINVAL && cmdlineLength > X86_64_COMMAND_LINE_SIZE) {
            text.append("; also, the command line is ").append(cmdlineLength - 1)
                    .append(" bytes, x86-64 kernels take at most ").append(X86_64_COMMAND_LINE_SIZE - 1);
        }
        return text.toString();
    }

    private String permission() {
        return KexecRefusalText.permission(system, "which only admits images whose"
                + " signature the kernel verifies, and kexkit never bypasses signature checks;"
                + " otherwise the process lacks CAP_SYS_BOOT", ", or kernel lockdown is active");
    }
}
