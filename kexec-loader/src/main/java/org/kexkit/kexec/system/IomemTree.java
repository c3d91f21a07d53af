package org.kexkit.kexec.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.PhysRange;
import org.kexkit.pmem.PmemResource;
import org.kexkit.pmem.PmemResourceKind;

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

    /**
     * The persistent memory, for the pmem layout: each outermost "Persistent Memory" or
     * "Persistent Memory (legacy)" line with the System RAM lines nested inside it (dax kmem).
     */
    public List<PmemResource> pmemResources() {
        List<PmemResource> out = new ArrayList<>();
        for (IomemEntry e : all()) {
            Optional<PmemResourceKind> kind = PmemResourceKind.ofIomemName(e.name());
            if (kind.isEmpty() || out.stream().anyMatch(r -> r.range().contains(e.range()))) {
                continue;
            }
            List<IomemEntry> inside = new ArrayList<>();
            e.children().forEach(c -> addWithChildren(c, inside));
            out.add(new PmemResource(e.range(), kind.get(),
                    inside.stream().filter(c -> c.kind() == IomemKind.SYSTEM_RAM).map(IomemEntry::range).toList()));
        }
        return out;
    }

    private static void addWithChildren(IomemEntry entry, List<IomemEntry> out) {
        out.add(entry);
        entry.children().forEach(child -> addWithChildren(child, out));
    }
}
