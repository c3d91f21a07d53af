package org.kexkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.kdump.BlockTargets;
import org.kexkit.kdump.CaptureLoad;
import org.kexkit.kdump.CrashHotplug;
import org.kexkit.kdump.DumpStore;
import org.kexkit.kdump.DumpTarget;
import org.kexkit.kdump.KdumpConfig;
import org.kexkit.kdump.KdumpConfigException;
import org.kexkit.kdump.KdumpConfigFile;
import org.kexkit.kdump.KdumpConfigText;
import org.kexkit.kdump.KdumpPaths;
import org.kexkit.kdump.LastDump;
import org.kexkit.kdump.LocalStore;
import org.kexkit.kdump.SshStore;
import org.kexkit.kdump.LoadRecord;
import org.kexkit.kexec.KexecStatus;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.kexec.Sizes;

/**
 * {@code kexkit kdump status [--json]}: the reservation, what is loaded, whether the capture environment and the
 * load are current against the running kernel and kdump.conf, crash hotplug, and the last capture's result.
 */
final class KdumpStatusCommand extends SystemCommand {
    static final int NOT_READY = 3;
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final KdumpConfigOption config = new KdumpConfigOption(spec);
    private final JsonOutput output = new JsonOutput(spec);

    KdumpStatusCommand() {
        super("Tell whether kdump is ready: the crashkernel= reservation, the capture kernel loaded (and what, from"
                + " /run/kexkit/kdump-loaded), whether the capture environment and the load are older than the running"
                + " kernel or kdump.conf, whether the kernel updates the crash header on CPU and memory hotplug itself,"
                + " and the last capture's result (the status record in the newest dump directory of a local,"
                + " UUID=/LABEL= or ssh target; an ssh target is read with one ssh run to list it and one to read the"
                + " record, with the capture's key and options).",
            "Exit 0 when a capture kernel is loaded and current, 3 when not ready, 1 for a bad kdump.conf.");
    }

    @Override
    public Integer call() throws Exception {
        Path root = sysroot.root(environment);
        Map<String, Object> s = new LinkedHashMap<>();
        Path configFile = config.file(root);
        s.put("config", configFile.toString());
        KdumpConfig settings = null;
        String configError = null;
        try {
            settings = KdumpConfigFile.read(configFile);
        } catch (KdumpConfigException | IOException e) {
            configError = e instanceof KdumpConfigException ? e.getMessage() : configFile + ": cannot read: "
                    + ErrorReporter.expectedMessage((Exception) e);
        }
        s.put("config_error", configError);
        s.put("target", settings == null ? null : KdumpConfigText.target(settings.target()));
        KexecStatus kexec = new KexecSystemReader(root).status();
        s.put("crash_size", kexec.crashSize().isPresent() ? kexec.crashSize().getAsLong() : null);
        s.put("crash_cma_size", kexec.crashCmaSize());
        s.put("crash_cma_ranges", KexecStatusAction.cmaRanges(kexec));
        s.put("crash_loaded", kexec.crashLoaded().orElse(null));
        Optional<LoadRecord> loaded = loadRecord(root);
        s.put("loaded", loaded.map(r -> (Object) new LinkedHashMap<String, Object>(r.fields())).orElse(null));
        String release = KdumpSystem.release(root);
        s.put("release", release);
        List<String> stale = new ArrayList<>();
        if (settings != null) {
            CaptureLoad wanted = CaptureLoad.of(settings, release, cmdline(root));
            Path initrd = KdumpPaths.under(root, wanted.initrd());
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("initrd", wanted.initrd().toString());
            env.put("exists", Files.isRegularFile(initrd));
            long initrdTime = KdumpLoadCommand.mtime(initrd);
            env.put("modified", initrdTime == 0 ? null : time(initrdTime));
            if (!Files.isRegularFile(initrd)) {
                stale.add("the capture environment " + wanted.initrd() + " is missing");
            } else {
                if (KdumpLoadCommand.mtime(configFile) > initrdTime) {
                    stale.add("kdump.conf is newer than the capture environment: rebuild it");
                }
                if (KdumpLoadCommand.mtime(KdumpPaths.under(root, wanted.kernel())) > initrdTime) {
                    stale.add("the kernel " + wanted.kernel() + " is newer than the capture environment: rebuild it");
                }
            }
            s.put("capture_environment", env);
            if (loaded.isPresent()) {
                LoadRecord r = loaded.get();
                if (!r.release().equals(release)) {
                    stale.add("loaded for " + r.release() + ", running " + release + ": reload");
                }
                if (r.configMtime() != KdumpLoadCommand.mtime(configFile)) {
                    stale.add("kdump.conf changed since the load: reload (systemctl restart kexkit-kdump)");
                }
                if (!r.cmdline().equals(wanted.cmdline()) || !r.kernel().equals(wanted.kernel())
                        || !r.initrd().equals(wanted.initrd()) || r.method() != wanted.method()) {
                    stale.add("what is loaded differs from what kdump.conf asks for: reload");
                }
                if (r.initrdMtime() != initrdTime) {
                    stale.add("the capture environment changed since the load: reload");
                }
            }
        }
        s.put("stale", stale);
        CrashHotplug hotplug = CrashHotplug.read(root);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kernel_support", hotplug.kernelSupports());
        h.put("cpu", hotplug.cpu().orElse(null));
        h.put("memory", hotplug.memory().orElse(null));
        h.put("elfcorehdr_size", hotplug.elfcorehdrSize().isPresent() ? hotplug.elfcorehdrSize().getAsLong() : null);
        h.put("reload_on_hotplug", hotplug.needsReload());
        s.put("hotplug", h);
        s.put("last_dump", settings == null ? null : lastDump(root, settings.target()));
        boolean ready = configError == null && kexec.crashLoaded().orElse(false) && stale.isEmpty();
        s.put("ready", ready);
        output.print(() -> KdumpStatusText.write(s), () -> Json.write(s));
        return configError != null ? ErrorReporter.EXIT_FAILURE : ready ? 0 : NOT_READY;
    }

