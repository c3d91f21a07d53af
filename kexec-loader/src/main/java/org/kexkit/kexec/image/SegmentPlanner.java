package org.kexkit.kexec.image;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.Sizes;

/**
 * Places the segments of a kexec_load image in the memory it may use: the
 * crashkernel= region(s) for a crash load, free System RAM for a normal load.
 * Sizes come first, contents later: the addresses decide the command line
 * (elfcorehdr=), boot_params pointers and the purgatory's parameters.
 *
 * <p>Rules, after kexec-tools' bzImage64 loader and the kernel's checks:
 * mem and memsz page-aligned, no overlap, at most 16 segments; the kernel
 * aligned to kernel_alignment with memsz = max(init_size, kernel part), at
 * or above pref_address (crash loads: inside the region; the region is
 * normally above it anyway); the initrd as high as it
 * goes (below initrd_addr_max unless XLF_CAN_BE_LOADED_ABOVE_4G);
 * boot_params and purgatory at or above 0x3000; the elfcorehdr buffer padded
 * to 1 KiB (ELF_CORE_HEADER_ALIGN).
 */
public final class SegmentPlanner {
    /** kexec-tools places purgatory and the setup data at or above 0x3000 (kexec-bzImage64.c). */
    static final long LOW_LIMIT = 0x3000;
    /** kexec-tools ELF_CORE_HEADER_ALIGN (kexec/crashdump.h). */
    static final long ELF_CORE_HEADER_ALIGN = 1024;

    private final boolean crash;
    private final List<PhysRange> ranges;

