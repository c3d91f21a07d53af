package org.kexkit.dump.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.Elf64;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.flattened.FlattenedReassembler;
import org.kexkit.dump.io.ChannelSink;
import org.kexkit.dump.io.FullDiskChannel;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.elfcore.ProgramHeader;

/**
 * ELF output (-E) on a synthetic vmcore: 1024 pages of RAM with one zero page
 * at pfn 50 and 300 at 500..799, plus a "free" range 100..199 the filter drops.
 */
class ElfDumpWriterTest {
    static final int PAGE = 4096;
    static final int PAGES = 1024;
    static final long VADDR = 0xffff888000000000L;
    static final String VMCOREINFO = "OSRELEASE=6.1.0-test\nPAGESIZE=4096\nCRASHTIME=1700000000\n";
    static final PageFilter FREE_100_TO_199 = pfn -> pfn >= 100 && pfn < 200 ? ExclusionClass.FREE : ExclusionClass.NONE;

    @TempDir
    Path dir;
    Path vmcore;
    byte[] memory;

    @BeforeEach
    void write() throws Exception {
        memory = new byte[PAGES * PAGE];
        new Random(7).nextBytes(memory);
        java.util.Arrays.fill(memory, 50 * PAGE, 51 * PAGE, (byte) 0);
        java.util.Arrays.fill(memory, 500 * PAGE, 800 * PAGE, (byte) 0);
        vmcore = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addPrStatus(2).addVmcoreInfo(VMCOREINFO).addLoad(VADDR, 0, memory).write(vmcore);
    }

    private byte[] page(long pfn) {
        return java.util.Arrays.copyOfRange(memory, (int) pfn * PAGE, (int) (pfn + 1) * PAGE);
    }

