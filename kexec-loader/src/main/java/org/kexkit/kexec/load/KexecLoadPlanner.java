package org.kexkit.kexec.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.CrashElfHeaderBuilder;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.crash.CaptureMemoryMap;
import org.kexkit.kexec.crash.CaptureMemoryRange;
import org.kexkit.kexec.crash.CrashHeaderFactory;
import org.kexkit.kexec.crash.DumpRanges;
import org.kexkit.kexec.image.BootParams;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.E820Entry;
import org.kexkit.kexec.image.ImageParts;
import org.kexkit.kexec.image.KexecImage;
import org.kexkit.kexec.image.KexecImageAssembler;
import org.kexkit.kexec.image.PlacedSegment;
import org.kexkit.kexec.image.SegmentRequest;
import org.kexkit.kexec.kho.KhoCarryOver;
import org.kexkit.kexec.kho.KhoHandoverLayout;
import org.kexkit.kexec.kho.KhoPlacement;
import org.kexkit.kexec.image.Purgatory;
import org.kexkit.kexec.image.SegmentKind;
import org.kexkit.kexec.image.SegmentPlan;
import org.kexkit.kexec.image.SegmentPlanner;
import org.kexkit.kexec.image.SegmentSizes;
import org.kexkit.kexec.system.CrashSystemFacts;
import org.kexkit.kexec.system.CrashSystemReader;
import org.kexkit.kexec.system.FirmwareMemmapEntry;
import org.kexkit.kexec.system.IomemTree;
import org.kexkit.pmem.PmemLayout;

/**
 * Builds a complete kexec_load image for x86-64 from a bzImage, an initrd, a command line and
 * what the running system says about itself (read under a sysroot, so a load can be prepared
 * offline): crash loads get our ELF core header, a capture memory map and elfcorehdr= on the
 * command line, all inside the crashkernel= region; normal loads go anywhere in System RAM and
 * hand the firmware's memory map on.
 */
public final class KexecLoadPlanner {
    private final CrashSystemReader system;

    public KexecLoadPlanner(CrashSystemReader system) {
        this.system = system;
    }

    /** A crash (panic) load; {@code hotplug} leaves room and digest exemption for kernel rewrites. */
    public KexecLoadPlan crash(BzImage kernel, Optional<byte[]> initrd, String cmdline, boolean hotplug)
            throws IOException, FormatException, KexecException {
        CrashSystemFacts facts = system.readAll();
        List<PhysRange> regions = facts.iomem().crashKernel();
        if (regions.isEmpty()) {
            throw new KexecException("no \"Crash kernel\" range in /proc/iomem"
                    + ": boot the running kernel with crashkernel=SIZE to reserve one");
        }
        List<String> warnings = new ArrayList<>();
        PmemLayout pmem = pmem(facts, warnings);
        CrashElfHeaderBuilder header = CrashHeaderFactory.builder(facts, pmem, hotplug);

        // The zero page's size depends on the number of e820 entries (past 128 they go to
        // setup_data); the elfcorehdr splits the crash region in two at most, wherever it lands.
        PhysRange anyPage = PhysRange.ofSize(regions.get(0).start(), KexecImage.PAGE_SIZE);
        BootParams sizing = new BootParams(kernel).e820(e820(CaptureMemoryMap.build(facts.iomem(), List.of(anyPage),
                facts.crashCmaRanges())));
        SegmentPlan plan = SegmentPlanner.forCrash(regions).plan(kernel, new SegmentSizes(initrd.map(b -> (long) b.length).orElse(0L),
                sizing.sizeLimit(), Purgatory.bundled().segmentSize(), header.size()));

        long headerAt = plan.get(SegmentKind.ELFCOREHDR).mem();
        byte[] elfcorehdr = header.toBytes(headerAt);
        List<E820Entry> map = e820(CaptureMemoryMap.build(facts.iomem(),
                List.of(PhysRange.ofSize(headerAt, plan.get(SegmentKind.ELFCOREHDR).memsz())), facts.crashCmaRanges()));
        // kexec-tools' spelling (crashdump-x86.c): a 1 KiB-aligned address in KiB.
        StringBuilder line = new StringBuilder(cmdline.strip()).append(" elfcorehdr=").append(headerAt >> 10).append('K');
        OptionalLong rsdp = facts.efiSystemTable().map(t -> t.acpiRsdp()).orElse(OptionalLong.empty());
        BootParams bootParams = new BootParams(kernel).e820(map);
        if (rsdp.isPresent()) {
            // An EFI-booted first kernel: the capture kernel gets no EFI runtime, so tell it where ACPI is.
            line.append(" acpi_rsdp=0x").append(Long.toHexString(rsdp.getAsLong()));
            bootParams.acpiRsdp(rsdp.getAsLong());
        }
        String finalLine = line.toString().strip();
        bootParams.cmdline(finalLine);
        KexecImage image = KexecImageAssembler.assemble(plan, new ImageParts(kernel, initrd, bootParams, Optional.of(elfcorehdr),
                List.of()), Purgatory.bundled(), hotplug);
        image.requireInside(regions);
        return new KexecLoadPlan(image, finalLine, map, Optional.of(elfcorehdr), header.programHeaders(headerAt), true, pmem,
                warnings);
    }

