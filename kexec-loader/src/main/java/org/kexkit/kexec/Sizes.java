package org.kexkit.kexec;

/** Byte counts for messages. */
public final class Sizes {
    private static final long MIB = 1L << 20;

    private Sizes() {
    }

    /** e.g. {@code 256 MiB (268435456 bytes)} or {@code 1.5 MiB (1572864 bytes)}. */
    public static String describe(long bytes) {
        String mib = bytes % MIB == 0 ? String.valueOf(bytes / MIB)
                : String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MIB);
        return mib + " MiB (" + bytes + " bytes)";
    }
}
