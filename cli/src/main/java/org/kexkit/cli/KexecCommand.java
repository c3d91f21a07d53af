package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        description = {"Load, unload or start a kexec or crash (kdump) kernel, with kexec-tools' option spellings.",
            "Loads use kexec_file_load (-s, the default): the running kernel reads, verifies and places the image.",
            "With -c (kexec_load) kexkit builds the image itself: the crash ELF core header, boot_params,",
            "the capture kernel's memory map and a purgatory that checks the segments' SHA-256 before the jump.",
            "While Kexec HandOver is on, -l -s first checks that KERNEL takes the handed-over data",
            "(kexkit kho check) and refuses a kernel that would drop it, unless --force.",
            "Quiet on success, like kexec-tools; -d tells what was done."},
        footer = {"", "Examples:",
            "  kexkit kexec -p -s /boot/vmlinuz --initrd=/boot/initrd.img --reuse-cmdline --append='irqpoll nr_cpus=1'",
            "  kexkit kexec -p -c /boot/vmlinuz --initrd=/boot/initrd.img --append='irqpoll nr_cpus=1' --dry-run",
            "  kexkit kexec -l -c /boot/vmlinuz --reuse-cmdline && kexkit kexec -e",
            "  kexkit kexec -e --preserve data=/var/lib/app/state   then, in the next kernel: kexkit luo restore data",
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

    @Option(names = {"-e", "--exec"}, description = "Start the loaded kexec kernel now (syncs file systems first).")
    boolean exec;

    @Option(names = "--preserve", paramLabel = "NAME=FILE", description = "With -e: hand FILE's contents to the next"
            + " kernel as NAME through a LUO session (/dev/liveupdate, kho=on liveupdate=on; the kernel loaded with -s)."
            + " Restore it there with kexkit luo restore NAME. Repeatable.")
    List<String> preserve = new ArrayList<>();

    @Option(names = "--status", description = "Show whether kernels are loaded and the crashkernel= reservation.")
    boolean status;

    @Option(names = "--json", description = "With --status: print one JSON object.")
    boolean json;

    @Option(names = {"-s", "--kexec-file-syscall"}, description = "Use kexec_file_load (the default).")
    boolean fileSyscall;

    @Option(names = {"-c", "--kexec-syscall"}, description = "Use kexec_load: kexkit builds the segments.")
    boolean legacySyscall;

    @Option(names = "--dry-run", description = "With -c: print the segments, command line, memory map and ELF core"
            + " header that would be loaded, and load nothing.")
    boolean dryRun;

    @Option(names = "--elfcorehdr-out", paramLabel = "FILE", description = "With -p -c: also write the ELF core"
            + " header to FILE (see kexkit elfcore show).")
    Path elfcorehdrOut;

    @Option(names = "--hotplug", description = "With -p -c: size the ELF core header for the kernel to rewrite on CPU or"
            + " memory hotplug (/sys/kernel/crash_elfcorehdr_size), leave it out of the purgatory's digest and pass"
            + " KEXEC_UPDATE_ELFCOREHDR.")
    boolean hotplug;

    @Option(names = "--sysroot", paramLabel = "DIR", description = "With --dry-run: read /proc and /sys from a recorded"
            + " copy of another machine's under DIR.")
    Path sysroot;

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

    @Option(names = "--force", description = "With -l while Kexec HandOver is on: load KERNEL even when the KHO check"
            + " (kexkit kho check) finds it would drop handed-over data, or with -c, which hands nothing over."
            + " (Not kexec-tools' -f.)")
    boolean force;

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
        if (!preserve.isEmpty() && !exec) {
            throw usage("--preserve goes with -e: the files are handed over at the kexec");
        }
        if (!load && !panic && !unload && !exec) {
            throw usage("nothing to do: use -l or -p to load, -u to unload, --status to show the state");
        }
        if (exec) {
            if (load || panic || unload || kernel != null) {
                throw usage("-e starts the kernel loaded before with -l; it takes no KERNEL, -l, -p or -u");
            }
            return execute();
        }
        if (fileSyscall && legacySyscall) {
            throw usage("-s and -c exclude each other: choose kexec_file_load or kexec_load");
        }
        if (sysroot != null && !dryRun) {
            throw usage("--sysroot describes another machine: it only goes with --dry-run");
        }
        if ((dryRun || elfcorehdrOut != null) && !legacySyscall) {
            throw usage("--dry-run and --elfcorehdr-out need -c: with -s the kernel builds the image itself");
        }
        if (unload) {
            if (load || kernel != null) {
                throw usage("-u takes no KERNEL and no -l; use -u alone, or -p -u for the crash kernel");
            }
            nativeLoader().unload(panic);
            debug("unloaded the " + (panic ? "crash" : "kexec") + " kernel");
            return 0;
        }
        if (legacySyscall) {
            return loadWithKexecLoad();
        }
        return loadKernel(nativeLoader());
    }

    private int loadKernel(KexecFileLoader loader) throws Exception {
        String cmdline = commandLine();
        if (!panic) {
            checkHandover();
        }
        LoadRequest request = new LoadRequest(kernel, Optional.ofNullable(initrd), cmdline, panic);
        loader.load(request);
        debug("loaded " + (panic ? "crash" : "kexec") + " kernel " + kernel
                + (initrd != null ? " with initrd " + initrd : " without initrd")
                + " using kexec_file_load; command line: \"" + cmdline + "\"");
        return 0;
    }

    /**
     * kexec -l -s with KHO on: the next kernel must take what this one hands over, or the data is
     * dropped silently after the jump. Refuses (one line naming the subtrees) unless --force.
     */
    private void checkHandover() throws Exception {
        if (!KhoPreflight.active(environment.root())) {
            return;
        }
        KhoPreflight.Outcome outcome;
        try {
            outcome = KhoPreflight.run(environment.root(), kernel);
        } catch (CommandFailure | org.kexkit.bin.FormatException | IOException e) {
            if (force) {
                warn("KHO check not done (" + ErrorReporter.expectedMessage(e) + "); loading anyway (--force)");
                return;
            }
            throw new CommandFailure("cannot check " + kernel + " against Kexec HandOver: "
                    + ErrorReporter.expectedMessage(e) + "; --force loads it anyway");
        }
        for (String w : outcome.result().warnings()) {
            warn(w);
        }
        if (!outcome.result().accepted()) {
            if (!force) {
                throw new CommandFailure(KhoPreflight.refusal(kernel, outcome.result()));
            }
            warn("loading " + kernel + " anyway (--force): " + KhoPreflight.drops(outcome.result()));
        }
        debug("KHO check: " + outcome.result().root().line() + "; " + outcome.result().subtrees().size()
                + " subtrees checked in " + outcome.millis() + " ms");
    }

    private void warn(String message) {
        spec.commandLine().getErr().println("kexkit: warning: " + message);
    }

    /** The new kernel's command line from --command-line / --reuse-cmdline and --append. */
    private String commandLine() {
        if (load && panic) {
            throw usage("-l and -p exclude each other: load either a kexec kernel or a crash kernel");
        }
        if (kernel == null) {
            throw usage((panic ? "-p" : "-l") + " needs a KERNEL to load");
        }
        if (reuseCmdline && commandLine != null) {
            throw usage("--reuse-cmdline and --command-line exclude each other");
        }
        String base = commandLine;
        if (reuseCmdline) {
            try {
                base = CommandLineBuilder.reuse(new org.kexkit.kexec.KexecSystemReader(systemRoot()).procCmdline(), panic);
            } catch (IOException e) {
                throw new CommandFailure("--reuse-cmdline: cannot read /proc/cmdline: " + ErrorReporter.expectedMessage(e));
            }
        }
        return CommandLineBuilder.join(base, append);
    }

    private Path systemRoot() {
        return sysroot != null ? sysroot : environment.root();
    }

    private int loadWithKexecLoad() throws Exception {
        String cmdline = commandLine();
        if (!panic && !dryRun && KhoPreflight.active(environment.root()) && !force) {
            // only kexec_file_load carries KHO (kernel/kexec_file.c calls kho_fill_kimage(); kexec.c does not)
            throw new CommandFailure("refusing to load " + kernel + " with -c while Kexec HandOver is on: kexec_load"
                    + " hands nothing over, so every KHO subtree would be dropped; use -s, or --force");
        }
        KexecLoadRunner runner = new KexecLoadRunner(environment, systemRoot());
        if (hotplug && !panic) {
            throw usage("--hotplug is for crash loads (-p)");
        }
        var plan = runner.plan(kernel, Optional.ofNullable(initrd), cmdline, panic, hotplug);
        plan.warnings().forEach(this::warn);
        if (elfcorehdrOut != null) {
            runner.writeElfcorehdr(plan, elfcorehdrOut);
        }
        if (dryRun) {
            runner.print(plan, spec.commandLine().getOut());
            return 0;
        }
        runner.load(plan, kernel.toString(), hotplug);
        debug("loaded " + (panic ? "crash" : "kexec") + " kernel " + kernel + " using kexec_load, "
                + plan.image().segments().size() + " segments; command line: \"" + plan.cmdline() + "\"");
        return 0;
    }

    /** kexec -e: reboot into the loaded kernel (the reboot syscall syncs and does not return on success). */
    private int execute() throws Exception {
        Optional<Boolean> loaded = environment.system().status().loaded();
        if (loaded.isPresent() && !loaded.get()) {
            throw new CommandFailure("nothing has been loaded: load a kernel with kexkit kexec -l first");
        }
        org.kexkit.kexec.image.Reboot reboot;
        try {
            reboot = environment.reboot().get();
        } catch (LinkageError | UnsupportedOperationException e) {
            throw new CommandFailure("cannot bind reboot through jnr-ffi: " + e.getMessage());
        }
        org.kexkit.kexec.luo.LuoPreserver.Preserved kept = null;
        if (!preserve.isEmpty()) {
            List<org.kexkit.kexec.luo.LuoPreserver.Request> requests;
            try {
                requests = KexecPreserve.parse(preserve);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            kept = KexecPreserve.preserve(environment, requests);
            debug("preserved " + kept.index().entries().size() + " file(s) in LUO session '"
                    + org.kexkit.kexec.luo.LuoPreserver.DEFAULT_SESSION + "'");
        }
        int errno = reboot.kexec();
        if (kept != null) {
            kept.close(); // still here: give the preservation up rather than leave it half-done
        }
        throw new CommandFailure(new org.kexkit.kexec.image.KexecLoadFailureExplainer(environment.system()).explainReboot(errno));
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
