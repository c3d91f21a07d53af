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
        BootParams sizing = new BootParams(kernel).e820(e820(CaptureMemoryMap.build(facts.iomem(), List.of(anyPage))));
        SegmentPlan plan = SegmentPlanner.forCrash(regions).plan(kernel, new SegmentSizes(initrd.map(b -> (long) b.length).orElse(0L),
                sizing.sizeLimit(), Purgatory.bundled().segmentSize(), header.size()));

        long headerAt = plan.get(SegmentKind.ELFCOREHDR).mem();
        byte[] elfcorehdr = header.toBytes(headerAt);
        List<E820Entry> map = e820(CaptureMemoryMap.build(facts.iomem(),
                List.of(PhysRange.ofSize(headerAt, plan.get(SegmentKind.ELFCOREHDR).memsz()))));
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
        List<E820Entry> map = firmwareMap(system.firmwareMemmap().orElseThrow(() -> new KexecException(
                "no /sys/firmware/memmap under the system root: the next kernel's memory map cannot be built")));
        String line = cmdline.strip();
        BootParams bootParams = new BootParams(kernel).e820(map).cmdline(line);
        SegmentPlan plan = SegmentPlanner.forNormal(ram).plan(kernel, new SegmentSizes(initrd.map(b -> (long) b.length).orElse(0L),
                bootParams.sizeLimit(), Purgatory.bundled().segmentSize(), 0));
        KexecImage image = KexecImageAssembler.assemble(plan, new ImageParts(kernel, initrd, bootParams, Optional.empty(),
                List.of()), Purgatory.bundled(), false);
        return new KexecLoadPlan(image, line, map, Optional.empty(), List.of(), false, PmemLayout.NONE, List.of());
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
