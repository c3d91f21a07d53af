package org.kexkit.elfcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;

class CrashElfHeaderBuilderTest {
    static final long DIRECT_MAP = 0xff11000000000000L;
    static final long RWX = ProgramHeader.PF_R | ProgramHeader.PF_W | ProgramHeader.PF_X;

    @TempDir
    Path dir;

    /** The QEMU 7.2 guest's figures (sysroot/qemu-7.2 in kexec-loader's test resources). */
    static CrashElfHeaderBuilder qemuLike() {
        return new CrashElfHeaderBuilder()
                .addCpuNote(new NoteLocation(0x2d239600L, 368))
                .addCpuNote(new NoteLocation(0x2d339600L, 368))
                .vmcoreInfo(new NoteLocation(0x4d04000L, 0x1024))
                .kernelText(new KernelTextMapping(0xffffffff81000000L, 0x1000000, 0x3230000))
                .ramRanges(List.of(PhysRange.inclusive(0x3e000000L, 0x3ffd9fffL), PhysRange.inclusive(0x100000, 0x2dffffffL)))
                .directMapBase(DIRECT_MAP);
    }

    @Test
    void programHeadersInKexecToolsOrder() {
        List<ProgramHeader> headers = qemuLike().programHeaders();
        assertEquals(6, headers.size());
        assertEquals(new ProgramHeader(0, 64, ProgramHeader.PT_NOTE, 0, 0x2d239600L, 0, 0x2d239600L, 368, 368, 0),
                headers.get(0));
        assertEquals(new ProgramHeader(1, 64 + 56, ProgramHeader.PT_NOTE, 0, 0x2d339600L, 0, 0x2d339600L, 368, 368, 0),
                headers.get(1));
        assertEquals(new ProgramHeader(2, 64 + 2 * 56, ProgramHeader.PT_NOTE, 0, 0x4d04000L, 0, 0x4d04000L,
                0x1024, 0x1024, 0), headers.get(2));
        assertEquals(new ProgramHeader(3, 64 + 3 * 56, ProgramHeader.PT_LOAD, RWX, 0x1000000, 0xffffffff81000000L,
                0x1000000, 0x3230000, 0x3230000, 0), headers.get(3));
        // RAM loads in address order whatever order they were given in; vaddr = direct map + paddr
        assertEquals(new ProgramHeader(4, 64 + 4 * 56, ProgramHeader.PT_LOAD, RWX, 0x100000, DIRECT_MAP + 0x100000,
                0x100000, 0x2df00000L, 0x2df00000L, 0), headers.get(4));
        assertEquals(new ProgramHeader(5, 64 + 5 * 56, ProgramHeader.PT_LOAD, RWX, 0x3e000000L,
                0xff1100003e000000L, 0x3e000000L, 0x1fda000, 0x1fda000, 0), headers.get(5));
    }

    @Test
    void bytesReadBackThroughTheHeaderTableReader() throws Exception {
        byte[] bytes = qemuLike().toBytes();
        assertEquals(1024, bytes.length, "64 + 6 * 56 = 400 bytes, padded to 1 KiB like kexec-tools");
        Path file = dir.resolve("elfcorehdr");
        Files.write(file, bytes);
        ElfCore core = ElfCoreReader.readHeaderTable(file);
        assertEquals(ElfHeader.ET_CORE, core.header().type());
        assertEquals(ElfHeader.EM_X86_64, core.header().machine());
        assertEquals(64, core.header().programHeaderOffset());
        assertEquals(qemuLike().programHeaders(), core.programHeaders());
        assertTrue(core.notes().isEmpty());
        // the full reader refuses it: p_offset is a physical address, far past the end of the blob
        FormatException e = assertThrows(FormatException.class, () -> ElfCoreReader.read(file));
        assertTrue(e.getMessage().contains("PT_NOTE 0 runs past end of file"), e.getMessage());
    }

    @Test
    void pmemLoadsCarryPfDevAndInterleaveByAddress() {
        List<ProgramHeader> headers = qemuLike()
                .pmemRanges(List.of(PhysRange.inclusive(0x100000000L, 0x13fffffffL)))
                .programHeaders();
        ProgramHeader pmem = headers.get(6);
        assertEquals(ProgramHeader.PT_LOAD, pmem.type());
        assertEquals(RWX | ProgramHeader.PF_DEV, pmem.flags());
        assertEquals(0x10, ProgramHeader.PF_DEV);
        assertEquals("RWED", pmem.flagsText());
        assertEquals(DIRECT_MAP + 0x100000000L, pmem.vaddr());
        assertEquals(0x40000000L, pmem.memsz());
        assertEquals("RWE", headers.get(5).flagsText());
        // without pmemRanges there is none
        assertTrue(qemuLike().programHeaders().stream().noneMatch(ph -> (ph.flags() & ProgramHeader.PF_DEV) != 0));
    }

