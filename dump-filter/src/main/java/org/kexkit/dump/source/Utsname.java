package org.kexkit.dump.source;

import java.util.List;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * The crashed kernel's {@code struct new_utsname} (include/uapi/linux/utsname.h): six char
 * arrays of 65 bytes. makedumpfile copies it from init_uts_ns into the kdump header.
 */
public record Utsname(String sysname, String nodename, String release, String version, String machine,
        String domainname) {
    /** __NEW_UTS_LEN + 1. */
    public static final int FIELD = 65;
    public static final int SIZE = 6 * FIELD;

    /** The six fields in struct order. */
    public List<String> fields() {
        return List.of(sysname, nodename, release, version, machine, domainname);
    }

    public static Utsname read(ByteCursor cursor) throws FormatException {
        String[] f = new String[6];
        for (int i = 0; i < 6; i++) {
            f[i] = cursor.fixedString(FIELD);
        }
        return new Utsname(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    /** From the raw 390 bytes of a {@code struct new_utsname} read out of memory. */
    public static Utsname fromBytes(byte[] raw) throws FormatException {
        return read(ByteCursor.of(raw, "utsname", 0));
    }
}
