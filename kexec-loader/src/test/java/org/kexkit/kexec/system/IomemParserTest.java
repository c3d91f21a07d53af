package org.kexkit.kexec.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.KexecException;

class IomemParserTest {
    /** A handmade map with what kexec-tools looks for, incl. a low and a high crash region, pmem and GART. */
    static final String IOMEM = """
            00000000-00000fff : Reserved
            00001000-0009fbff : System RAM
            000f0000-000fffff : Reserved
              000f0000-000fffff : System ROM
            00100000-7fffffff : System RAM
              01000000-01e01ef1 : Kernel code
              02a00000-02c45dff : Kernel data
              032b1000-037fffff : Kernel bss
              60000000-6fffffff : Crash kernel
            7ff00000-7ff0ffff : ACPI Tables
            7ff10000-7ff1ffff : ACPI Non-volatile Storage
            80000000-8fffffff : GART
            b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]
              b0000000-bfffffff : reserved
            100000000-17fffffff : System RAM
              170000000-17fffffff : Crash kernel
            180000000-1bfffffff : Persistent Memory
              180000000-1bfffffff : namespace0.0
            1c0000000-1dfffffff : Persistent Memory (legacy)
            """;

    static IomemTree tree() throws Exception {
        return IomemParser.parse(IOMEM, "/proc/iomem");
    }

    @Test
    void buildsTheTreeWithDepths() throws Exception {
        IomemTree tree = tree();
        assertEquals(11, tree.roots().size());
        IomemEntry ram = tree.roots().get(3);
        assertEquals(PhysRange.inclusive(0x100000, 0x7fffffffL), ram.range());
        assertEquals("System RAM", ram.name());
        assertEquals(0, ram.depth());
        assertEquals(5, ram.line());
        assertEquals(4, ram.children().size());
        assertEquals(1, ram.children().get(3).depth());
        assertEquals(IomemKind.CRASH_KERNEL, ram.children().get(3).kind());
        assertEquals(19, tree.all().size());
    }

    @Test
    void namedRangesKexecUses() throws Exception {
        IomemTree tree = tree();
        assertEquals(List.of(PhysRange.inclusive(0x60000000L, 0x6fffffffL), PhysRange.inclusive(0x170000000L, 0x17fffffffL)),
                tree.crashKernel());
        assertEquals(PhysRange.inclusive(0x1000000, 0x1e01ef1), tree.kernelCode().orElseThrow());
        assertEquals(3, tree.rangesOf(IomemKind.SYSTEM_RAM).size());
        assertEquals(1, tree.rangesOf(IomemKind.KERNEL_DATA).size());
        assertEquals(1, tree.rangesOf(IomemKind.KERNEL_BSS).size());
        assertEquals(3, tree.rangesOf(IomemKind.RESERVED).size(), "'Reserved' and nested 'reserved'");
        assertEquals(1, tree.rangesOf(IomemKind.ACPI_TABLES).size());
        assertEquals(1, tree.rangesOf(IomemKind.ACPI_NVS).size());
        assertEquals(1, tree.rangesOf(IomemKind.GART).size());
        assertEquals(List.of(PhysRange.inclusive(0x180000000L, 0x1bfffffffL)), tree.rangesOf(IomemKind.PERSISTENT_MEMORY));
        assertEquals(1, tree.rangesOf(IomemKind.PERSISTENT_MEMORY_LEGACY).size());
        assertEquals(IomemKind.SYSTEM_RAM, IomemKind.of("System RAM (kmem)"));
        assertEquals(IomemKind.OTHER, IomemKind.of("System ROM"));
    }

    @Test
    void zeroAddressesMeanNotRoot() {
        String hidden = "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n  00000000-00000000 : Kernel code\n";
        KexecException e = assertThrows(KexecException.class, () -> IomemParser.parse(hidden, "/proc/iomem"));
        assertEquals("/proc/iomem shows zero addresses: run as root", e.getMessage());
    }

    @Test
    void malformedLineNamesFileLineAndOffset() {
        String text = "00000000-00000fff : Reserved\n00001000 0009fbff System RAM\n";
        FormatException e = assertThrows(FormatException.class, () -> IomemParser.parse(text, "/proc/iomem"));
        assertEquals("/proc/iomem: offset 0x1d: line 2: expected START-END : NAME, found '00001000 0009fbff System RAM'",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void endBelowStartIsAnError() {
        FormatException e = assertThrows(FormatException.class,
                () -> IomemParser.parse("00002000-00001000 : System RAM\n", "/proc/iomem"));
        assertEquals("/proc/iomem: offset 0x0: line 1: range end 00001000 is below its start 00002000", e.getMessage());
    }

    @Test
    void emptyFileIsAnEmptyTree() throws Exception {
        assertEquals(List.of(), IomemParser.parse("", "/proc/iomem").roots());
    }
}
