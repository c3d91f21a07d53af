package org.kexkit.kexec.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.CrashElfHeaderBuilder;
import org.kexkit.elfcore.NoteLocation;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.kexec.system.CpuCrashNote;
import org.kexkit.kexec.system.CrashSystemFacts;
import org.kexkit.kexec.system.CrashSystemReader;
import org.kexkit.kexec.system.FirmwareMemmapEntry;
import org.kexkit.kexec.system.KernelSymbols;
import org.kexkit.pmem.PmemLayout;

/**
 * The sysroots recorded in QEMU guests (1 GiB, 2 CPUs, crashkernel=256M,
 * nokaslr; see each directory's README) against what their capture kernels
 * showed in /proc/vmcore: vmcore-info-s.txt after the kernel's own
 * kexec_file_load header, vmcore-info-kexec-tools-c.txt after kexec-tools'
 * kexec_load header. /proc/vmcore rewrites p_offset and merges the PT_NOTEs,
 * so PT_LOADs are compared as (type, vaddr, paddr, size).
 */
class QemuSamplesTest {
    private static final Pattern PHDR = Pattern.compile(
            "\\s*\\d+ (PT_\\w+)\\s+0x(\\p{XDigit}+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) 0x(\\p{XDigit}+) \\S+");
    private static final long DIRECT_MAP_5LEVEL_NOKASLR = 0xff11000000000000L;

    record Load(long vaddr, long paddr, long size) {
        static Load of(ProgramHeader ph) {
            return new Load(ph.vaddr(), ph.paddr(), ph.memsz());
        }
    }

    static Path sysroot(String kernel) throws Exception {
        return Path.of(QemuSamplesTest.class.getResource("/sysroot/qemu-" + kernel).toURI());
    }

    /** The PT_LOADs of a `kexkit vmcore info` text report. */
    static Set<Load> loadsIn(Path report) throws Exception {
        Set<Load> loads = new HashSet<>();
        for (String line : Files.readAllLines(report)) {
            Matcher m = PHDR.matcher(line);
            if (m.matches() && m.group(1).equals("PT_LOAD")) {
                loads.add(new Load(Long.parseUnsignedLong(m.group(3), 16), Long.parseUnsignedLong(m.group(4), 16),
                        Long.parseUnsignedLong(m.group(6), 16)));
            }
        }
        assertTrue(loads.size() >= 2, "no PT_LOAD lines found in " + report);
        return loads;
    }