    private SegmentPlanner(boolean crash, List<PhysRange> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException(crash ? "no crash kernel region" : "no free System RAM ranges");
        }
        this.crash = crash;
        this.ranges = List.copyOf(ranges);
    }

    /** For kexec_load with KEXEC_ON_CRASH: everything inside the "Crash kernel" region(s). */
    public static SegmentPlanner forCrash(List<PhysRange> crashRegions) {
        return new SegmentPlanner(true, crashRegions);
    }

    /** For a normal kexec_load: anywhere in the given free System RAM. */
    public static SegmentPlanner forNormal(List<PhysRange> freeRam) {
        return new SegmentPlanner(false, freeRam);
    }

    /** The requests for a bzImage load, in the order they are placed. */
    public List<SegmentRequest> requests(BzImage kernel, SegmentSizes sizes) {
        List<SegmentRequest> requests = new ArrayList<>();
        requests.add(kernelRequest(kernel));
        if (sizes.initrd() > 0) {
            long maxEnd = kernel.canBeLoadedAbove4G() ? Long.MAX_VALUE : kernel.initrdAddrMax() + 1;
            requests.add(new SegmentRequest(SegmentKind.INITRD, sizes.initrd(), KexecImage.PAGE_SIZE, 0, maxEnd, true));
        }
        long low = crash ? 0 : LOW_LIMIT;
        if (sizes.elfcorehdr() > 0) {
            long padded = FreeSpace.alignUp(sizes.elfcorehdr(), ELF_CORE_HEADER_ALIGN);
            requests.add(new SegmentRequest(SegmentKind.ELFCOREHDR, padded, KexecImage.PAGE_SIZE, low, Long.MAX_VALUE, false));
        }
        if (sizes.bootParams() > 0) {
            requests.add(new SegmentRequest(SegmentKind.BOOT_PARAMS, sizes.bootParams(), KexecImage.PAGE_SIZE, low,
                    Long.MAX_VALUE, false));
        }
        if (sizes.purgatory() > 0) {
            requests.add(new SegmentRequest(SegmentKind.PURGATORY, sizes.purgatory(), KexecImage.PAGE_SIZE, low,
                    Long.MAX_VALUE, false));
        }
        requests.addAll(sizes.extras());
        return requests;
    }

    /** Places a bzImage load; a non-relocatable kernel must go exactly at pref_address. */
    public SegmentPlan plan(BzImage kernel, SegmentSizes sizes) throws KexecException {
        return place(requests(kernel, sizes));
    }

    /** Places arbitrary requests in order; the first that does not fit ends it with one line naming the sizes. */
    public SegmentPlan place(List<SegmentRequest> requests) throws KexecException {
        if (requests.size() > KexecImage.MAX_SEGMENTS) {
            throw new KexecException(requests.size() + " segments requested, kexec_load takes at most "
                    + KexecImage.MAX_SEGMENTS);
        }
        FreeSpace free = new FreeSpace(ranges);
        List<PlacedSegment> placed = new ArrayList<>();
        for (SegmentRequest request : requests) {
            long memsz = FreeSpace.alignUp(request.size(), KexecImage.PAGE_SIZE);
            long alignment = Math.max(request.alignment(), KexecImage.PAGE_SIZE);
            OptionalLong at = request.topDown()
                    ? free.highest(memsz, alignment, request.min(), request.maxEndExclusive())
                    : free.lowest(memsz, alignment, request.min(), request.maxEndExclusive());
            if (at.isEmpty()) {
                throw new KexecException(doesNotFit(requests, request));
            }
            free.take(at.getAsLong(), memsz);
            placed.add(new PlacedSegment(request.kind(), at.getAsLong(), memsz));
        }
        return new SegmentPlan(placed);
    }

    /*
     * Not below pref_address, for crash loads too: the decompressor
     * (arch/x86/boot/compressed/head_64.S, startup_64) moves a kernel loaded
     * below LOAD_PHYSICAL_ADDR (= pref_address) up to LOAD_PHYSICAL_ADDR and
     * would then run outside its segment, over other segments or, after a
     * crash, over the memory being dumped.
     */
    private static SegmentRequest kernelRequest(BzImage kernel) {
        long memsz = Math.max(kernel.initSize(), kernel.kernelFileSize());
        if (!kernel.relocatable()) {
            // Documentation/arch/x86/boot.rst: a non-relocatable kernel runs only at pref_address.
            return new SegmentRequest(SegmentKind.KERNEL, memsz, KexecImage.PAGE_SIZE, kernel.prefAddress(),
                    kernel.prefAddress() + FreeSpace.alignUp(memsz, KexecImage.PAGE_SIZE), false);
        }
        return new SegmentRequest(SegmentKind.KERNEL, memsz, kernel.kernelAlignment(), kernel.prefAddress(),
                Long.MAX_VALUE, false);
    }

    private String doesNotFit(List<SegmentRequest> requests, SegmentRequest failed) {
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (SegmentRequest request : requests) {
            long memsz = FreeSpace.alignUp(request.size(), KexecImage.PAGE_SIZE);
            total += memsz;
            parts.add(request.kind().label() + " " + Sizes.brief(memsz));
        }
        StringBuilder line = new StringBuilder(where()).append(" cannot hold ").append(String.join(" + ", parts))
                .append(" = ").append(Sizes.brief(total)).append(": no room for the ").append(failed.kind().label());
        if (failed.alignment() > KexecImage.PAGE_SIZE) {
            line.append(" (aligned to ").append(Sizes.brief(failed.alignment())).append(")");
        }
        if (failed.min() > 0) {
            line.append(" at or above 0x").append(Long.toHexString(failed.min()));
        }
        if (failed.maxEndExclusive() != Long.MAX_VALUE) {
            line.append(" below 0x").append(Long.toHexString(failed.maxEndExclusive()));
        }
        if (crash) {
            line.append("; boot with a larger crashkernel=");
        }
        return line.toString();
    }

    private String where() {
        if (crash) {
            return (ranges.size() == 1 ? "crash region " : "crash regions ")
                    + ranges.stream().map(SegmentPlanner::describe).collect(Collectors.joining(", "));
        }
        PhysRange largest = ranges.stream().max((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
        return "free System RAM (" + ranges.size() + " range" + (ranges.size() == 1 ? "" : "s") + ", largest "
                + describe(largest) + ")";
    }

    /** As /proc/iomem writes it (inclusive end) with the size, e.g. {@code 0x2f000000-0x3effffff (256 MiB)}. */
    static String describe(PhysRange range) {
        return range + " (" + Sizes.brief(range.size()) + ")";
    }
}
