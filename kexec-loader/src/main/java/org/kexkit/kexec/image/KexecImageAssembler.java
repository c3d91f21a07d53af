package org.kexkit.kexec.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills a {@link SegmentPlan} with contents and makes the {@link KexecImage}:
 * the kernel's protected-mode part, the initrd, the elfcorehdr, extra
 * segments, the zero page built at its planned address (with the initrd's
 * address), and last the purgatory, patched with the kernel entry
 * (kernel + 0x200), rsi = boot_params, its own stack, and the digest of all
 * other segments. The kexec entry is the purgatory.
 */
public final class KexecImageAssembler {
    private KexecImageAssembler() {
    }

    /**
     * @param parts contents for every planned segment (initrd/elfcorehdr only if planned,
     *        one extra per planned EXTRA or KHO segment, in plan order); the BootParams' command line must be final
     * @param hotplug KEXEC_UPDATE_ELFCOREHDR will be passed: leave the elfcorehdr out of the digest
     */
    public static KexecImage assemble(SegmentPlan plan, ImageParts parts, Purgatory purgatory, boolean hotplug) {
        List<Segment> segments = new ArrayList<>();
        PlacedSegment kernel = plan.get(SegmentKind.KERNEL);
        segments.add(segment(kernel, parts.kernel().kernel()));
        if (plan.has(SegmentKind.INITRD)) {
            byte[] initrd = parts.initrd().orElseThrow(() -> missing(SegmentKind.INITRD));
            PlacedSegment placed = plan.get(SegmentKind.INITRD);
            parts.bootParams().ramdisk(placed.mem(), initrd.length);
            segments.add(segment(placed, initrd));
        }
        if (plan.has(SegmentKind.ELFCOREHDR)) {
            byte[] header = parts.elfcorehdr().orElseThrow(() -> missing(SegmentKind.ELFCOREHDR));
            // kexec-tools pads the header buffer to ELF_CORE_HEADER_ALIGN (1 KiB)
            byte[] padded = java.util.Arrays.copyOf(header,
                    (int) FreeSpace.alignUp(header.length, SegmentPlanner.ELF_CORE_HEADER_ALIGN));
            segments.add(segment(plan.get(SegmentKind.ELFCOREHDR), padded));
        }
        List<PlacedSegment> extras = plan.placed().stream().filter(p -> p.kind().extra()).toList();
        if (extras.size() != parts.extras().size()) {
            throw new IllegalArgumentException(extras.size() + " extra segments planned, " + parts.extras().size()
                    + " given");
        }
        for (int i = 0; i < extras.size(); i++) {
            segments.add(segment(extras.get(i), parts.extras().get(i)));
        }
        PlacedSegment bootParams = plan.get(SegmentKind.BOOT_PARAMS);
        segments.add(segment(bootParams, parts.bootParams().build(bootParams.mem())));

        SegmentDigest digest = SegmentDigest.of(segments, hotplug);
        PlacedSegment placedPurgatory = plan.get(SegmentKind.PURGATORY);
        if (placedPurgatory.memsz() < purgatory.segmentSize()) {
            throw new IllegalArgumentException("purgatory segment of " + placedPurgatory.memsz()
                    + " bytes planned, it needs " + purgatory.segmentSize());
        }
        PurgatoryParams params = new PurgatoryParams(kernel.mem() + BzImage.STARTUP_64_OFFSET, bootParams.mem(),
                placedPurgatory.mem() + placedPurgatory.memsz(), 0, digest.digest(), digest.regions());
        segments.add(segment(placedPurgatory, purgatory.patched(params)));
        return new KexecImage(placedPurgatory.mem() + Purgatory.ENTRY_OFFSET, segments);
    }

    private static Segment segment(PlacedSegment placed, byte[] data) {
        if (data.length > placed.memsz()) {
            throw new IllegalArgumentException(placed.kind().label() + " has " + data.length + " bytes, only "
                    + placed.memsz() + " were planned");
        }
        return new Segment(placed.kind(), data, placed.mem(), placed.memsz());
    }

    private static IllegalArgumentException missing(SegmentKind kind) {
        return new IllegalArgumentException("a " + kind.label() + " segment was planned but no content given");
    }
}
