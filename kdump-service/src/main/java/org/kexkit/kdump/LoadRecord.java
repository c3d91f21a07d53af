package org.kexkit.kdump;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.KeyValueLines;

/**
 * What {@code kdump load} loaded, kept in /run (gone with the load at the next boot) for {@code kdump status}:
 * the files, the command line, and the modification times of the config and the initrd at the time.
 */
public record LoadRecord(String release, Path kernel, Path initrd, String cmdline, LoadMethod method, String loadedAt,
        long configMtime, long initrdMtime) {

    public byte[] bytes() {
        return KeyValueLines.write(fields());
    }

    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("release", release);
        m.put("kernel", kernel.toString());
        m.put("initrd", initrd.toString());
        m.put("cmdline", cmdline);
        m.put("method", method.word());
        m.put("loaded_at", loadedAt);
        m.put("config_mtime", Long.toString(configMtime));
        m.put("initrd_mtime", Long.toString(initrdMtime));
        return m;
    }

    public static Optional<LoadRecord> parse(String text) {
        Map<String, String> m = KeyValueLines.parse(text);
        try {
            LoadMethod method = m.get("method").equals("kexec_load") ? LoadMethod.KEXEC_LOAD : LoadMethod.FILE;
            return Optional.of(new LoadRecord(m.get("release"), Path.of(m.get("kernel")), Path.of(m.get("initrd")),
                    m.get("cmdline"), method, m.get("loaded_at"), Long.parseLong(m.get("config_mtime")),
                    Long.parseLong(m.get("initrd_mtime"))));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a record this service wrote: status says unknown
        }
    }
}
