package org.kexkit.vmcoreinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

class VmcoreInfoParserTest {
    static final String SAMPLE = String.join("\n",
            "OSRELEASE=6.9.0-kexkit",
            "BUILD-ID=0123456789abcdef0123456789abcdef01234567",
            "PAGESIZE=4096",
            "SYMBOL(init_uts_ns)=ffffffff82671300",
            "OFFSET(uts_namespace.name)=4",
            "SYMBOL(node_online_map)=ffffffff8285e5a8",
            "SYMBOL(swapper_pg_dir)=ffffffff8262e000",
            "SIZE(page)=64",
            "OFFSET(page.flags)=0",
            "LENGTH(zone.free_area)=11",
            "NUMBER(NR_FREE_PAGES)=0",
            "NUMBER(PG_hwpoison)=-1",
            "NUMBER(VMALLOC_START)=0xffffc90000000000",
            "CONFIG_X86_PAE=y",
            "KERNELOFFSET=1a000000",
            "SOMETHING_NEW=hello world",
            "CRASHTIME=1763900000",
            "");

    private static VmcoreInfo parse(String text) throws FormatException {
        return VmcoreInfoParser.parse(text.getBytes(StandardCharsets.ISO_8859_1), "vmcore", 0x2000);
    }

    @Test
    void parsesTypedValues() throws FormatException {
        VmcoreInfo info = parse(SAMPLE);
        assertEquals(Optional.of("6.9.0-kexkit"), info.osRelease());
        assertEquals(Optional.of("0123456789abcdef0123456789abcdef01234567"), info.buildId());
        assertEquals(OptionalLong.of(4096), info.pageSize());
        assertEquals(OptionalLong.of(0x1a000000L), info.kernelOffset());
        assertEquals(OptionalLong.of(1763900000L), info.crashTime());
        assertEquals(OptionalLong.of(0xffffffff82671300L), info.symbol("init_uts_ns"));
        assertEquals(OptionalLong.of(4), info.offset("uts_namespace.name"));
        assertEquals(OptionalLong.of(64), info.size("page"));
        assertEquals(OptionalLong.of(11), info.length("zone.free_area"));
        assertEquals(OptionalLong.of(-1), info.number("PG_hwpoison"));
        assertEquals(OptionalLong.of(0xffffc90000000000L), info.number("VMALLOC_START"));
        assertEquals(Optional.of("y"), info.config("X86_PAE"));
        assertEquals(Optional.of("hello world"), info.unknownKeys().entrySet().stream()
                .filter(e -> e.getKey().equals("SOMETHING_NEW")).map(e -> e.getValue()).findFirst());
        assertEquals(OptionalLong.empty(), info.symbol("missing"));
        assertFalse(info.config("SMP").isPresent());
    }

    @Test
    void countsEntriesPerKind() throws FormatException {
        VmcoreInfo info = parse(SAMPLE);
        assertEquals(3, info.count(EntryKind.SYMBOL));
        assertEquals(2, info.count(EntryKind.OFFSET));
        assertEquals(1, info.count(EntryKind.SIZE));
        assertEquals(1, info.count(EntryKind.LENGTH));
        assertEquals(3, info.count(EntryKind.NUMBER));
    }

    @Test
    void trailingNulsAreFineAndTextRoundTrips() throws FormatException {
        byte[] text = Arrays.copyOf(SAMPLE.getBytes(StandardCharsets.US_ASCII), SAMPLE.length() + 100);
        VmcoreInfo info = VmcoreInfoParser.parse(text, "vmcore", 0);
        assertEquals(SAMPLE, info.toText());
        assertTrue(info.value("SYMBOL(swapper_pg_dir)").isPresent());
    }

    @Test
    void parsesFromCursorAtItsAbsoluteOffset() throws FormatException {
        byte[] bytes = ("PAGESIZE=4096\nPAGESIZE=3000\n").getBytes(StandardCharsets.US_ASCII);
        ByteCursor cursor = ByteCursor.of(bytes, "core.elf", 0x500);
        FormatException e = assertThrows(FormatException.class, () -> VmcoreInfoParser.parse(cursor));
        assertEquals(0x50e, e.offset());
    }

