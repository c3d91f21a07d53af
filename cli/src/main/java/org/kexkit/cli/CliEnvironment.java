package org.kexkit.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.sys.Syscalls;

/**
 * What the commands touch outside the JVM: the root of /sys and /proc, the kernel calls, and the
 * binary stdin/stdout. Tests swap in a fake tree, fake calls and other streams. The calls are
 * bound only when a command needs them, so commands that only read files never load native code.
 * {@code stdoutFile} names what stdout is open on ({@code /proc/self/fd/1} under the root) while
 * stdout is the process's own; a stream a test swaps in has none.
 */
public record CliEnvironment(Path root, Syscalls syscalls, Supplier<InputStream> stdin,
        Supplier<OutputStream> stdout, Optional<Path> stdoutFile) {
    public static CliEnvironment live() {
        return of(Path.of("/"), Syscalls.live());
    }

    /** With the process's own stdin and stdout for binary data (makedumpfile -F and -R). */
    public static CliEnvironment of(Path root, Syscalls syscalls) {
        return new CliEnvironment(root, syscalls, () -> System.in, () -> System.out,
                Optional.of(root.resolve("proc/self/fd/1")));
    }

    /** The same environment with other binary streams (tests of -F and -R). */
    public CliEnvironment withStreams(Supplier<InputStream> in, Supplier<OutputStream> out) {
        return new CliEnvironment(root, syscalls, in, out, Optional.empty());
    }

    /** The same environment whose stdout is open on {@code file} (tests of what -F does to it). */
    public CliEnvironment withStdoutFile(Path file) {
        return new CliEnvironment(root, syscalls, stdin, stdout, Optional.of(file));
    }

    /** The same environment with other kernel calls (tests). */
    public CliEnvironment withSyscalls(Syscalls calls) {
        return new CliEnvironment(root, calls, stdin, stdout, stdoutFile);
    }

    public KexecSystemReader system() {
        return new KexecSystemReader(root);
    }
}
