package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.KexecLoadFailureExplainer;
import org.kexkit.kexec.image.KexecLoadFlags;
import org.kexkit.kexec.sys.KexecLoadSyscall;
import org.kexkit.kexec.load.KexecLoadPlan;
import org.kexkit.kexec.load.KexecLoadPlanner;
import org.kexkit.kexec.system.CrashSystemReader;

/** The kexec_load (-c) path of `kexkit kexec`: plan the image, show or write it, and load it. */
final class KexecLoadRunner {
    private final CliEnvironment environment;
    private final Path sysroot;

    KexecLoadRunner(CliEnvironment environment, Path sysroot) {
        this.environment = environment;
        this.sysroot = sysroot;
    }

    KexecLoadPlan plan(Path kernel, Optional<Path> initrd, String cmdline, boolean crash, boolean hotplug)
            throws IOException, FormatException, KexecException {
        BzImage image = BzImage.read(kernel);
        Optional<byte[]> initrdBytes = initrd.isPresent() ? Optional.of(Files.readAllBytes(initrd.get())) : Optional.empty();
        KexecLoadPlanner planner = new KexecLoadPlanner(new CrashSystemReader(sysroot));
        return crash ? planner.crash(image, initrdBytes, cmdline, hotplug) : planner.normal(image, initrdBytes, cmdline);
    }

    void writeElfcorehdr(KexecLoadPlan plan, Path out) throws IOException {
        if (plan.elfcorehdr().isEmpty()) {
            throw new CommandFailure("--elfcorehdr-out: only a crash load (-p) has an ELF core header");
        }
        Files.write(out, plan.elfcorehdr().get());
    }

    void print(KexecLoadPlan plan, PrintWriter out) {
        out.print(plan.describe());
        out.flush();
    }

    /** Hands the image to the kernel; a refusal becomes one line. */
    void load(KexecLoadPlan plan, String kernelName, boolean hotplug) {
        KexecLoadSyscall syscall = bind();
        long flags = KexecLoadFlags.of(plan.crash(), hotplug);
        int errno = syscall.load(plan.image(), flags);
        if (errno != 0) {
            throw new CommandFailure(new KexecLoadFailureExplainer(new KexecSystemReader(environment.root()))
                    .explain(plan.crash(), false, flags, errno, kernelName));
        }
    }

    private KexecLoadSyscall bind() {
        try {
            return environment.loadSyscall().get();
        } catch (LinkageError | UnsupportedOperationException e) {
            throw new CommandFailure("cannot bind kexec_load through jnr-ffi: " + e.getMessage());
        }
    }
}