    /** A normal load, started later with kexec -e. */
    public KexecLoadPlan normal(BzImage kernel, Optional<byte[]> initrd, String cmdline)
            throws IOException, FormatException, KexecException {
        IomemTree iomem = system.iomem();
        // System RAM without the crash region and without the low 1 MiB (BIOS data, real-mode trampoline).
        List<PhysRange> ram = DumpRanges.ramToDump(iomem);
        List<E820Entry> map = nextMemoryMap(iomem);
        String line = cmdline.strip();
        BootParams bootParams = new BootParams(kernel).e820(map).cmdline(line);
        SegmentPlan plan = SegmentPlanner.forNormal(ram).plan(kernel, new SegmentSizes(initrd.map(b -> (long) b.length).orElse(0L),
                bootParams.sizeLimit(), Purgatory.bundled().segmentSize(), 0));
        KexecImage image = KexecImageAssembler.assemble(plan, new ImageParts(kernel, initrd, bootParams, Optional.empty(),
                List.of()), Purgatory.bundled(), false);
        return new KexecLoadPlan(image, line, map, Optional.empty(), List.of(), false, PmemLayout.NONE, List.of());
    }

    /**
     * A normal load that hands Kexec HandOver state over (what {@code carry} says can go): as
     * kexec_file_load does (kexec_locate_mem_hole() with KHO on), the kernel, initrd, boot_params,
     * purgatory and the scratch array go inside the running kernel's scratch areas, which hold no
     * preserved page and which the next kernel boots from; the root FDT, blobs and radix tree go
     * outside them, clear of the memory handed over, where the next kernel leaves them alone until
     * it has reserved what the tree names. boot_params gets a SETUP_KEXEC_KHO entry.
     */
    public KexecLoadPlan normalWithKho(BzImage kernel, Optional<byte[]> initrd, String cmdline, KhoCarryOver carry)
            throws IOException, FormatException, KexecException {
        IomemTree iomem = system.iomem();
        List<PhysRange> ram = DumpRanges.ramToDump(iomem);
        List<E820Entry> map = nextMemoryMap(iomem);
        List<PhysRange> scratch = new ArrayList<>();
        for (PhysRange area : carry.scratchRanges()) {
            scratch.addAll(PhysRange.minusAll(List.of(area), PhysRange.minusAll(List.of(area), ram)));
        }
        List<PhysRange> preserved = carry.preservedRanges();
        List<PhysRange> cuts = new ArrayList<>(carry.scratchRanges());
        cuts.addAll(preserved);
        KhoHandoverLayout layout = new KhoHandoverLayout(carry);
        PlacedSegment data = place(PhysRange.minusAll(ram, cuts), new SegmentRequest(SegmentKind.KHO_DATA, layout.size(),
                layout.alignment(), 0, Long.MAX_VALUE, true), "outside the KHO scratch areas and the preserved memory");
        byte[] array = layout.scratchArray();
        PlacedSegment arrayAt = place(scratch, new SegmentRequest(SegmentKind.KHO_SCRATCH, array.length,
                KhoHandoverLayout.SCRATCH_ARRAY_ALIGN, 0, Long.MAX_VALUE, true), "in the KHO scratch areas");

        String line = cmdline.strip();
        BootParams bootParams = new BootParams(kernel).e820(map).cmdline(line)
                .addSetupData(layout.setupData(data.mem(), arrayAt.mem()));
        SegmentPlan main = SegmentPlanner.forNormal(PhysRange.minusAll(scratch, List.of(PhysRange.ofSize(arrayAt.mem(),
                arrayAt.memsz())))).plan(kernel, new SegmentSizes(initrd.map(b -> (long) b.length).orElse(0L),
                bootParams.sizeLimit(), Purgatory.bundled().segmentSize(), 0));
        List<PlacedSegment> placed = new ArrayList<>(main.placed());
        placed.add(arrayAt);
        placed.add(data);
        KexecImage image = KexecImageAssembler.assemble(new SegmentPlan(placed), new ImageParts(kernel, initrd, bootParams,
                Optional.empty(), List.of(array, layout.build(data.mem()))), Purgatory.bundled(), false);
        KhoPlacement.requireClear(image.segments(), carry);
        List<String> notes = new ArrayList<>();
        notes.add(String.format("kho: %s root FDT at 0x%x, radix tree of %d blocks; subtrees %s; scratch array at 0x%x"
                + " (%d areas)", carry.generation().compatible(), data.mem(), layout.preserved(data.mem()).size(),
                carry.blobs().stream().map(KhoCarryOver.Blob::name).toList(), arrayAt.mem(), carry.scratch().size()));
        for (var region : carry.regions()) {
            notes.add(String.format("kho: reserve_mem %s 0x%x-0x%x handed over", region.name(), region.start(),
                    region.start() + region.size() - 1));
        }
        List<String> warnings = carry.dropped().stream().map(d -> "kho: subtree " + d.name() + " is not handed over: "
                + d.reason()).toList();
        return new KexecLoadPlan(image, line, map, Optional.empty(), List.of(), false, PmemLayout.NONE, warnings, notes);
    }

