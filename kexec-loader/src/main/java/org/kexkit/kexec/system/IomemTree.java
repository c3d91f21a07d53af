package org.kexkit.kexec.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.PhysRange;

/** /proc/iomem as a tree of {@link IomemEntry}, with look-ups by the names kexec uses. */
public record IomemTree(List<IomemEntry> roots) {
    public IomemTree {
        roots = List.copyOf(roots);
    }

    /** Every entry, parents before their children, in file order. */
    public List<IomemEntry> all() {
        List<IomemEntry> out = new ArrayList<>();
        roots.forEach(e -> addWithChildren(e, out));
        return out;
    }

    /** Entries of one kind at any depth, in file order (kexec-tools reads nested lines too). */
    public List<IomemEntry> ofKind(IomemKind kind) {
        return all().stream().filter(e -> e.kind() == kind).toList();
    }

    public List<PhysRange> rangesOf(IomemKind kind) {
        return ofKind(kind).stream().map(IomemEntry::range).toList();
    }

    /** The "Crash kernel" reservations: none, one, or a low and a high one. */
    public List<PhysRange> crashKernel() {
        return rangesOf(IomemKind.CRASH_KERNEL);
    }

    /** "Kernel code": its start is __pa_symbol(_text). */
    public Optional<PhysRange> kernelCode() {
        return rangesOf(IomemKind.KERNEL_CODE).stream().findFirst();
    }

    private static void addWithChildren(IomemEntry entry, List<IomemEntry> out) {
        out.add(entry);
        entry.children().forEach(child -> addWithChildren(child, out));
    }
}
