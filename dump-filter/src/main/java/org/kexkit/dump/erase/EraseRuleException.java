package org.kexkit.dump.erase;

import org.kexkit.dump.DumpException;

/** A rule of an erase configuration that cannot be read or applied: one line naming the file and the line. */
public final class EraseRuleException extends DumpException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public EraseRuleException(String file, int line, String problem) {
        super(file + ": line " + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
