package org.kexkit.kexec.sys;

import java.util.function.Supplier;

/**
 * The kernel calls a front end may make, each bound only when first asked for: a command that
 * only reads files never loads native code, and tests swap in fakes.
 */
public record Syscalls(Supplier<KexecFileSyscall> kexecFileLoad, Supplier<FdOpener> open,
        Supplier<KexecLoadSyscall> kexecLoad, Supplier<Reboot> reboot, Supplier<LiveUpdateCalls> liveUpdate) {
    /** The real calls through jnr. */
    public static Syscalls live() {
        return new Syscalls(NativeKexecFileSyscall::new, NativeFdOpener::new, NativeKexecLoadSyscall::new,
                NativeReboot::new, NativeLiveUpdateCalls::new);
    }

    /** The same calls with other /dev/liveupdate and memfd calls. */
    public Syscalls withLiveUpdate(Supplier<LiveUpdateCalls> calls) {
        return new Syscalls(kexecFileLoad, open, kexecLoad, reboot, calls);
    }
}