    private static String cmdline(Path root) {
        try {
            return new KexecSystemReader(root).procCmdline();
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<LoadRecord> loadRecord(Path root) throws IOException {
        Path file = root.resolve(KdumpPaths.LOADED);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return LoadRecord.parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
        }
    }

    /** The newest dump's record, or why it cannot be read. */
    private static Map<String, Object> lastDump(Path root, DumpTarget target) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        DumpStore store;
        if (target instanceof DumpTarget.LocalPath l) {
            store = new LocalStore(KdumpPaths.under(root, l.path()));
        } else if (target instanceof DumpTarget.BlockDevice b) {
            BlockTargets targets = new BlockTargets(root);
            Optional<BlockTargets.Device> device = targets.find(b);
            Optional<Path> mount = device.isPresent() ? targets.mountPoint(device.get()) : Optional.empty();
            if (mount.isEmpty()) {
                m.put("unknown", b.spec() + (device.isEmpty() ? " not found" : " (" + device.get().node().getFileName()
                        + ") not mounted"));
                return m;
            }
            store = new LocalStore(KdumpPaths.under(mount.get(), Path.of(b.directory())));
        } else if (target instanceof DumpTarget.Ssh ssh && root.equals(Path.of("/"))) {
            // the running system's own key and known_hosts; a recorded system (--sysroot) is not ssh'd from
            store = new SshStore(ssh, SshStore.processes());
        } else {
            m.put("unknown", target instanceof DumpTarget.Ssh ? "an ssh target is read on the running system only"
                    : "an NFS target is not read by status");
            return m;
        }
        Optional<LastDump.Found> found;
        try {
            found = LastDump.in(store);
        } catch (IOException e) {
            if (store instanceof LocalStore) {
                throw e;
            }
            m.put("unknown", e.getMessage());
            return m;
        }
        if (found.isEmpty()) {
            return null;
        }
        String where = store.describe(found.get().directory());
        m.put("directory", where);
        if (found.get().record().isEmpty()) {
            m.put("result", "unknown");
            m.put("problem", "no status record: the capture stopped before writing it");
        } else {
            m.putAll(found.get().record().get().fields());
            m.put("directory", where); // the path, not the record's name
        }
        return m;
    }

    private static String time(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()).withNano(0).toString();
    }

    static String size(Object bytes) {
        return bytes == null ? "unknown" : Sizes.describe((Long) bytes);
    }
}
