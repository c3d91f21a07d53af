package org.kexkit.kexec.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysRange;

class CaptureMemoryMapTest {
    @Test
    void crashRegionsAsRamPlusAcpiReservedAndPmem() throws Exception {
        // the elfcorehdr segment at the start of the high region is kept out of the capture kernel's RAM
        List<CaptureMemoryRange> map = CaptureMemoryMap.build(DumpRangesTest.tree(),
                List.of(PhysRange.ofSize(0x170000000L, 0x4000)));
        assertEquals(List.of(
                new CaptureMemoryRange(0, 0x1000, E820Type.RESERVED),
                new CaptureMemoryRange(0x1000, 0x9ec00, E820Type.RAM),
                new CaptureMemoryRange(0xf0000, 0x10000, E820Type.RESERVED),
                new CaptureMemoryRange(0x60000000L, 0x10000000L, E820Type.RAM),
                new CaptureMemoryRange(0x7ff00000L, 0x10000, E820Type.ACPI),
                new CaptureMemoryRange(0x7ff10000L, 0x10000, E820Type.NVS),
                new CaptureMemoryRange(0xb0000000L, 0x10000000L, E820Type.RESERVED),
                new CaptureMemoryRange(0x170004000L, 0xfffc000L, E820Type.RAM),
                new CaptureMemoryRange(0x180000000L, 0x40000000L, E820Type.PMEM),
                new CaptureMemoryRange(0x1c0000000L, 0x20000000L, E820Type.PRAM),
                new CaptureMemoryRange(0x1e0000000L, 0x20000000L, E820Type.PMEM)), map);
        assertEquals(1, E820Type.RAM.code());
        assertEquals(12, E820Type.PRAM.code());
    }

    @Test
    void piecesUnderAPageAreDropped() throws Exception {
        List<CaptureMemoryRange> map = CaptureMemoryMap.build(
                org.kexkit.kexec.system.IomemParser.parse("00100000-3fffffff : System RAM\n  20000000-2fffffff : Crash kernel\n", "iomem"),
                List.of(PhysRange.inclusive(0x20000800, 0x2ffff000L)));
        // 0x20000000-0x200007ff (2 KiB) and 0x2ffff001-0x2fffffff are both under a page
        assertEquals(List.of(), map);
    }

    @Test
    void crashCmaAreasAreCaptureRam() throws Exception {
        // crashkernel=64M crashkernel=128M,cma: the CMA area is in the first kernel's System RAM, not in iomem's
        // "Crash kernel", and the capture kernel gets it whole
        List<CaptureMemoryRange> map = CaptureMemoryMap.build(org.kexkit.kexec.system.IomemParser.parse(
                "00100000-3fffffff : System RAM\n  3c000000-3fffffff : Crash kernel\n", "iomem"),
                List.of(PhysRange.ofSize(0x3c000000L, 0x1000)), List.of(PhysRange.inclusive(0x30000000L, 0x37ffffffL)));
        assertEquals(List.of(new CaptureMemoryRange(0x30000000L, 0x8000000L, E820Type.RAM),
                new CaptureMemoryRange(0x3c001000L, 0x3fff000L, E820Type.RAM)), map);
    }
}
