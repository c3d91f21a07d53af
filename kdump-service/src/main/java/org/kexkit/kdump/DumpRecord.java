package org.kexkit.kdump;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.KeyValueLines;

/**
 * The result a capture leaves in its dump directory ({@code status}), which the next boot's {@code kexkit kdump
 * status} reads: plain {@code key=value} lines, so a shell in a rescue system reads it too.
 *
 * @param result   ok, or failed (no complete dump)
 * @param dmesg    "ok" or why the log was not written
 * @param dump     "ok" (with what was written) or why the dump failed
 * @param action   the after-action the capture asked its init for
 */
public record DumpRecord(Result result, String directory, String started, String finished, String dumpLevel,
        String compression, String dmesg, String dump, String action) {

    public enum Result { OK, FAILED }

    /** The record as the status file holds it. */
    public byte[] bytes() {
        return KeyValueLines.write(fields());
    }

    /** Field names and values in the file's order (also the JSON object's). */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("result", result == Result.OK ? "ok" : "failed");
        m.put("directory", directory);
        m.put("started", started);
        m.put("finished", finished);
        m.put("dump_level", dumpLevel);
        m.put("compression", compression);
        m.put("dmesg", dmesg);
        m.put("dump", dump);
        m.put("action", action);
        return m;
    }

    /** Reads a status file's text; empty when it is not one (no result line). Unknown keys are skipped. */
    public static Optional<DumpRecord> parse(String text) {
        Map<String, String> m = KeyValueLines.parse(text);
        String result = m.get("result");
        if (result == null || !(result.equals("ok") || result.equals("failed"))) {
            return Optional.empty();
        }
        return Optional.of(new DumpRecord(result.equals("ok") ? Result.OK : Result.FAILED, m.getOrDefault("directory", ""),
                m.getOrDefault("started", ""), m.getOrDefault("finished", ""), m.getOrDefault("dump_level", ""),
                m.getOrDefault("compression", ""), m.getOrDefault("dmesg", ""), m.getOrDefault("dump", ""),
                m.getOrDefault("action", "")));
    }
}
