package org.kexkit.qemu;

import java.util.HashMap;
import java.util.Map;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Debian sid programs for the guest, with sid's loader and the libraries ldd names in the sid
 * root, as files under opt/sid (bin/ and lib/): they never mix with the host libraries the JVM
 * uses. Run in the guest as {@link #COMMAND_PREFIX} followed by /opt/sid/bin/NAME.
 */
public final class SidPrograms {
    static final String SID_LOADER = "/lib64/ld-linux-x86-64.so.2";
    /** How the guest starts a carried program: sid's loader with sid's libraries. */
    public static final String COMMAND_PREFIX = "/opt/sid/lib/ld-linux-x86-64.so.2 --library-path /opt/sid/lib";

    private SidPrograms() {}

    /** Guest path -> host file for the programs (absolute paths inside the sid root) and what they link. */
    public static Map<String, java.nio.file.Path> files(SidRoot sid, String... programs) {
        Map<String, java.nio.file.Path> files = new HashMap<>();
        files.put("opt/sid/lib/ld-linux-x86-64.so.2", sid.hostFile(SID_LOADER));
        for (String program : programs) {
            HostCommand.Result ldd = sid.run(60, "ldd", program);
            if (ldd.exitCode() != 0) {
                throw new QemuRunException("ldd " + program + " in the sid root failed: " + ldd.stderr());
            }
            files.put("opt/sid/bin/" + java.nio.file.Path.of(program).getFileName(), sid.hostFile(program));
            for (String line : ldd.stdout().split("\n")) {
                String t = line.strip();
                int arrow = t.indexOf("=> /");
                if (arrow < 0) {
                    continue;
                }
                String name = t.substring(0, arrow).strip();
                String path = t.substring(arrow + 3).replaceAll(" \\(0x[0-9a-f]+\\)$", "").strip();
                files.put("opt/sid/lib/" + name, sid.hostFile(path));
            }
        }
        return files;
    }

    /** The guest command line that runs carried program NAME. */
    public static String command(String name) {
        return COMMAND_PREFIX + " /opt/sid/bin/" + name;
    }
}
