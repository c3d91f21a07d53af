package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.kdump.CaptureLoad;
import org.kexkit.kdump.CrashHotplug;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpPaths;
import org.kexkit.kdump.LoadMethod;
import org.kexkit.kdump.LoadRecord;
import org.kexkit.kexec.KexecStatus;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.LoadRequest;
import org.kexkit.kexec.Sizes;
import picocli.CommandLine.Model.OptionSpec;

/** {@code kexkit kdump load}: the capture kernel of kdump.conf, loaded as kexec -p does (the unit runs it at boot). */
final class KdumpLoadCommand extends SystemCommand {
    static final String NOTHING_LOADED = "; nothing loaded";
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final KdumpConfigOption config = new KdumpConfigOption(spec);
    private final OptionSpec dryRun = Models.flag("--dry-run", "Print the kernel, initrd, command line and method; load"
            + " nothing.");

    KdumpLoadCommand() {
        super("Load the capture kernel and environment kdump.conf names, as 'kexkit kexec -p' does: kexec_file_load by"
                + " default, kexec_load with load_method kexec_load (then sized for the kernel to update the crash"
                + " header on hotplug where it can). The command line is the running kernel's without BOOT_IMAGE=,"
                + " crashkernel= and cmdline_remove, followed by cmdline_append.",
            "A bad kdump.conf loads nothing: one line names the file, line and key (exit 1).",
            "What was loaded is recorded in /run/kexkit/kdump-loaded for 'kexkit kdump status'.");
        spec.addOption(dryRun);
    }

    @Override
    public Integer call() throws Exception {
        Path root = sysroot.root(environment);
        KdumpConfig settings = config.read(root, NOTHING_LOADED);
        String release = KdumpSystem.release(root);
        CaptureLoad load = CaptureLoad.of(settings, release, procCmdline(root));
        PrintWriter out = spec.commandLine().getOut();
        if (Models.given(dryRun)) {
            out.println("kernel:  " + load.kernel());
            out.println("initrd:  " + load.initrd());
            out.println("cmdline: " + load.cmdline());
            out.println("method:  " + load.method().word());
            return 0;
        }
        requireFile(KdumpPaths.under(root, load.kernel()), "kernel", "the capture kernel");
        requireFile(KdumpPaths.under(root, load.initrd()), "initrd", "the capture environment");
        KexecStatus system = new KexecSystemReader(root).status();
        OptionalLong reserved = system.crashSize();
        if (reserved.isPresent() && reserved.getAsLong() == 0) {
            throw new CommandFailure("no memory reserved for a capture kernel (/sys/kernel/kexec_crash_size is 0): boot"
                    + " with crashkernel=256M (or more)" + NOTHING_LOADED);
        }
        if (load.method() == LoadMethod.FILE) {
            Bindings.kexecFileLoad(environment).load(new LoadRequest(KdumpPaths.under(root, load.kernel()),
                    Optional.of(KdumpPaths.under(root, load.initrd())), load.cmdline(), true));
        } else {
            KexecContext context = new KexecContext(environment, spec.commandLine(), false, sysroot);
            // sized for the kernel to rewrite the header on hotplug where it can (CONFIG_CRASH_HOTPLUG)
            new KexecLoadRunner(context).loadCrash(KdumpPaths.under(root, load.kernel()),
                    Optional.of(KdumpPaths.under(root, load.initrd())), load.cmdline(),
                    CrashHotplug.read(root).kernelSupports());
        }
        record(root, release, load, config.file(root));
        out.println("kdump: loaded " + load.kernel() + " with " + load.initrd() + " (" + (load.method() == LoadMethod.FILE
                ? "kexec_file_load" : "kexec_load") + ")" + (reserved.isPresent() ? " into "
                + Sizes.describe(reserved.getAsLong()) + " reserved" + KexecStatusAction.cma(system) : ""));
        return 0;
    }

    private static String procCmdline(Path root) {
        try {
            return new KexecSystemReader(root).procCmdline();
        } catch (IOException e) {
            throw new CommandFailure("cannot read /proc/cmdline: " + ErrorReporter.expectedMessage(e) + NOTHING_LOADED);
        }
    }

    private static void requireFile(Path file, String key, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure(file + ": no such file: " + what + " (kdump.conf's " + key + ")" + NOTHING_LOADED);
        }
    }

    private static void record(Path root, String release, CaptureLoad load, Path configFile) throws Exception {
        Path file = root.resolve(KdumpPaths.LOADED);
        Files.createDirectories(file.getParent());
        LoadRecord record = new LoadRecord(release, load.kernel(), load.initrd(), load.cmdline(), load.method(),
                LocalDateTime.now().withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), mtime(configFile),
                mtime(KdumpPaths.under(root, load.initrd())));
        try (SafeOutputFile out = SafeOutputFile.create(file, true)) {
            out.channel().write(java.nio.ByteBuffer.wrap(record.bytes()));
            out.commit();
        }
    }

    static long mtime(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