    @Test
    void ownNotesTravelInTheBufferBehindAPtNoteAfterVmcoreinfo() throws Exception {
        byte[] note = NoteWriter.encode("KEXKIT", 1, "kexkit-pmem-layout 1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        CrashElfHeaderBuilder b = qemuLike().spareProgramHeaders(3).ownNotes(note);
        long loadAt = 0x2f000000L;
        byte[] bytes = b.toBytes(loadAt);
        assertEquals(b.size(), bytes.length);
        // 64 + (7 + 3 spare) * 56 = 624: the note follows, 8-byte aligned
        assertEquals(1024, bytes.length);
        List<ProgramHeader> headers = b.programHeaders(loadAt);
        assertEquals(7, headers.size());
        ProgramHeader own = headers.get(3);
        assertEquals(ProgramHeader.PT_NOTE, own.type());
        assertEquals(loadAt + 624, own.paddr());
        assertEquals(note.length, own.filesz());
        assertArrayEquals(note, Arrays.copyOfRange(bytes, 624, 624 + note.length));
        List<ElfNote> parsed = NoteParser.parse(org.kexkit.bin.ByteCursor.of(Arrays.copyOfRange(bytes, 624, 624 + note.length),
                "hdr", 624), "own notes");
        assertTrue(parsed.get(0).is("KEXKIT", 1));
        assertEquals(ProgramHeader.PT_LOAD, headers.get(4).type()); // the kernel text follows
        assertThrows(IllegalStateException.class, b::toBytes);
        // the size does not depend on the address
        assertEquals(bytes.length, b.toBytes(0).length);
    }

    @Test
    void spareSlotsAreZeroedEntriesOutsideEPhnum() throws Exception {
        byte[] bytes = qemuLike().spareProgramHeaders(20).toBytes();
        // 64 + (6 + 20) * 56 = 1520, padded to 2048
        assertEquals(2048, bytes.length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6, buffer.getShort(56));
        byte[] spare = Arrays.copyOfRange(bytes, 64 + 6 * 56, bytes.length);
        assertArrayEquals(new byte[spare.length], spare);
        assertArrayEquals(Arrays.copyOf(qemuLike().toBytes(), 64 + 6 * 56), Arrays.copyOf(bytes, 64 + 6 * 56));
    }

    @Test
    void hotplugRoomFollowsCrashElfcorehdrSize() {
        // 7.2 guest: crash_elfcorehdr_size 917616 = (2 + 8192 + 8192) * 56 (NR_CPUS_DEFAULT and
        // CRASH_MAX_MEMORY_RANGES of Debian's config), so the whole table is 16386 entries
        assertEquals(16386 - 6, CrashElfHeaderBuilder.spareSlotsForHotplug(917616, 6));
        assertEquals(0, CrashElfHeaderBuilder.spareSlotsForHotplug(56 * 4, 6));
        byte[] bytes = qemuLike().spareProgramHeaders(16380).toBytes();
        assertTrue(bytes.length >= 64 + 917616, "the kernel's rewritten header (Ehdr + 16386 Phdrs) must fit");
    }

    @Test
    void rejectsWhatCannotBeAHeader() {
        assertThrows(IllegalArgumentException.class, () -> qemuLike()
                .ramRanges(List.of(PhysRange.inclusive(0x100000, 0x200000), PhysRange.inclusive(0x200000, 0x300000)))
                .programHeaders());
        assertThrows(IllegalStateException.class, () -> new CrashElfHeaderBuilder()
                .ramRanges(List.of(PhysRange.inclusive(0x100000, 0x200000))).programHeaders());
        assertThrows(IllegalStateException.class, () -> qemuLike().spareProgramHeaders(0xffff).programHeaders());
        assertThrows(IllegalArgumentException.class, () -> PhysRange.inclusive(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new NoteLocation(0x1000, 0));
    }

    @Test
    void withoutVmcoreInfoOrTextOnlyTheRestIsWritten() {
        List<ProgramHeader> headers = new CrashElfHeaderBuilder()
                .addCpuNote(new NoteLocation(0x1000, 1024))
                .ramRanges(List.of(PhysRange.ofSize(0x100000, 0x1000)))
                .directMapBase(DIRECT_MAP)
                .programHeaders();
        assertEquals(List.of(ProgramHeader.PT_NOTE, ProgramHeader.PT_LOAD),
                headers.stream().map(ProgramHeader::type).toList());
    }
}
