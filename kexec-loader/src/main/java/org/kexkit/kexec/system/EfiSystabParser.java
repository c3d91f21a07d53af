package org.kexkit.kexec.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kexkit.bin.FormatException;

/** Parses /sys/firmware/efi/systab (KEY=0xADDRESS per line). */
public final class EfiSystabParser {
    private EfiSystabParser() {
    }

    public static EfiSystemTable parse(String text, String source) throws FormatException {
        Map<String, Long> entries = new LinkedHashMap<>();
        for (NumberedLines.Line line : NumberedLines.of(text)) {
            if (line.text().isBlank()) {
                continue;
            }
            int equals = line.text().indexOf('=');
            if (equals <= 0) {
                throw new FormatException(source, line.offset(), "line " + line.number()
                        + ": expected KEY=0xADDRESS, found '" + line.text().strip() + "'");
            }
            String key = line.text().substring(0, equals).strip();
            long value;
            try {
                value = SysfsValues.hex(line.text().substring(equals + 1), source, key);
            } catch (FormatException e) {
                throw new FormatException(source, line.offset(), "line " + line.number() + ": " + e.problem());
            }
            entries.put(key, value);
        }
        return new EfiSystemTable(entries);
    }
}
