package org.kexkit.dump.memory;

import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.EntryKind;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * VMCOREINFO together with where its text sits in the vmcore file, so that an
 * inconsistent entry can be reported as {@code FILE: offset 0xHEX: ...} at its line.
 *
 * @param info       the parsed text
 * @param file       the vmcore's name
 * @param textOffset file offset of the VMCOREINFO note's text
 */
public record VmcoreInfoLocation(VmcoreInfo info, String file, long textOffset) {

    /** File offset of the line {@code key=...} (the note's start if the key is absent). */
    public long offsetOf(String key) {
        int at = info.toText().indexOf(key + "=");
        return textOffset + Math.max(at, 0);
    }

    public FormatException error(String key, String problem) {
        return new FormatException(file, offsetOf(key), key + ": " + problem);
    }

    /** A required entry: its value, or a one-line error naming it. */
    public long require(EntryKind kind, String name) throws FormatException {
        OptionalLong v = info.lookup(kind, name);
        if (v.isEmpty()) {
            throw new FormatException(file, textOffset, "VMCOREINFO has no " + kind + "(" + name + ")");
        }
        return v.getAsLong();
    }

    public static String key(EntryKind kind, String name) {
        return kind + "(" + name + ")";
    }
}
