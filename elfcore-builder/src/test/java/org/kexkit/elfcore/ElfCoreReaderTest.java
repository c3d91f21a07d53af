package org.kexkit.elfcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.EntryKind;
import org.kexkit.vmcoreinfo.VmcoreInfo;

class ElfCoreReaderTest {
    static final String VMCOREINFO = "OSRELEASE=6.9.0\nPAGESIZE=4096\nSYMBOL(_stext)=ffffffff81000000\n"
            + "OFFSET(page.flags)=0\nKERNELOFFSET=0\nCRASHTIME=1700000000\n";
    /** Header, 4 program headers (PT_NOTE + 3 PT_LOAD), then the notes. */
    static final int NOTES_OFFSET = ElfHeader.SIZE + 4 * ProgramHeader.SIZE;

    @TempDir
    Path dir;

    static byte[] sampleCore() {
        return new ElfCoreWriter()
                .addPrStatus(101)
                .addVmcoreInfo(VMCOREINFO)
                .addPrStatus(202)
                .addLoad(0xffffffff81000000L, 0x1000000, filled(8192, 1))
                .addLoad(0xffff888000000000L, 0, filled(4096, 2))
                .addLoad(0xffff888000100000L, 0x100000, filled(12288, 3))
                .toBytes();
    }

    static byte[] filled(int size, int value) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) value);
        return data;
    }

    private Path file(byte[] bytes) throws IOException {
        Path path = dir.resolve("vmcore");
        Files.write(path, bytes);
        return path;
    }

    private FormatException failure(byte[] bytes) throws IOException {
        Path path = file(bytes);
        FormatException e = assertThrows(FormatException.class, () -> ElfCoreReader.read(path));
        assertTrue(e.getMessage().startsWith(path + ": offset 0x"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        return e;
    }

    private static byte[] patched(byte[] bytes, int offset, int... values) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < values.length; i++) {
            copy[offset + i] = (byte) values[i];
        }
        return copy;
    }

    @Test
    void readsSyntheticCore() throws Exception {
        byte[] bytes = sampleCore();
        ElfCore core = ElfCoreReader.read(file(bytes));
        assertEquals(bytes.length, core.fileSize());
        assertEquals(ElfHeader.ET_CORE, core.header().type());
        assertEquals(4, core.header().programHeaderCount());
        assertEquals(4, core.programHeaders().size());
        List<ProgramHeader> loads = core.loads();
        assertEquals(3, loads.size());
        assertEquals(0x1000000, loads.get(0).paddr());
        assertEquals(8192, loads.get(0).filesz());
        assertEquals("RWE", loads.get(0).flagsText());
        assertEquals(bytes.length, core.dataEnd());
        assertEquals(3, core.notes().size());

        ElfNote info = core.vmcoreInfoNote().orElseThrow();
        int expectedDescOffset = NOTES_OFFSET + (12 + 8 + PrStatus.SIZE) + 12 + 12;
        assertEquals(expectedDescOffset, info.descOffset());
        assertEquals(VMCOREINFO, new String(Arrays.copyOfRange(bytes, expectedDescOffset,
                expectedDescOffset + VMCOREINFO.length()), StandardCharsets.US_ASCII));

        VmcoreInfo vmcoreInfo = core.vmcoreInfo().orElseThrow();
        assertEquals(OptionalLong.of(4096), vmcoreInfo.pageSize());
        assertEquals(1, vmcoreInfo.count(EntryKind.SYMBOL));

        assertEquals(2, core.prStatusNotes().size());
        List<PrStatus> cpus = core.prStatus();
        assertEquals(101, cpus.get(0).pid());
        assertEquals(202, cpus.get(1).pid());
        assertEquals(1, cpus.get(1).cpu());
    }

    @Test
    void coreWithoutVmcoreInfo() throws Exception {
        ElfCore core = ElfCoreReader.read(file(new ElfCoreWriter().addPrStatus(1).toBytes()));
        assertTrue(core.vmcoreInfoNote().isEmpty());
        assertTrue(core.vmcoreInfo().isEmpty());
    }

    @Test
    void badVmcoreInfoNamesFileAndAbsoluteOffset() throws Exception {
        byte[] bytes = new ElfCoreWriter().addVmcoreInfo("PAGESIZE=4096\nPAGESIZE=12\n").toBytes();
        ElfCore core = ElfCoreReader.read(file(bytes));
        FormatException e = assertThrows(FormatException.class, core::vmcoreInfo);
        long lineOffset = core.vmcoreInfoNote().orElseThrow().descOffset() + 14;
        assertEquals(lineOffset, e.offset());
        assertTrue(e.getMessage().contains("VMCOREINFO line 2"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        assertTrue(failure(new byte[0]).getMessage().endsWith("offset 0x0: expected an ELF core, found an empty file"));
    }

    @Test
    void truncatedHeader() throws IOException {
        FormatException e = failure(Arrays.copyOf(sampleCore(), 30));
        assertEquals("expected an ELF header (64 bytes), found a file of only 30 bytes", e.problem());
    }

    @Test
    void truncatedProgramHeaderTable() throws IOException {
        FormatException e = failure(Arrays.copyOf(sampleCore(), 100));
        assertEquals(0x20, e.offset());
        assertEquals("program header table (4 entries at e_phoff 0x40) runs past end of file (ends at 0x120,"
                + " file is 0x64 bytes)", e.problem());
    }

    @Test
    void truncatedLoad() throws IOException {
        byte[] bytes = sampleCore();
        FormatException e = failure(Arrays.copyOf(bytes, bytes.length - 1));
        assertEquals(ElfHeader.SIZE + 3 * ProgramHeader.SIZE, e.offset());
        assertEquals(String.format("PT_LOAD 3 runs past end of file (ends at 0x%x, file is 0x%x bytes)",
                bytes.length, bytes.length - 1), e.problem());
    }

    @Test
    void notElf() throws IOException {
        FormatException e = failure("hello, this is a text file and not a core at all; really not one.".getBytes(
                StandardCharsets.US_ASCII));
        assertEquals(0, e.offset());
        assertEquals("expected ELF magic 7f 45 4c 46, found 68 65 6c 6c: not an ELF file", e.problem());
    }

    @Test
    void shortNonElfFile() throws IOException {
        assertEquals("expected ELF magic 7f 45 4c 46, found 68 69 0a: not an ELF file",
                failure("hi\n".getBytes(StandardCharsets.US_ASCII)).problem());
    }

    @Test
    void directoryIsNamedInTheError() {
        java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class,
                () -> ElfCoreReader.read(dir));
        assertEquals(dir.toString(), e.getFile());
    }

    @Test
    void kdumpCompressedIsNamed() throws IOException {
        byte[] bytes = Arrays.copyOf("KDUMP   ".getBytes(StandardCharsets.US_ASCII), 4096);
        assertEquals("expected an ELF core, found a kdump-compressed file (makedumpfile output)",
                failure(bytes).problem());
    }

    @Test
    void wrongClass() throws IOException {
        FormatException e = failure(patched(sampleCore(), 4, 1));
        assertEquals(4, e.offset());
        assertEquals("expected ELFCLASS64 (2) in e_ident[EI_CLASS], found 1 (ELFCLASS32, a 32-bit ELF file)",
                e.problem());
    }

    @Test
    void bigEndian() throws IOException {
        FormatException e = failure(patched(sampleCore(), 5, 2));
        assertEquals(5, e.offset());
        assertTrue(e.problem().contains("big-endian"));
    }

    @Test
    void notACore() throws IOException {
        FormatException e = failure(patched(sampleCore(), 16, 2, 0));
        assertEquals(16, e.offset());
        assertEquals("expected e_type ET_CORE (4), found ET_EXEC: not a core file", e.problem());
    }

    @Test
    void otherMachine() throws IOException {
        FormatException e = failure(patched(sampleCore(), 18, 183, 0));
        assertEquals(18, e.offset());
        assertEquals("expected e_machine EM_X86_64 (62), found EM_AARCH64", e.problem());
    }

    @Test
    void badPhentsize() throws IOException {
        FormatException e = failure(patched(sampleCore(), 54, 32, 0));
        assertEquals(54, e.offset());
    }

    @Test
    void qemu72HeaderSizeIsAcceptedOtherSmallOnesAreNot() throws Exception {
        assertEquals(3, ElfCoreReader.read(file(patched(sampleCore(), 52, 8, 0))).loads().size());
        FormatException e = failure(patched(sampleCore(), 52, 16, 0));
        assertEquals(52, e.offset());
        assertEquals("expected e_ehsize of at least 64, found 16", e.problem());
    }

    @Test
    void zeroProgramHeaders() throws IOException {
        FormatException e = failure(patched(sampleCore(), 56, 0, 0));
        assertEquals(56, e.offset());
        assertEquals("expected at least one program header, found e_phnum 0", e.problem());
    }

    @Test
    void loadOffsetOverflow() throws IOException {
        int entry = ElfHeader.SIZE + ProgramHeader.SIZE;
        byte[] bytes = patched(sampleCore(), entry + 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f); // p_offset 2^63-1
        FormatException e = failure(bytes);
        assertEquals(entry, e.offset());
        assertTrue(e.problem().startsWith("PT_LOAD 1 runs past end of file (ends at beyond 2^63"), e.problem());
    }

    @Test
    void fileszLargerThanMemsz() throws IOException {
        int entry = ElfHeader.SIZE + ProgramHeader.SIZE;
        byte[] bytes = patched(sampleCore(), entry + 40, 0, 0x10); // p_memsz 0x1000 < p_filesz 0x2000
        FormatException e = failure(bytes);
        assertEquals(entry, e.offset());
        assertEquals("PT_LOAD 1: expected p_filesz <= p_memsz, found p_filesz 0x2000 > p_memsz 0x1000", e.problem());
    }

    @Test
    void noteNameRunsPastSegment() throws IOException {
        FormatException e = failure(patched(sampleCore(), NOTES_OFFSET, 0xff, 0xff, 0, 0));
        assertEquals(NOTES_OFFSET, e.offset());
        assertTrue(e.problem().startsWith("PT_NOTE 0: note 0: n_namesz 0xffff runs past the end of the segment"),
                e.problem());
    }

    @Test
    void noteDescRunsPastSegment() throws IOException {
        FormatException e = failure(patched(sampleCore(), NOTES_OFFSET + 4, 0, 0, 1, 0));
        assertEquals(NOTES_OFFSET, e.offset());
        assertTrue(e.problem().startsWith("PT_NOTE 0: note 0 (CORE): n_descsz 0x10000 runs past"), e.problem());
    }

    @Test
    void garbageNoteName() throws IOException {
        FormatException e = failure(patched(sampleCore(), NOTES_OFFSET + 12, 0x01));
        assertEquals(NOTES_OFFSET, e.offset());
        assertEquals("PT_NOTE 0: note 0: expected a printable note name, found byte 0x01 in it", e.problem());
    }

    @Test
    void zeroHeaderEndsNotes() throws Exception {
        // A kernel note buffer: one note, then an all-zero header and unused space.
        byte[] bytes = new ElfCoreWriter().addPrStatus(7).addNote("", 0, new byte[40]).toBytes();
        // the second note has n_namesz 1 (just the NUL): turn it into a terminating zero header
        int second = ElfHeader.SIZE + ProgramHeader.SIZE + 12 + 8 + PrStatus.SIZE;
        Arrays.fill(bytes, second, second + 12, (byte) 0);
        ElfCore core = ElfCoreReader.read(file(bytes));
        assertEquals(1, core.notes().size());
    }

    @Test
    void shortPrStatusDesc() throws Exception {
        ElfCore core = ElfCoreReader.read(file(new ElfCoreWriter().addNote("CORE", 1, new byte[20]).toBytes()));
        FormatException e = assertThrows(FormatException.class, core::prStatus);
        assertEquals(ElfHeader.SIZE + ProgramHeader.SIZE, e.offset());
    }

    @Test
    void extendedProgramHeaderCount() throws Exception {
        byte[] core = sampleCore();
        // PN_XNUM: e_phnum 0xffff, real count in section header 0's sh_info
        ByteBuffer bytes = ByteBuffer.allocate(core.length + 64).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(core);
        bytes.putLong(40, core.length);     // e_shoff
        bytes.putShort(56, (short) 0xffff); // e_phnum
        bytes.putInt(core.length + 44, 4);  // sh_info
        ElfCore parsed = ElfCoreReader.read(file(bytes.array()));
        assertEquals(4, parsed.header().programHeaderCount());
        assertEquals(3, parsed.loads().size());
    }
}
