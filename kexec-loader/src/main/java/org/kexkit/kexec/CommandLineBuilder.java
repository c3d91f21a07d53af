package org.kexkit.kexec;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of the kernel to load, as kexec-tools does for
 * --reuse-cmdline, --command-line and --append.
 */
public final class CommandLineBuilder {
    private CommandLineBuilder() {
    }

    /**
     * The running kernel's command line made fit for the next kernel: the boot
     * loader's BOOT_IMAGE= is dropped, and for a crash kernel crashkernel= too
     * (the capture kernel must not reserve memory again), as kdump tools do.
     */
    public static String reuse(String procCmdline, boolean crash) {
        List<String> kept = new ArrayList<>();
        for (String word : words(procCmdline)) {
            if (isParameter(word, "BOOT_IMAGE") || (crash && isParameter(word, "crashkernel"))) {
                continue;
            }
            kept.add(word);
        }
        return String.join(" ", kept);
    }

    /** {@code cmdline} without the parameters called one of {@code names} (with or without a value). */
    public static String without(String cmdline, java.util.Collection<String> names) {
        List<String> kept = new ArrayList<>();
        for (String word : words(cmdline)) {
            int eq = word.indexOf('=');
            if (!names.contains(eq < 0 ? word : word.substring(0, eq))) {
                kept.add(word);
            }
        }
        return String.join(" ", kept);
    }

    /** {@code base} followed by {@code append}, separated by one space; either may be empty. */
    public static String join(String base, String append) {
        String first = base == null ? "" : base.strip();
        String second = append == null ? "" : append.strip();
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first : first + " " + second;
    }

    private static boolean isParameter(String word, String name) {
        return word.equals(name) || word.startsWith(name + "=");
    }

    /** Splits at spaces outside double quotes, as the kernel's next_arg() does. */
    static List<String> words(String cmdline) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