    static CrashSystemFacts facts(String kernel) throws Exception {
        return new CrashSystemReader(sysroot(kernel)).readAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void readerReadsTheRecordedFiles(String kernel) throws Exception {
        CrashSystemFacts facts = facts(kernel);
        assertEquals(List.of(PhysRange.inclusive(0x2e000000L, 0x3dffffffL)), facts.iomem().crashKernel());
        assertEquals(0x1000000, facts.iomem().kernelCode().orElseThrow().start());
        assertEquals(List.of(0, 1), facts.possibleCpus());
        assertEquals(List.of(0, 1), facts.presentCpus());
        assertEquals(List.of(0, 1), facts.cpuCrashNotes().stream().map(CpuCrashNote::cpu).toList());
        assertEquals(OptionalLong.of(256L << 20), facts.crashSize());
        assertTrue(facts.cmdline().contains("crashkernel=256M"), facts.cmdline());
        assertEquals(0xffffffff81000000L, facts.kernelSymbols().text());
        assertEquals(facts.kernelSymbols().text(), facts.kernelSymbols().stext());
        assertEquals(DIRECT_MAP_5LEVEL_NOKASLR, facts.directMapBase());
        assertEquals(Optional.empty(), facts.efiSystemTable(), "the guests boot with SeaBIOS");
        assertEquals(0x1024, facts.vmcoreInfo().orElseThrow().size());
        List<FirmwareMemmapEntry> memmap = facts.firmwareMemmap();
        assertEquals(7, memmap.size());
        assertEquals(new FirmwareMemmapEntry(3, PhysRange.inclusive(0x100000, 0x3ffd9fffL), "System RAM"), memmap.get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void sampleValuesAsRecorded(String kernel) throws Exception {
        CrashSystemFacts facts = facts(kernel);
        if (kernel.equals("7.2")) {
            assertEquals(new NoteLocation(0x4d04000L, 0x1024), facts.vmcoreInfo().orElseThrow());
            assertEquals(new CpuCrashNote(1, new NoteLocation(0x2d339600L, 368)), facts.cpuCrashNotes().get(1));
            assertEquals(new KernelSymbols(0xffffffff81000000L, 0xffffffff81000000L, 0xffffffff84230000L),
                    facts.kernelSymbols());
            assertEquals(OptionalLong.of(917616), facts.crashElfcorehdrSize());
        } else {
            assertEquals(new NoteLocation(0x3ddc000L, 0x1024), facts.vmcoreInfo().orElseThrow());
            assertEquals(0xffffffff83830000L, facts.kernelSymbols().end());
        }
    }

    /**
     * Our header reproduces every PT_LOAD of the kernel's own kexec_file_load
     * header exactly: kernel text (_text, __pa_symbol(_text), _end - _text)
     * and the RAM outside the low 1 MiB and the crash region.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void loadsMatchTheKernelsKexecFileHeader(String kernel) throws Exception {
        CrashElfHeaderBuilder builder = CrashHeaderFactory.builder(facts(kernel), PmemLayout.NONE, false);
        Set<Load> ours = new HashSet<>();
        builder.programHeaders().stream().filter(ProgramHeader::isLoad).forEach(ph -> ours.add(Load.of(ph)));
        assertEquals(loadsIn(sysroot(kernel).resolve("vmcore-info-s.txt")), ours);
    }

    /**
     * kexec-tools' kexec_load header has one PT_LOAD more: 0x1000-0x9fbff, the
     * low RAM it saves through its backup region. We follow the kernel and
     * leave the low 1 MiB out (see DumpRanges); everything else is the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void loadsDifferFromKexecToolsOnlyByTheBackupRegion(String kernel) throws Exception {
        Path report = sysroot(kernel).resolve("vmcore-info-kexec-tools-c.txt");
        Set<Load> kexecTools = loadsIn(report);
        Set<Load> ours = new HashSet<>();
        CrashHeaderFactory.builder(facts(kernel), PmemLayout.NONE, false).programHeaders().stream()
                .filter(ProgramHeader::isLoad).forEach(ph -> ours.add(Load.of(ph)));
        Set<Load> onlyKexecTools = new HashSet<>(kexecTools);
        onlyKexecTools.removeAll(ours);
        assertEquals(Set.of(new Load(DIRECT_MAP_5LEVEL_NOKASLR + 0x1000, 0x1000, 0x9ec00)), onlyKexecTools);
        assertTrue(kexecTools.containsAll(ours));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void notesOnePerCpuThenVmcoreinfo(String kernel) throws Exception {
        CrashSystemFacts facts = facts(kernel);
        List<ProgramHeader> headers = CrashHeaderFactory.builder(facts, PmemLayout.NONE, false).programHeaders();
        assertEquals(List.of(ProgramHeader.PT_NOTE, ProgramHeader.PT_NOTE, ProgramHeader.PT_NOTE, ProgramHeader.PT_LOAD,
                ProgramHeader.PT_LOAD, ProgramHeader.PT_LOAD), headers.stream().map(ProgramHeader::type).toList());
        assertEquals(facts.cpuCrashNotes().get(0).note().paddr(), headers.get(0).paddr());
        assertEquals(headers.get(0).paddr(), headers.get(0).offset());
        assertEquals(facts.vmcoreInfo().orElseThrow().paddr(), headers.get(2).paddr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.2"})
    void hotplugRoomFromCrashElfcorehdrSize(String kernel) throws Exception {
        byte[] bytes = CrashHeaderFactory.builder(facts(kernel), PmemLayout.NONE, true).toBytes();
        assertTrue(bytes.length >= 64 + 917616, "room for the kernel's largest rewrite");
        assertEquals(0, bytes.length % CrashElfHeaderBuilder.HEADER_BUFFER_ALIGN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void captureMemoryMap(String kernel) throws Exception {
        PhysRange elfcorehdr = PhysRange.ofSize(0x2e000000L, 0x4000);
        List<CaptureMemoryRange> map = CaptureMemoryMap.build(facts(kernel).iomem(), List.of(elfcorehdr));
        assertEquals(List.of(
                new CaptureMemoryRange(0, 0x1000, E820Type.RESERVED),
                new CaptureMemoryRange(0x1000, 0x9ec00, E820Type.RAM),
                new CaptureMemoryRange(0x9fc00, 0x400, E820Type.RESERVED),
                new CaptureMemoryRange(0xf0000, 0x10000, E820Type.RESERVED),
                new CaptureMemoryRange(0x2e004000L, 0x10000000L - 0x4000, E820Type.RAM),
                new CaptureMemoryRange(0x3ffda000L, 0x26000, E820Type.RESERVED),
                new CaptureMemoryRange(0xfffc0000L, 0x40000, E820Type.RESERVED),
                new CaptureMemoryRange(0xfd00000000L, 0x300000000L, E820Type.RESERVED)), map);
    }
}
