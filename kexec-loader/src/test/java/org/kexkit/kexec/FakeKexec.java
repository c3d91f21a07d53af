package org.kexkit.kexec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.kexec.sys.FdOpener;
import org.kexkit.kexec.sys.KexecFileSyscall;

/** A kexec_file_load and fd opener that record calls and return a chosen errno. */
final class FakeKexec implements KexecFileSyscall, FdOpener {
    record Call(int kernelFd, int initrdFd, byte[] cmdline, long flags) {
    }

    final List<Call> calls = new ArrayList<>();
    final List<Path> opened = new ArrayList<>();
    final List<Integer> closed = new ArrayList<>();
    int errno;
    private int nextFd = 10;

    @Override
    public int kexecFileLoad(int kernelFd, int initrdFd, byte[] cmdline, long flags) {
        calls.add(new Call(kernelFd, initrdFd, cmdline, flags));
        return errno;
    }

    @Override
    public int openReadOnly(Path path) {
        opened.add(path);
        return nextFd++;
    }

    @Override
    public void close(int fd) {
        closed.add(fd);
    }
}
