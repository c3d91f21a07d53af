package org.kexkit.kexec.system;

import java.util.HashMap;
import java.util.Map;
import org.kexkit.bin.FormatException;
import org.kexkit.kexec.KexecException;

/**
 * Finds _text, _stext and _end in /proc/kallsyms ("ADDRESS TYPE NAME [module]"
 * per line, kernel/kallsyms.c s_show).
 */
public final class KallsymsParser {
    private KallsymsParser() {
    }

    /**
     * @throws FormatException a line that is not "ADDRESS TYPE NAME", or one of the three symbols missing
     * @throws KexecException  the symbols show address 0: kptr_restrict hides them from this reader
     */
    public static KernelSymbols parse(String text, String source) throws FormatException, KexecException {
        Map<String, Long> found = new HashMap<>();
        for (NumberedLines.Line line : NumberedLines.of(text)) {
            if (line.text().isBlank()) {
                continue;
            }
            String[] fields = line.text().strip().split("\\s+");
            if (fields.length < 3 || fields[1].length() != 1) {
                throw new FormatException(source, line.offset(), "line " + line.number()
                        + ": expected ADDRESS TYPE NAME, found '" + line.text().strip() + "'");
            }
            String name = fields[2];
            if (fields.length == 3 && (name.equals("_text") || name.equals("_stext") || name.equals("_end"))) {
                try {
                    found.putIfAbsent(name, Long.parseUnsignedLong(fields[0], 16));
                } catch (NumberFormatException e) {
                    throw new FormatException(source, line.offset(), "line " + line.number()
                            + ": expected a hex address, found '" + fields[0] + "'");
                }
            }
        }
        for (String name : new String[] {"_text", "_stext", "_end"}) {
            if (!found.containsKey(name)) {
                throw new FormatException(source, text.length(), "expected the symbol " + name + ", found none");
            }
        }
        if (found.get("_text") == 0 && found.get("_end") == 0) {
            throw new KexecException(source + " shows zero addresses: run as root");
        }
        return new KernelSymbols(found.get("_text"), found.get("_stext"), found.get("_end"));
    }
}
