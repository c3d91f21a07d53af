package org.kexkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.source.DumpIdentity;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.kdump.AfterAction;
import org.kexkit.kdump.BlockTargets;
import org.kexkit.kdump.CaptureRun;
import org.kexkit.kdump.DumpStore;
import org.kexkit.kdump.DumpTarget;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpPaths;
import org.kexkit.kdump.LocalStore;
import org.kexkit.kdump.SshStore;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code kexkit kdump capture}: what the capture environment's init runs after a crash. Writes
 * {@code <target>/<host>-<date>/} dmesg.txt, dump and status, keeps the newest dumps, and ends with the line
 * {@code action: WORD} on stdout for the init to act on.
 */
final class KdumpCaptureCommand extends SystemCommand {
    static final String ACTION_PREFIX = "action: ";
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final KdumpConfigOption config = new KdumpConfigOption(spec);
    private final OptionSpec vmcoreOption = Models.option("--vmcore", "FILE", Path.class,
            "The crashed kernel's memory (default /proc/vmcore).").build();
    private final OptionSpec hostOption = Models.option("--host", "NAME", String.class,
            "The host part of the directory name (default: the crashed kernel's node name, else this one's).").build();

    KdumpCaptureCommand() {
        super("Capture the crashed kernel (run by the capture environment's init): in a new directory"
                + " <target>/<host>-<YYYYMMDD-HHMMSS>/ write the kernel log (dmesg.txt) first, then the dump"
                + " (kdump-compressed, mode 0600; an ssh target gets the flattened stream dump.flat) and the result record"
                + " (status), then delete the oldest dump directories beyond kdump.conf's keep.",
            "A UUID= or LABEL= target must be mounted by the init first. A failure is said loudly on stderr and kept in"
                + " the status record for the next boot's 'kexkit kdump status'.",
            "The last line on stdout is 'action: reboot|halt|poweroff|shell' (final_action, or failure_action when the"
                + " dump failed) for the init to carry out. Exit 0 when the dump was written, 1 otherwise.");
        spec.addOption(vmcoreOption).addOption(hostOption);
    }

    @Override
    public Integer call() {
        Path root = sysroot.root(environment);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KdumpConfig settings;
        try {
            settings = config.read(root, "");
        } catch (CommandFailure e) {
            return failed(out, err, "cannot read the settings: " + e.getMessage(), KdumpConfig.defaults().failureAction());
        }
        Path vmcore = vmcoreOption.getValue() != null ? vmcoreOption.<Path>getValue() : root.resolve("proc/vmcore");
        DumpStore store;
        try {
            store = store(root, settings.target());
        } catch (CommandFailure e) {
            return failed(out, err, e.getMessage(), settings.failureAction());
        }
        String host = hostOption.getValue() != null ? hostOption.getValue() : host(root, vmcore);
        out.println("kdump: capturing " + vmcore + " into " + store.describe());
        out.flush();
        CaptureRun.Result result = new CaptureRun(settings, Clock.systemDefaultZone(), KdumpCaptureCommand::wording)
                .run(store, new KdumpCaptureDumper(vmcore, settings, out, err), host);
        for (String old : result.deleted()) {
            out.println("kdump: removed " + old + " (keep " + settings.keep() + ")");
        }
        if (!result.ok()) {
            return failed(out, err, String.join("; ", result.problems()) + "; see " + store.describe() + "/"
                    + result.record().directory(), result.action());
        }
        result.problems().forEach(p -> err.println("kexkit: kdump: warning: " + ErrorReporter.oneLine(p)));
        out.println("kdump: dump written to " + store.describe() + "/" + result.record().directory());
        out.println(ACTION_PREFIX + result.action().word());
        out.flush();
        return 0;
    }

    /** Loud on the console: the capture kernel's console is all anyone sees of it. */
    private static int failed(PrintWriter out, PrintWriter err, String why, AfterAction action) {
        err.println("kexkit: kdump: ************************************************************");
        err.println("kexkit: kdump: DUMP FAILED: " + ErrorReporter.oneLine(why));
        err.println("kexkit: kdump: ************************************************************");
        err.flush();
        out.println(ACTION_PREFIX + action.word());
        out.flush();
        return ErrorReporter.EXIT_FAILURE;
    }

    private static String wording(Exception e) {
        String m = ErrorReporter.expectedMessage(e);
        return m != null ? m : e.toString();
    }

    private DumpStore store(Path root, DumpTarget target) {
        if (target instanceof DumpTarget.LocalPath l) {
            return new LocalStore(KdumpPaths.under(root, l.path()));
        }
        if (target instanceof DumpTarget.Ssh s) {
            return new SshStore(s, SshStore.processes());
        }
        if (target instanceof DumpTarget.BlockDevice b) {
            BlockTargets targets = new BlockTargets(root);
            try {
                BlockTargets.Device device = targets.find(b).orElseThrow(() -> new CommandFailure("target " + b.spec()
                        + ": no block device has that filesystem (is its driver in the capture environment?)"));
                Path mount = targets.mountPoint(device).orElseThrow(() -> new CommandFailure("target " + b.spec() + ": "
                        + device.node() + " is not mounted (the capture environment's init mounts it)"));
                return new LocalStore(KdumpPaths.under(mount, Path.of(b.directory())));
            } catch (java.io.IOException e) {
                throw new CommandFailure("target " + b.spec() + ": " + wording(e));
            }
        }
        throw new CommandFailure("target " + ((DumpTarget.Nfs) target).server() + ": NFS targets are not captured to yet");
    }

    /** The crashed kernel's node name, else this kernel's host name. */
    private static String host(Path root, Path vmcore) {
        try (VmcoreSource source = VmcoreSources.open(vmcore)) {
            String node = DumpIdentity.of(source).utsname().nodename();
            if (!node.isBlank() && !node.equals("(none)")) {
                return node;
            }
        } catch (Exception e) {
            // the dump step reports an unreadable vmcore; the name only needs a fallback
        }
        return Optional.of(KdumpSystem.hostname(root)).filter(h -> !h.isBlank()).orElse("localhost");
    }
}
