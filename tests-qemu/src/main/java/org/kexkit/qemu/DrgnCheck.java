package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens a vmcore with drgn inside the sid root and returns what it saw as key/value pairs. */
public final class DrgnCheck {
    private final SidRoot sid;

    public DrgnCheck(SidRoot sid) {
        this.sid = sid;
    }

    /** @param vmcore a file inside the sid root; @param vmlinux the debug vmlinux inside the root */
    public Map<String, String> inspect(Path vmcore, Path vmlinux, String marker) {
        Path script = vmcore.resolveSibling("drgn-check.py");
        try {
            Files.write(script, GuestInitramfs.resource("drgn-check.py"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.Result r = sid.run(900, "python3", sid.inside(script), sid.inside(vmcore), sid.inside(vmlinux), marker);
        if (r.exitCode() != 0) {
            throw new HarnessException("drgn could not open " + vmcore.getFileName() + ": " + Command.lastLines(r.stderr(), 4));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return seen;
    }
}
