package org.kexkit.kho.check;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kexkit.kho.KhoAbi;

/**
 * The KHO strings a kernel image holds: every NAME-vN version of {@link KhoAbi#VERSION_FAMILIES}
 * and which of the asked-for subtree names it has, each as a whole NUL-terminated string.
 * A kernel that writes or checks a version keeps it as a constant in its data sections.
 */
public record NextKernelStrings(Set<String> versions, Set<String> names) {
    public NextKernelStrings {
        versions = java.util.Collections.unmodifiableSet(new TreeSet<>(versions));
        names = Set.copyOf(names);
    }

    /** One range of bytes to look in (a section of the unpacked vmlinux). */
    public record Region(int offset, int length) {
    }

    public static NextKernelStrings scan(byte[] image, List<Region> regions, Collection<String> names) {
        Set<String> versions = new TreeSet<>();
        Set<String> found = new LinkedHashSet<>();
        for (Region r : regions) {
            int end = Math.min(image.length, r.offset() + r.length());
            versions(image, r.offset(), end, versions);
            for (String name : names) {
                if (contains(image, r.offset(), end, name)) {
                    found.add(name);
                }
            }
        }
        return new NextKernelStrings(versions, found);
    }

    /** The versions of one family ("luo" gives luo-v5, ...). */
    public Set<String> family(String family) {
        Set<String> out = new TreeSet<>();
        for (String v : versions) {
            if (v.startsWith(family + "-v") && v.substring(family.length() + 2).chars().allMatch(Character::isDigit)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Every "-vN\\0" whose front is one of the families, preceded by a non-name byte. */
    private static void versions(byte[] b, int from, int end, Set<String> out) {
        for (int i = from; i + 3 < end; i++) {
            if (b[i] != '-' || b[i + 1] != 'v' || !digit(b[i + 2])) {
                continue;
            }
            int j = i + 2;
            while (j < end && digit(b[j])) {
                j++;
            }
            if (j >= end || b[j] != 0) {
                continue;
            }
            for (String family : KhoAbi.VERSION_FAMILIES) {
                int start = i - family.length();
                if (start >= from && regionMatches(b, start, family) && (start == from || !nameByte(b[start - 1]))) {
                    out.add(new String(b, start, j - start, java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
        }
    }

    static boolean contains(byte[] b, int from, int end, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte first = t[0];
        for (int i = from; i + t.length < end; i++) {
            if (b[i] == first && b[i + t.length] == 0 && (i == from || !nameByte(b[i - 1]))
                    && regionMatches(b, i, text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] b, int at, String text) {
        for (int k = 0; k < text.length(); k++) {
            if (b[at + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** A byte that could continue a name: then the match is the tail of a longer string. */
    private static boolean nameByte(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || digit(c) || c == '-' || c == '_' || c == '.';
    }
}
