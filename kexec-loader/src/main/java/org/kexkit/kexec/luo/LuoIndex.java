package org.kexkit.kexec.luo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * kexkit's table of contents for one LUO session, itself a memfd preserved under token 0: which
 * token holds which NAME, with its size and SHA-256. LUO tokens are bare u64s, so without it the
 * next kernel could not know what a token means. Text, one file per line:
 * <pre>
 * kexkit-luo-index 1
 * TOKEN SIZE SHA256 NAME
 * </pre>
 */
public record LuoIndex(List<Entry> entries) {
    static final String HEADER = "kexkit-luo-index 1";
    /** NAME becomes a file name in the next kernel: no '/', no leading '.', so no "..". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,127}");

    /** One preserved file. */
    public record Entry(long token, long size, String sha256, String name) {
    }

    public LuoIndex {
        entries = List.copyOf(entries);
    }

    /** Whether NAME may be used with --preserve NAME=FILE and restored as DIR/NAME. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public byte[] encode() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            sb.append(e.token()).append(' ').append(e.size()).append(' ').append(e.sha256()).append(' ').append(e.name()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses an index; empty if {@code bytes} is not one (not made by kexkit, or damaged). */
    public static Optional<LuoIndex> parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", 4);
            if (f.length != 4 || !validName(f[3]) || !f[2].matches("[0-9a-f]{64}") || !names.add(f[3])) {
                return Optional.empty();
            }
            try {
                entries.add(new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new LuoIndex(entries));
    }
}
