package org.kexkit.kexec.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.system.IomemParser;
import org.kexkit.kexec.system.IomemTree;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PmemDiscovery;
import org.kexkit.pmem.PmemResource;
import org.kexkit.pmem.PmemResourceKind;

class DumpRangesTest {
    static final String IOMEM = """
            00000000-00000fff : Reserved
            00001000-0009fbff : System RAM
            000f0000-000fffff : Reserved
            00100000-7fffffff : System RAM
              01000000-01e01ef1 : Kernel code
              60000000-6fffffff : Crash kernel
            7ff00000-7ff0ffff : ACPI Tables
            7ff10000-7ff1ffff : ACPI Non-volatile Storage
            80000000-8fffffff : GART
            b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]
              b0000000-bfffffff : Reserved
                b0000000-b00fffff : reserved
            100000000-17fffffff : System RAM
              170000000-17fffffff : Crash kernel
            180000000-1bfffffff : Persistent Memory
              180000000-1bfffffff : namespace0.0
            1c0000000-1dfffffff : Persistent Memory (legacy)
            1e0000000-1ffffffff : Persistent Memory
              1f0000000-1ffffffff : dax0.0
                1f0000000-1ffffffff : System RAM (kmem)
            """;

    static IomemTree tree() throws Exception {
        return IomemParser.parse(IOMEM, "/proc/iomem");
    }

    @Test
    void ramMinusLow1MiBCrashRegionsAndGart() throws Exception {
        assertEquals(List.of(
                PhysRange.inclusive(0x100000, 0x5fffffffL),     // split around the low crash region
                PhysRange.inclusive(0x70000000L, 0x7fffffffL),
                PhysRange.inclusive(0x100000000L, 0x16fffffffL), // the high crash region cut from the end
                PhysRange.inclusive(0x1f0000000L, 0x1ffffffffL)), // pmem onlined as RAM is RAM
                DumpRanges.ramToDump(tree()));
    }

    @Test
    void crashCmaAreasAreNotDumped() throws Exception {
        // as the kernel's own header: the capture kernel runs in them, so they hold nothing of the first kernel
        IomemTree tree = IomemParser.parse("00100000-3fffffff : System RAM\n  3c000000-3fffffff : Crash kernel\n", "iomem");
        assertEquals(List.of(PhysRange.inclusive(0x100000, 0x2fffffff), PhysRange.inclusive(0x38000000L, 0x3bffffffL)),
                DumpRanges.ramToDump(tree, List.of(PhysRange.inclusive(0x30000000L, 0x37ffffffL))));
    }

    @Test
    void gartInsideRamIsCutOut() throws Exception {
        IomemTree tree = IomemParser.parse("00100000-3fffffff : System RAM\n  20000000-23ffffff : GART\n", "iomem");
        assertEquals(List.of(PhysRange.inclusive(0x100000, 0x1fffffff), PhysRange.inclusive(0x24000000, 0x3fffffff)),
                DumpRanges.ramToDump(tree));
    }

    @Test
    void pmemResourcesWithTheirRamParts() throws Exception {
        List<PmemResource> pmem = tree().pmemResources();
        assertEquals(List.of(
                new PmemResource(PhysRange.inclusive(0x180000000L, 0x1bfffffffL), PmemResourceKind.PERSISTENT_MEMORY, List.of()),
                new PmemResource(PhysRange.inclusive(0x1c0000000L, 0x1dfffffffL), PmemResourceKind.PERSISTENT_MEMORY_LEGACY,
                        List.of()),
                new PmemResource(PhysRange.inclusive(0x1e0000000L, 0x1ffffffffL), PmemResourceKind.PERSISTENT_MEMORY,
                        List.of(PhysRange.inclusive(0x1f0000000L, 0x1ffffffffL)))), pmem);
        // as PF_DEV loads: legacy pmem too (fsdax runs on it), the part onlined as RAM not
        assertEquals(List.of(PhysRange.inclusive(0x180000000L, 0x1bfffffffL), PhysRange.inclusive(0x1c0000000L, 0x1dfffffffL),
                PhysRange.inclusive(0x1e0000000L, 0x1efffffffL)),
                PmemDiscovery.discover(pmem, NdBus.EMPTY, ns -> Optional.empty()).pmemRanges());
    }

    @Test
    void rangeSubtraction() {
        List<PhysRange> ram = List.of(PhysRange.inclusive(0x1000, 0x9ffff), PhysRange.inclusive(0x100000, 0x1fffff));
        assertEquals(ram, PhysRange.minusAll(ram, List.of(PhysRange.inclusive(0x200000, 0x2fffff))));
        assertEquals(List.of(PhysRange.inclusive(0x100000, 0x1fffff)), PhysRange.minusAll(ram, List.of(DumpRanges.LOW_1M)));
        assertEquals(List.of(PhysRange.inclusive(0x1000, 0x9ffff)),
                PhysRange.minusAll(ram, List.of(PhysRange.inclusive(0x100000, 0x1fffff))));
    }
}
