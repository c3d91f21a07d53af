package org.kexkit.cli;

import java.util.function.Supplier;
import org.kexkit.kexec.KexecFileLoader;
import org.kexkit.kexec.sys.KexecLoadSyscall;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import org.kexkit.kexec.sys.Reboot;

/**
 * Binds the native calls a command needs, when it needs them: a runtime without libc or
 * java.logging cannot, and says so in one line naming the call.
 */
final class Bindings {
    private Bindings() {
    }

    static KexecFileLoader kexecFileLoad(CliEnvironment environment) {
        return bind("kexec_file_load", () -> new KexecFileLoader(environment.syscalls().kexecFileLoad().get(),
                environment.syscalls().open().get(), environment.system()), true);
    }

    static KexecLoadSyscall kexecLoad(CliEnvironment environment) {
        return bind("kexec_load", environment.syscalls().kexecLoad(), false);
    }

    static Reboot reboot(CliEnvironment environment) {
        return bind("reboot", environment.syscalls().reboot(), false);
    }

    static LiveUpdateCalls liveUpdate(CliEnvironment environment) {
        return bind("the /dev/liveupdate calls", environment.syscalls().liveUpdate(), false);
    }

    /** {@code withCause}: kexec_file_load's message has always named the cause too (jffi's missing stub library). */
    private static <T> T bind(String what, Supplier<T> binding, boolean withCause) {
        try {
            return binding.get();
        } catch (LinkageError | UnsupportedOperationException e) {
            String reason = e.getMessage();
            if (withCause) {
                reason = reason != null ? reason : e.getClass().getName();
                if (e.getCause() != null && e.getCause().getMessage() != null) {
                    reason += " (" + e.getCause().getMessage() + ")";
                }
            }
            throw new CommandFailure("cannot bind " + what + " through jnr-ffi: " + reason);
        }
    }
}
