package org.kexkit.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.kexkit.kexec.FdOpener;
import org.kexkit.kexec.KexecFileSyscall;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.NativeFdOpener;
import org.kexkit.kexec.NativeKexecFileSyscall;

/**
 * What the commands touch outside the JVM: the root of /sys and /proc, and the
 * native kexec and open calls. Tests swap in a fake tree and fake calls. The
 * native parts are created only when a command needs them, so commands that
 * only read files never load native code.
 */
public record CliEnvironment(Path root, Supplier<KexecFileSyscall> syscall, Supplier<FdOpener> opener) {
    public static CliEnvironment live() {
        return new CliEnvironment(Path.of("/"), NativeKexecFileSyscall::new, NativeFdOpener::new);
    }

    public KexecSystemReader system() {
        return new KexecSystemReader(root);
    }
}