    /** One segment alone in {@code ranges}, or one line saying there is no room {@code where}. */
    private static PlacedSegment place(List<PhysRange> ranges, SegmentRequest request, String where)
            throws KexecException {
        if (ranges.isEmpty()) {
            throw new KexecException("no memory " + where + " for the " + request.kind().label() + " segment");
        }
        return SegmentPlanner.forNormal(ranges).place(List.of(request)).placed().get(0);
    }

    /**
     * The pmem the header lists, and why some of it will be all user data in the dump. A pmem
     * sysfs that cannot be read does not stop a crash load: the regions then count as user data.
     */
    private PmemLayout pmem(CrashSystemFacts facts, List<String> warnings) {
        PmemLayout layout;
        try {
            layout = system.pmemLayout(facts.iomem());
        } catch (IOException | FormatException e) {
            layout = org.kexkit.pmem.PmemDiscovery.discover(facts.iomem().pmemResources(), org.kexkit.pmem.NdBus.EMPTY,
                    ns -> Optional.empty());
            warnings.add("pmem: cannot read its namespaces (" + e.getMessage() + "): no pmem metadata will be dumped");
        }
        for (String problem : layout.problems()) {
            warnings.add("pmem: " + problem + "; that namespace is all user data, none of it will be dumped");
        }
        return layout;
    }

    private static List<E820Entry> e820(List<CaptureMemoryRange> ranges) {
        return ranges.stream().map(r -> new E820Entry(r.start(), r.size(), r.type().code())).toList();
    }

    /**
     * The memory map for a normal load: the firmware's (/sys/firmware/memmap), else, on a kernel
     * built without CONFIG_FIRMWARE_MEMMAP, the top level of /proc/iomem, as kexec-tools falls back
     * (kexec/arch/i386/kexec-x86-common.c): RAM, reserved, ACPI and persistent memory ranges.
     */
    private List<E820Entry> nextMemoryMap(IomemTree iomem) throws IOException, FormatException, KexecException {
        Optional<List<FirmwareMemmapEntry>> firmware = system.firmwareMemmap();
        if (firmware.isPresent()) {
            return firmwareMap(firmware.get());
        }
        List<FirmwareMemmapEntry> top = new ArrayList<>();
        for (var entry : iomem.roots()) {
            if (IOMEM_TYPES.contains(entry.name())) {
                top.add(new FirmwareMemmapEntry(top.size(), entry.range(), entry.name()));
            }
        }
        if (top.stream().noneMatch(e -> e.type().equals("System RAM"))) {
            throw new KexecException("no /sys/firmware/memmap and no System RAM in /proc/iomem under the system root: the"
                    + " next kernel's memory map cannot be built");
        }
        return firmwareMap(top);
    }

    /** The top-level /proc/iomem names that are memory map types (e820_type_to_string()). */
    private static final java.util.Set<String> IOMEM_TYPES = java.util.Set.of("System RAM", "Reserved", "ACPI Tables",
            "ACPI Non-volatile Storage", "Persistent Memory", "Persistent Memory (legacy)", "Unusable memory");

    /** /sys/firmware/memmap types as the kernel names them (arch/x86/kernel/e820.c e820_type_to_string). */
    static List<E820Entry> firmwareMap(List<FirmwareMemmapEntry> entries) {
        List<E820Entry> out = new ArrayList<>();
        for (FirmwareMemmapEntry e : entries) {
            int type = switch (e.type()) {
                case "System RAM" -> E820Entry.RAM;
                case "ACPI Tables" -> E820Entry.ACPI;
                case "ACPI Non-volatile Storage" -> E820Entry.NVS;
                case "Persistent Memory" -> E820Entry.PMEM;
                case "Persistent Memory (legacy)" -> E820Entry.PRAM;
                case "Unusable memory" -> 5;
                default -> E820Entry.RESERVED;
            };
            out.add(new E820Entry(e.range().start(), e.range().size(), type));
        }
        return out;
    }
}
