package org.kexkit.kexec.kho;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.KhoException;
import org.kexkit.kho.KhoGeneration;
import org.kexkit.kho.MemblockDecoder;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.check.OutgoingHandoverReader;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsDir;
import org.kexkit.kho.system.ScratchArea;

/**
 * What a kexec_load image can hand over of the running kernel's KHO state, read from debugfs
 * kho/out. User space cannot learn where the running kernel's root FDT, its blobs or its radix
 * tree are (debugfs shows contents, not addresses), so kexkit copies the blobs that hold no
 * pointers of their own ({@code memblock}: the reserve_mem regions, {@code kexec-metadata}) into
 * a segment and hands over the memory they name; the rest is dropped, each with its reason.
 *
 * @param generation the root's KHO version (kho-v3 or kho-v4: blobs with blob-size, radix tree)
 * @param blobs the subtrees carried over, in debugfs order
 * @param dropped the subtrees not carried over, and why
 * @param regions the reserve_mem regions the memblock subtree names, to preserve as they are
 * @param scratch the running kernel's scratch areas, which the next kernel boots from
 */
public record KhoCarryOver(KhoGeneration generation, List<Blob> blobs, List<Dropped> dropped,
        List<SubtreeContent.ReserveMem> regions, List<ScratchArea> scratch) {
    /** A subtree blob copied as the running kernel would hand it over. */
    public record Blob(String name, byte[] data) {
        public Blob {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** A subtree that does not go over, with one line of reason. */
    public record Dropped(String name, String reason) {
    }

    public KhoCarryOver {
        blobs = List.copyOf(blobs);
        dropped = List.copyOf(dropped);
        regions = List.copyOf(regions);
        scratch = List.copyOf(scratch);
    }

    /** Reads what can go over from the running kernel's kho debugfs view. */
    public static KhoCarryOver of(KhoDebugfs kho) throws KhoException {
        KhoDebugfsDir out = kho.out().orElseThrow(() -> new KhoException(kho.path() + "/out: missing"));
        String version = OutgoingHandoverReader.read(kho).rootVersion();
        KhoGeneration generation = KhoGeneration.of(version).filter(KhoGeneration::blobSizes).orElseThrow(
                () -> new KhoException("the running kernel hands over " + version + "; a kexec_load handover is written"
                        + " only as kho-v3 or kho-v4 (blobs with blob-size, the radix tree)"));
        List<ScratchArea> scratch = kho.scratch().stream().filter(s -> s.size() > 0).toList();
        if (scratch.isEmpty()) {
            throw new KhoException(kho.path() + "/out/scratch_phys: no scratch area, so the next kernel would have no"
                    + " memory it may use early in boot");
        }
        List<Blob> blobs = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        List<SubtreeContent.ReserveMem> regions = new ArrayList<>();
        for (var entry : out.subtrees().entrySet()) {
            String name = entry.getKey();
            byte[] blob = entry.getValue();
            switch (name) {
                case KhoAbi.MEMBLOCK -> {
                    regions.addAll(memblock(blob, out.subtreePath(name)).regions());
                    blobs.add(new Blob(name, blob));
                }
                case KhoAbi.KEXEC_METADATA -> blobs.add(new Blob(name, blob));
                case KhoAbi.LUO -> dropped.add(new Dropped(name, "LUO's sessions go only through kexec_file_load (-s):"
                        + " the kernel writes their address into its own struct luo_ser page at reboot, a page a"
                        + " kexec_load image cannot name"));
                default -> dropped.add(new Dropped(name, "its blob may point at memory kexkit cannot see from user"
                        + " space, so it is not copied"));
            }
        }
        for (SubtreeContent.ReserveMem r : regions) {
            if (r.start() % KhoAbi.RADIX_PAGE_SIZE != 0 || r.size() % KhoAbi.RADIX_PAGE_SIZE != 0 || r.size() <= 0) {
                throw new KhoException(String.format("%s: reserve_mem region %s at 0x%x (0x%x bytes) is not whole pages",
                        out.subtreePath(KhoAbi.MEMBLOCK), r.name(), r.start(), r.size()));
            }
        }
        return new KhoCarryOver(generation, blobs, dropped, regions, scratch);
    }

    /** The reserve_mem regions as ranges. */
    public List<PhysRange> preservedRanges() {
        return regions.stream().map(r -> PhysRange.ofSize(r.start(), r.size())).toList();
    }

    /** The scratch areas as ranges. */
    public List<PhysRange> scratchRanges() {
        return scratch.stream().map(s -> PhysRange.ofSize(s.address(), s.size())).toList();
    }

    private static SubtreeContent.Memblock memblock(byte[] blob, String path) throws KhoException {
        SubtreeContent content;
        try {
            content = MemblockDecoder.decode(FdtReader.read(blob, path).tree());
        } catch (FormatException e) {
            throw new KhoException(e.getMessage());
        }
        if (content instanceof SubtreeContent.Memblock memblock) {
            return memblock;
        }
        throw new KhoException(path + ": " + ((SubtreeContent.NotDecoded) content).reason()
                + "; its regions cannot be handed over");
    }
}
