package org.kexkit.qemu.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A memory size as QEMU's -m and the kernel's crashkernel= write it: "256M", "1G", or MiB without a suffix. */
public final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,7})([MmGg]?)");

    private MemorySize() {}

    /** The size in MiB; IllegalArgumentException naming the text when it is not one or exceeds 1 TiB. */
    public static int mebibytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size like 256M or 1G");
        }
        long n = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("G") ? 1024 : 1);
        if (n <= 0 || n > 1 << 20) {
            throw new IllegalArgumentException("'" + text + "' is out of range (1M to 1024G)");
        }
        return (int) n;
    }

    /** "1G" for whole GiB, else "NM". */
    public static String format(int mib) {
        return mib % 1024 == 0 ? mib / 1024 + "G" : mib + "M";
    }
}
