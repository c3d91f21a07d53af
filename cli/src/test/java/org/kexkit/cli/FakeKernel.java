package org.kexkit.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.kexec.image.Segment;
import org.kexkit.kexec.sys.FdOpener;
import org.kexkit.kexec.sys.KexecFileSyscall;
import org.kexkit.kexec.sys.KexecLoadSyscall;
import org.kexkit.kexec.sys.Reboot;
import org.kexkit.kexec.sys.Syscalls;

/**
 * Fake kexec_file_load, kexec_load, reboot and open: records calls, returns a chosen errno or
 * throws. Every CLI test goes through it, so no test can reach the real system calls.
 */
final class FakeKernel implements KexecFileSyscall, FdOpener, KexecLoadSyscall, Reboot {
    final List<String> cmdlines = new ArrayList<>();
    final List<Long> flags = new ArrayList<>();
    final List<Integer> loadedSegments = new ArrayList<>();
    int errno;
    int reboots;
    RuntimeException failure;

    @Override
    public int kexecLoad(long entry, List<Segment> segments, long flag) {
        flags.add(flag);
        loadedSegments.add(segments.size());
        return errno;
    }

    @Override
    public int kexec() {
        reboots++;
        return errno;
    }

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
        return CliEnvironment.of(root, syscalls());
    }

    /** Every call but LUO's goes here; LUO stays the native binding unless a test swaps it. */
    Syscalls syscalls() {
        return new Syscalls(() -> this, () -> this, () -> this, () -> this, Syscalls.live().liveUpdate());
    }
}
