package org.kexkit.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.kexec.FdOpener;
import org.kexkit.kexec.KexecFileSyscall;

/** Fake kexec_file_load and open: records calls, returns a chosen errno or throws. */
final class FakeKernel implements KexecFileSyscall, FdOpener {
    final List<String> cmdlines = new ArrayList<>();
    final List<Long> flags = new ArrayList<>();
    int errno;
    RuntimeException failure;

    @Override
    public int kexecFileLoad(int kernelFd, int initrdFd, byte[] cmdline, long flag) {
        if (failure != null) {
            throw failure;
        }
        cmdlines.add(cmdline == null ? null : new String(cmdline, StandardCharsets.UTF_8));
        flags.add(flag);
        return errno;
    }

    @Override
    public int openReadOnly(Path path) {
        return 3;
    }

    @Override
    public void close(int fd) {
    }

    CliEnvironment environment(Path root) {
        return new CliEnvironment(root, () -> this, () -> this);
    }
}
