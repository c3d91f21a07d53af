package org.kexkit.qemu.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kexkit.bin.KeyValueLines;

/**
 * Opens a vmcore with drgn (an independent reader) and returns what it saw as key/value pairs: release,
 * init_task's comm, whether the marker and the sysrq panic are in the log, the tasks, the crashed thread.
 */
public final class DrgnCheck {
    /** Where python3 with drgn runs: on the host, or inside a root directory, whose paths differ from the host's. */
    public interface Python {
        HostCommand.Result run(long timeoutSeconds, List<String> argv);

        /** A host file as that python sees it. */
        String path(Path hostFile);
    }

    /** The host's own python3, PATH's. */
    public static final Python HOST = new Python() {
        @Override
        public HostCommand.Result run(long timeoutSeconds, List<String> argv) {
            List<String> full = new ArrayList<>(List.of("python3"));
            full.addAll(argv);
            return HostCommand.of(full).timeout(timeoutSeconds).run();
        }

        @Override
        public String path(Path hostFile) {
            return hostFile.toAbsolutePath().toString();
        }
    };

    private final Python python;

    public DrgnCheck(Python python) {
        this.python = python;
    }

    /** True when that python imports drgn. */
    public boolean available() {
        try {
            return python.run(60, List.of("-c", "import drgn")).exitCode() == 0;
        } catch (QemuRunException e) {
            return false;
        }
    }

    /**
     * @param vmcore a file that python can see
     * @param vmlinux the kernel's debug vmlinux, or null to let drgn find debug info itself (none: the log and
     *        tasks stay unread and the answer says why)
     */
    public Map<String, String> inspect(Path vmcore, Path vmlinux, String marker) {
        Path script = vmcore.resolveSibling("drgn-check.py");
        try (InputStream in = DrgnCheck.class.getResourceAsStream("drgn-check.py")) {
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostCommand.Result r = python.run(900, List.of(python.path(script), python.path(vmcore),
                vmlinux == null ? "-" : python.path(vmlinux), marker));
        if (r.exitCode() != 0) {
            throw new QemuRunException("drgn could not open " + vmcore.getFileName() + ": " + HostCommand.lastLines(r.stderr(), 4));
        }
        return KeyValueLines.parse(r.stdout());
    }
}
