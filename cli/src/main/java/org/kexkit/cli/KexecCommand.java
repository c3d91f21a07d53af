package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.kexkit.kexec.CommandLineBuilder;
import org.kexkit.kexec.KexecFileLoader;
import org.kexkit.kexec.KexecStatus;
import org.kexkit.kexec.LoadRequest;
import org.kexkit.kexec.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "kexec", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Load or unload a kexec or crash (kdump) kernel, with kexec-tools' option spellings.",
            "Loads use kexec_file_load (-s): the running kernel reads, verifies and places the image.",
            "Quiet on success, like kexec-tools; -d tells what was done."},
        footer = {"", "Examples:",
            "  kexkit kexec -p -s /boot/vmlinuz --initrd=/boot/initrd.img --reuse-cmdline --append='irqpoll nr_cpus=1'",
            "  kexkit kexec -p -u          unload the crash kernel",
            "  kexkit kexec --status --json"})
final class KexecCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--load"}, description = "Load KERNEL to be started later with kexec -e.")
    boolean load;

    @Option(names = {"-p", "--load-panic"}, description = "Load KERNEL as the crash kernel (started on panic);"
            + " with -u, unload the crash kernel.")
    boolean panic;

    @Option(names = {"-u", "--unload"}, description = "Unload the kexec kernel, or with -p the crash kernel.")
    boolean unload;

    @Option(names = {"-e", "--exec"}, description = "Start the loaded kernel now (not implemented yet).")
    boolean exec;

    @Option(names = "--status", description = "Show whether kernels are loaded and the crashkernel= reservation.")
    boolean status;

    @Option(names = "--json", description = "With --status: print one JSON object.")
    boolean json;

    @Option(names = {"-s", "--kexec-file-syscall"}, description = "Use kexec_file_load (required for loads).")
    boolean fileSyscall;

    @Option(names = {"-c", "--kexec-syscall"}, description = "Use kexec_load (not implemented yet).")
    boolean legacySyscall;

    @Option(names = {"--initrd", "--ramdisk"}, paramLabel = "FILE", description = "The initrd to load with KERNEL.")
    Path initrd;

    @Option(names = "--command-line", paramLabel = "TEXT", description = "The new kernel's command line.")
    String commandLine;

    @Option(names = "--reuse-cmdline", description = "Start from /proc/cmdline, without BOOT_IMAGE= and, for -p,"
            + " without crashkernel=.")
    boolean reuseCmdline;

    @Option(names = "--append", paramLabel = "TEXT", description = "Text added at the end of the command line.")
    String append;

    @Option(names = {"-d", "--debug"}, description = "Tell what was loaded, with the command line used.")
    boolean debug;

    @Parameters(arity = "0..1", paramLabel = "KERNEL", description = "The kernel image (bzImage) to load.")
    Path kernel;

    KexecCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (status) {
            if (load || panic || unload || exec || kernel != null) {
                throw usage("--status cannot be combined with -l, -p, -u, -e or a KERNEL");
            }
            printStatus();
            return 0;
        }
        if (json) {
            throw usage("--json is only for --status");
        }
        if (!load && !panic && !unload && !exec) {
            throw usage("nothing to do: use -l or -p to load, -u to unload, --status to show the state");
        }
        if (exec) {
            throw new CommandFailure("starting the loaded kernel (-e, --exec) is not implemented yet");
        }
        if (legacySyscall) {
            throw new CommandFailure("kexec_load (-c, --kexec-syscall) is not implemented yet;"
                    + " use -s (--kexec-file-syscall)");
        }
        KexecFileLoader loader = nativeLoader();
        if (unload) {
            if (load || kernel != null) {
                throw usage("-u takes no KERNEL and no -l; use -u alone, or -p -u for the crash kernel");
            }
            loader.unload(panic);
            debug("unloaded the " + (panic ? "crash" : "kexec") + " kernel");
            return 0;
        }
        return loadKernel(loader);
    }

    private int loadKernel(KexecFileLoader loader) throws Exception {
        if (load && panic) {
            throw usage("-l and -p exclude each other: load either a kexec kernel or a crash kernel");
        }
        if (kernel == null) {
            throw usage((panic ? "-p" : "-l") + " needs a KERNEL to load");
        }
        if (!fileSyscall) {
            throw usage("only kexec_file_load is implemented so far: add -s (--kexec-file-syscall)");
        }
        if (reuseCmdline && commandLine != null) {
            throw usage("--reuse-cmdline and --command-line exclude each other");
        }
        String base = commandLine;
        if (reuseCmdline) {
            try {
                base = CommandLineBuilder.reuse(environment.system().procCmdline(), panic);
            } catch (IOException e) {
                throw new CommandFailure("--reuse-cmdline: cannot read /proc/cmdline: " + ErrorReporter.expectedMessage(e));
            }
        }
        String cmdline = CommandLineBuilder.join(base, append);
        LoadRequest request = new LoadRequest(kernel, Optional.ofNullable(initrd), cmdline, panic);
        loader.load(request);
        debug("loaded " + (panic ? "crash" : "kexec") + " kernel " + kernel
                + (initrd != null ? " with initrd " + initrd : " without initrd")
                + " using kexec_file_load; command line: \"" + cmdline + "\"");
        return 0;
    }

    /** Binds the native calls; a runtime without java.logging or libc cannot, and says so in one line. */
    private KexecFileLoader nativeLoader() {
        try {
            return new KexecFileLoader(environment.syscall().get(), environment.opener().get(), environment.system());
        } catch (LinkageError | UnsupportedOperationException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            if (e.getCause() != null && e.getCause().getMessage() != null) {
                reason += " (" + e.getCause().getMessage() + ")";
            }
            throw new CommandFailure("cannot bind kexec_file_load through jnr-ffi: " + reason);
        }
    }

    private void printStatus() {
        KexecStatus state = environment.system().status();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("kexec_loaded", state.loaded().orElse(null));
            object.put("kexec_crash_loaded", state.crashLoaded().orElse(null));
            object.put("kexec_crash_size", state.crashSize().isPresent() ? state.crashSize().getAsLong() : null);
            out.println(Json.write(object));
            return;
        }
        out.println("kexec kernel loaded: " + yesNo(state.loaded()));
        out.println("crash kernel loaded: " + yesNo(state.crashLoaded()));
        out.println("crash reservation:   " + reservation(state.crashSize()));
    }

    private static String yesNo(Optional<Boolean> value) {
        return value.map(v -> v ? "yes" : "no").orElse("unknown (no kexec support in /sys/kernel)");
    }

    private static String reservation(OptionalLong size) {
        if (size.isEmpty()) {
            return "unknown (/sys/kernel/kexec_crash_size unreadable)";
        }
        return size.getAsLong() == 0 ? "none (boot with crashkernel= to reserve memory)" : Sizes.describe(size.getAsLong());
    }

    private void debug(String message) {
        if (debug) {
            spec.commandLine().getErr().println("kexkit: " + message);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
