package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kexkit.bin.KeyValueLines;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/** Runs pmem-check.py (drgn, in the sid root) on a dump and returns what it saw as key/value pairs. */
public final class PmemCheck {
    private final SidRoot sid;

    public PmemCheck(SidRoot sid) {
        this.sid = sid;
    }

    /** @param dump a file inside the sid root; @param vmlinux the debug vmlinux inside the root */
    public Map<String, String> inspect(Path dump, Path vmlinux, List<String> checks) {
        Path script = dump.resolveSibling("pmem-check.py");
        try {
            Files.write(script, GuestInitramfs.resource("pmem-check.py"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of("python3", sid.inside(script), sid.inside(dump), sid.inside(vmlinux)));
        argv.addAll(checks);
        HostCommand.Result r = sid.run(900, argv.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new QemuRunException("drgn could not read " + dump.getFileName() + ": " + HostCommand.lastLines(r.stderr(), 4));
        }
        return KeyValueLines.parse(r.stdout());
    }
}
