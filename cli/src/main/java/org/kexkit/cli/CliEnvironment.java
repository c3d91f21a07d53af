package org.kexkit.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.kexkit.kexec.sys.FdOpener;
import org.kexkit.kexec.sys.KexecFileSyscall;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.sys.NativeFdOpener;
import org.kexkit.kexec.sys.NativeKexecFileSyscall;
import org.kexkit.kexec.sys.KexecLoadSyscall;
import org.kexkit.kexec.sys.NativeKexecLoadSyscall;
import org.kexkit.kexec.sys.NativeReboot;
import org.kexkit.kexec.sys.Reboot;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import org.kexkit.kexec.sys.NativeLiveUpdateCalls;

/**
 * What the commands touch outside the JVM: the root of /sys and /proc, and the
 * native kexec, open and LUO calls, and the binary stdin/stdout. Tests swap in a fake tree and fake calls. The
 * native parts are created only when a command needs them, so commands that
 * only read files never load native code.
 */
public record CliEnvironment(Path root, Supplier<KexecFileSyscall> syscall, Supplier<FdOpener> opener,
        Supplier<InputStream> stdin, Supplier<OutputStream> stdout, Supplier<KexecLoadSyscall> loadSyscall,
        Supplier<Reboot> reboot, Supplier<LiveUpdateCalls> liveUpdate) {
    /** With the native /dev/liveupdate calls. */
    public CliEnvironment(Path root, Supplier<KexecFileSyscall> syscall, Supplier<FdOpener> opener,
            Supplier<InputStream> stdin, Supplier<OutputStream> stdout, Supplier<KexecLoadSyscall> loadSyscall,
            Supplier<Reboot> reboot) {
        this(root, syscall, opener, stdin, stdout, loadSyscall, reboot, NativeLiveUpdateCalls::new);
    }

    /** With the process's own stdin and stdout for binary data (makedumpfile -F and -R). */
    public CliEnvironment(Path root, Supplier<KexecFileSyscall> syscall, Supplier<FdOpener> opener) {
        this(root, syscall, opener, () -> System.in, () -> System.out);
    }

    /** With the native kexec_load and reboot. */
    public CliEnvironment(Path root, Supplier<KexecFileSyscall> syscall, Supplier<FdOpener> opener,
            Supplier<InputStream> stdin, Supplier<OutputStream> stdout) {
        this(root, syscall, opener, stdin, stdout, NativeKexecLoadSyscall::new, NativeReboot::new);
    }

    /** The same environment with other kexec_load and reboot calls (tests). */
    public CliEnvironment withKexecLoad(Supplier<KexecLoadSyscall> load, Supplier<Reboot> reboot) {
        return new CliEnvironment(root, syscall, opener, stdin, stdout, load, reboot, liveUpdate);
    }

    public static CliEnvironment live() {
        return new CliEnvironment(Path.of("/"), NativeKexecFileSyscall::new, NativeFdOpener::new);
    }

    /** The same environment with other binary streams (tests of -F and -R). */
    public CliEnvironment withStreams(Supplier<InputStream> in, Supplier<OutputStream> out) {
        return new CliEnvironment(root, syscall, opener, in, out, loadSyscall, reboot, liveUpdate);
    }

    /** The same environment with other /dev/liveupdate and memfd calls (tests). */
    public CliEnvironment withLiveUpdate(Supplier<LiveUpdateCalls> calls) {
        return new CliEnvironment(root, syscall, opener, stdin, stdout, loadSyscall, reboot, calls);
    }

    public KexecSystemReader system() {
        return new KexecSystemReader(root);
    }
}