    /** Offsets of each line in "GOOD\nBAD": the bad line starts 0x2000 + 14. */
    private static void assertBadSecondLine(String badLine, String expectedProblem) {
        String text = "OSRELEASE=6.9\n" + badLine + "\n";
        FormatException e = assertThrows(FormatException.class, () -> parse(text));
        assertEquals("vmcore: offset 0x200e: VMCOREINFO line 2: " + expectedProblem, e.getMessage());
        assertEquals(0x200e, e.offset());
    }

    @Test
    void lineWithoutEqualsSign() {
        assertBadSecondLine("garbage", "expected KEY=VALUE, found \"garbage\"");
    }

    @Test
    void badNumbers() {
        assertBadSecondLine("SIZE(page)=6x4", "expected an unsigned decimal number for SIZE(page), found \"6x4\"");
        assertBadSecondLine("OFFSET(page.lru)=", "expected an unsigned decimal number for OFFSET(page.lru), found \"\"");
        assertBadSecondLine("SYMBOL(_stext)=zz", "expected a hex number for SYMBOL(_stext), found \"zz\"");
        assertBadSecondLine("SYMBOL(_stext)=1ffffffff82671300",
                "expected a 64-bit hex number for SYMBOL(_stext), found \"1ffffffff82671300\"");
        assertBadSecondLine("NUMBER(x)=--3", "expected a decimal number for NUMBER(x), found \"--3\"");
        assertBadSecondLine("LENGTH(a)=99999999999999999999999",
                "expected a 64-bit decimal number for LENGTH(a), found \"99999999999999999999999\"");
        assertBadSecondLine("KERNELOFFSET=g", "expected a hex number for KERNELOFFSET, found \"g\"");
        assertBadSecondLine("CRASHTIME=soon", "expected a decimal number for CRASHTIME, found \"soon\"");
        assertBadSecondLine("BUILD-ID=xyz", "expected hex digits for BUILD-ID, found \"xyz\"");
    }

    @Test
    void pageSizeMustBePowerOfTwo() {
        assertBadSecondLine("PAGESIZE=3000", "expected PAGESIZE to be a power of two, found \"3000\"");
        assertBadSecondLine("PAGESIZE=0", "expected PAGESIZE to be a power of two, found \"0\"");
    }

    @Test
    void zeroSymbol() {
        assertBadSecondLine("SYMBOL(mem_map)=0", "expected a non-zero address for SYMBOL(mem_map), found \"0\"");
    }

    @Test
    void nonAscii() {
        assertBadSecondLine("OSRELEASE=6.9\u00e9", "expected printable ASCII, found byte 0xe9 at column 14");
    }

    @Test
    void nulInsideText() {
        String text = "OSRELEASE=6.9\nPAGE\0SIZE=4096\n";
        FormatException e = assertThrows(FormatException.class, () -> VmcoreInfoParser.parse(
                text.getBytes(StandardCharsets.ISO_8859_1), "v", 0));
        assertEquals("v: offset 0xe: VMCOREINFO line 2: expected printable ASCII, found a NUL byte at column 5",
                e.getMessage());
    }

    @Test
    void malformedKindKey() {
        assertBadSecondLine("SYMBOL(x=ffff", "expected SYMBOL(name), found \"SYMBOL(x\"");
        assertBadSecondLine("SIZE()=1", "expected SIZE(name), found \"SIZE()\"");
    }

    @Test
    void longLinesAreQuotedShort() {
        String longValue = "z".repeat(200);
        FormatException e = assertThrows(FormatException.class, () -> parse("SYMBOL(a)=" + longValue));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void emptyTextGivesEmptyModel() throws FormatException {
        VmcoreInfo info = VmcoreInfoParser.parse(new byte[16], "v", 0);
        assertEquals(0, info.count(EntryKind.SYMBOL));
        assertFalse(info.pageSize().isPresent());
    }
}