    @Test
    void longZeroRunsSplitTheLoadAndShortExcludedRunsStayAsData() throws Exception {
        Path out = dir.resolve("dump.elf");
        ElfDumpResult r;
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            r = new ElfDumper(new ElfDumpWriter(17, FREE_100_TO_199)).toFile(v, out, false);
        }
        DumpStatistics s = r.statistics();
        assertEquals(301, s.excluded(ExclusionClass.ZERO));
        assertEquals(100, s.excluded(ExclusionClass.FREE));
        assertEquals(300, r.elfExcludedPages());
        assertEquals(2, r.loads());
        assertEquals(PAGES - 401, s.writtenPages());
        try (ElfVmcore e = ElfVmcore.open(out); VmcoreSource.PageReader reader = e.pageReader(false)) {
            List<ProgramHeader> loads = e.core().loads();
            assertEquals(2, loads.size());
            assertEquals(0, loads.get(0).paddr());
            assertEquals(500L * PAGE, loads.get(0).filesz());
            assertEquals(800L * PAGE, loads.get(0).memsz());
            assertEquals(800L * PAGE, loads.get(1).paddr());
            assertEquals(VADDR + 800L * PAGE, loads.get(1).vaddr());
            assertEquals(loads.get(0).offset() + loads.get(0).filesz(), loads.get(1).offset());
            assertEquals(Files.size(out), loads.get(1).fileEnd());
            assertEquals(2, e.cpuCount());
            assertEquals(VMCOREINFO, e.vmcoreInfo().get().toText());
            byte[] got = new byte[PAGE];
            for (long pfn = 0; pfn < PAGES; pfn++) {
                if (pfn >= 500 && pfn < 800) {
                    assertTrue(e.excluded(pfn), "pfn " + pfn + " is only in p_memsz");
                    continue;
                }
                assertFalse(e.excluded(pfn), "pfn " + pfn);
                reader.read(pfn, got, 0);
                assertArrayEquals(page(pfn), got, "pfn " + pfn); // the free range's real content too
            }
        }
    }

    @Test
    void erasedBytesAreXInTheCopiedPagesAndAnEraseinfoNoteEndsPtNote() throws Exception {
        Path out = dir.resolve("erased.elf");
        org.kexkit.dump.erase.ErasePlan plan = new org.kexkit.dump.erase.ErasePlan(PAGE, List.of(
                new org.kexkit.dump.erase.EraseRange(3 * PAGE - 5, 10, org.kexkit.dump.erase.EraseRange.ERASED)),
                "erase secret size 10\n");
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            new ElfDumper(new ElfDumpWriter(17, FREE_100_TO_199).eraser(plan)).toFile(v, out, false);
        }
        try (ElfVmcore e = ElfVmcore.open(out); VmcoreSource.PageReader reader = e.pageReader(false)) {
            List<org.kexkit.elfcore.ElfNote> notes = e.core().notes();
            org.kexkit.elfcore.ElfNote last = notes.get(notes.size() - 1);
            assertEquals("ERASEINFO", last.name());
            assertEquals(0, last.type());
            assertEquals("erase secret size 10\n", new String(last.desc(), java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(e.vmcoreInfo().isPresent(), "the other notes are still read");
            byte[] got = new byte[PAGE];
            for (long pfn = 0; pfn < PAGES; pfn++) {
                if (e.excluded(pfn)) {
                    continue;
                }
                byte[] want = page(pfn);
                if (pfn == 2) {
                    java.util.Arrays.fill(want, PAGE - 5, PAGE, (byte) 'X');
                } else if (pfn == 3) {
                    java.util.Arrays.fill(want, 0, 5, (byte) 'X');
                }
                reader.read(pfn, got, 0);
                assertArrayEquals(want, got, "pfn " + pfn);
            }
        }
        assertEquals(10, plan.erasedBytes());
    }

    @Test
    void levelZeroCopiesEveryLoadWhole() throws Exception {
        Path out = dir.resolve("dump.elf");
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            ElfDumpResult r = new ElfDumper(new ElfDumpWriter(0, PageFilter.KEEP_ALL)).toFile(v, out, false);
            assertEquals(0, r.elfExcludedPages());
        }
        try (ElfVmcore e = ElfVmcore.open(out)) {
            assertEquals(1, e.core().loads().size());
            assertEquals((long) PAGES * PAGE, e.core().loads().get(0).filesz());
            long offset = e.core().loads().get(0).offset();
            assertArrayEquals(memory, java.util.Arrays.copyOfRange(Files.readAllBytes(out), (int) offset,
                    (int) offset + memory.length));
        }
    }

    @Test
    void flattenedElfReassemblesIntoTheSameFile() throws Exception {
        Path direct = dir.resolve("direct.elf");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            new ElfDumper(new ElfDumpWriter(17, FREE_100_TO_199)).toFile(v, direct, false);
            new ElfDumper(new ElfDumpWriter(17, FREE_100_TO_199)).toFlattened(v, stream);
        }
        Path rebuilt = dir.resolve("rebuilt.elf");
        FlattenedReassembler.toFile(new ByteArrayInputStream(stream.toByteArray()), "stdin", rebuilt, false);
        assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(rebuilt));
    }

    @Test
    void aKdumpFileMadeFromTheElfDumpLeavesOutWhatTheElfDumpLeftOut() throws Exception {
        Path elf = dir.resolve("dump.elf");
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            new ElfDumper(new ElfDumpWriter(17, FREE_100_TO_199)).toFile(v, elf, false);
        }
        try (ElfVmcore e = ElfVmcore.open(elf)) {
            DumpStatistics s = new KdumpDumper(new KdumpWriter(KdumpOptions.of(Optional.empty(), 0)))
                    .toFile(e, dir.resolve("dump.kdump"), false);
            assertEquals(300, s.excluded(ExclusionClass.NOT_IN_SOURCE));
            assertEquals(PAGES, s.backedPages());
        }
    }

    @Test
    void pagesTheSourceCannotGiveLeaveTheElfHeaderIncomplete() throws Exception {
        Path out = dir.resolve("unreadable.elf");
        DumpStatistics s;
        try (ElfVmcore v = ElfVmcore.open(vmcore)) {
            // the source loses its last 2 pages after validation, like a /proc/vmcore read error
            try (FileChannel shrink = FileChannel.open(vmcore, StandardOpenOption.WRITE)) {
                shrink.truncate(Files.size(vmcore) - 2 * PAGE);
            }
            s = new ElfDumper(new ElfDumpWriter(0, PageFilter.KEEP_ALL)).toFile(v, out, false).statistics();
        }
        assertEquals(2, s.unreadablePages());
        assertEquals(List.of(PAGES - 2L, PAGES - 1L), s.unreadableSample());
        assertTrue(s.markedIncomplete());
        try (ElfVmcore e = ElfVmcore.open(out)) {
            assertEquals(ElfDumpWriter.DUMP_ELF_INCOMPLETE, e.core().header().flags() & ElfDumpWriter.DUMP_ELF_INCOMPLETE,
                    "e_flags keeps DUMP_ELF_INCOMPLETE: the dump lacks 2 pages");
        }
    }

    @Test
    void aFullDiskMarksTheElfHeaderIncomplete() throws Exception {
        Path out = dir.resolve("full.elf");
        try (ElfVmcore v = ElfVmcore.open(vmcore);
                FileChannel channel = new FullDiskChannel(FileChannel.open(out, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE), 200L * PAGE)) {
            IncompleteDumpException e = assertThrows(IncompleteDumpException.class,
                    () -> new ElfDumpWriter(17, FREE_100_TO_199, false).write(v, new ChannelSink(channel)));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertFalse(e.statistics().complete());
        }
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(ElfDumpWriter.DUMP_ELF_INCOMPLETE, header.getInt(Elf64.E_FLAGS));
    }
}
