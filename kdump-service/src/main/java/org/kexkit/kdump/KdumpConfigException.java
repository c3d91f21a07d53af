package org.kexkit.kdump;

import java.nio.file.Path;
import org.kexkit.bin.OneLine;

/** A kdump.conf line the service cannot take: the file, line and key, and why, in one line ({@link OneLine}). */
public final class KdumpConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;
    private final String key;

    public KdumpConfigException(Path file, int line, String key, String problem) {
        super(OneLine.of(file + ":" + line + ": " + key + ": " + problem));
        this.file = file;
        this.line = line;
        this.key = key;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String key() {
        return key;
    }
}
