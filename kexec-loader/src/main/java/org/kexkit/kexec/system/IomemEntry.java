package org.kexkit.kexec.system;

import java.util.List;
import org.kexkit.bin.PhysRange;

/**
 * One line of /proc/iomem: the range as printed (end inclusive), the name,
 * the nesting depth (two spaces per level), the line number, and the lines
 * nested under it.
 */
public record IomemEntry(PhysRange range, String name, int depth, int line, List<IomemEntry> children) {
    public IomemEntry {
        children = List.copyOf(children);
    }

    public IomemKind kind() {
        return IomemKind.of(name);
    }

    public long start() {
        return range.start();
    }

    /** The last address inside, as /proc/iomem prints it. */
    public long last() {
        return range.last();
    }
}
