package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The PT_LOAD program headers of a capture kernel's /proc/vmcore, read from the table that
 * `kexkit vmcore info` prints, as a set of (physical start, size) to compare two loaders by.
 * File offsets are left out: /proc/vmcore assigns its own.
 */
public final class ProgramHeaderTable {
    /** One PT_LOAD of /proc/vmcore. */
    public record Load(long paddr, long size, long vaddr) implements Comparable<Load> {
        @Override
        public int compareTo(Load o) {
            return Long.compare(paddr, o.paddr);
        }

        @Override
        public String toString() {
            return String.format("PT_LOAD paddr 0x%x size 0x%x", paddr, size);
        }
    }

    private static final Pattern LOAD = Pattern.compile(
            "^\\s*\\d+\\s+PT_LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)");

    private ProgramHeaderTable() {}

    public static Set<Load> loads(Path vmcoreInfo) {
        Set<Load> loads = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(vmcoreInfo)) {
                Matcher m = LOAD.matcher(line);
                if (m.find()) {
                    loads.add(new Load(Long.parseUnsignedLong(m.group(3), 16), Long.parseUnsignedLong(m.group(4), 16),
                            Long.parseUnsignedLong(m.group(2), 16)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (loads.isEmpty()) {
            throw new QemuRunException(vmcoreInfo + " lists no PT_LOAD program headers");
        }
        return loads;
    }
}
