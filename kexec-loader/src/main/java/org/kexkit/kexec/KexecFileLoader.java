package org.kexkit.kexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.kexec.sys.FdOpener;
import org.kexkit.kexec.sys.KexecFileSyscall;

/**
 * Loads and unloads kernels with kexec_file_load: the kernel reads the
 * image, verifies it where it must, and builds the boot parameters and, for
 * a crash kernel, the ELF core header itself.
 */
public final class KexecFileLoader {
    private final KexecFileSyscall syscall;
    private final FdOpener opener;
    private final KexecFailureExplainer explainer;

    public KexecFileLoader(KexecFileSyscall syscall, FdOpener opener, KexecSystemReader system) {
        this.syscall = syscall;
        this.opener = opener;
        this.explainer = new KexecFailureExplainer(system);
    }

    public void load(LoadRequest request) throws KexecException, IOException {
        requireFile(request.kernel(), "kernel");
        if (request.initrd().isPresent()) {
            requireFile(request.initrd().get(), "initrd");
        }
        byte[] cmdline = withNul(request.cmdline());
        long flags = request.operation().flags() | KexecFileOption.flags(request.options());
        int kernelFd = opener.openReadOnly(request.kernel());
        int initrdFd = -1;
        try {
            if (request.initrd().isPresent()) {
                initrdFd = opener.openReadOnly(request.initrd().get());
            } else {
                flags |= KexecFileFlags.NO_INITRAMFS;
            }
            int errno = syscall.kexecFileLoad(kernelFd, initrdFd, cmdline, flags);
            if (errno != 0) {
                throw new KexecException(explainer.explain(request.operation(), errno,
                        request.kernel().toString(), cmdline.length, request.options()), errno);
            }
        } finally {
            if (initrdFd >= 0) {
                opener.close(initrdFd);
            }
            opener.close(kernelFd);
        }
    }

    /** Unloads the crash or the normal kexec image; unloading when none is loaded succeeds. */
    public void unload(boolean crash) throws KexecException {
        KexecOperation operation = crash ? KexecOperation.UNLOAD_CRASH : KexecOperation.UNLOAD;
        int errno = syscall.kexecFileLoad(-1, -1, null, operation.flags());
        if (errno != 0) {
            throw new KexecException(explainer.explain(operation, errno, null, 0), errno);
        }
    }

    private static void requireFile(Path path, String what) throws KexecException {
        if (!Files.exists(path)) {
            throw new KexecException(what + " " + path + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new KexecException(what + " " + path + ": not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new KexecException(what + " " + path + ": not readable");
        }
    }

    /** cmdline_len counts the terminating NUL; an empty line is just the NUL. */
    private static byte[] withNul(String cmdline) {
        byte[] text = cmdline.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[text.length + 1];
        System.arraycopy(text, 0, result, 0, text.length);
        return result;
    }
}
