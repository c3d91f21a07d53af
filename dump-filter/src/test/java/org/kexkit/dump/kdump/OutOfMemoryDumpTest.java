package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.elf.ElfDumpWriter;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.io.FailingSink;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.source.UnreadablePages;
import org.kexkit.dump.write.IncompleteDumpException;
import org.kexkit.elfcore.ElfCoreReader;

/**
 * A dump that runs out of memory half-way (a small heap; in a capture kernel, little RAM) stops like
 * one on a full disk: what was written stays a dump marked incomplete, and one line says why.
 */
class OutOfMemoryDumpTest {
    @TempDir
    Path dir;

    @Test
    void aKdumpFileLeftByOutOfMemoryIsMarkedIncompleteAndItsPagesRead() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("dump");
        Path partial = SafeOutputFile.partialPath(out);
        try (ElfVmcore source = ElfVmcore.open(vmcore)) {
            DumpException e = assertThrows(DumpException.class, () -> new KdumpDumper(new KdumpWriter(
                    KdumpOptions.of(Optional.empty(), 0))).toFile(UnreadablePages.outOfMemory(source, Set.of(270L)), out,
                    false));
            assertTrue(e.getMessage().matches("dump stopped: out of memory \\(Java heap space; the Java heap may grow to"
                    + " \\d+ MiB\\); \\d+ pages written before the stop; the incomplete dump \\(marked so, readable\\) is left"
                    + " at .*"), e.getMessage());
            assertTrue(e.getMessage().endsWith(partial.toString()), e.getMessage());
        }
        try (KdumpReader reader = KdumpReader.open(partial)) {
            assertTrue(reader.header().incomplete(), "DUMP_DH_COMPRESSED_INCOMPLETE");
            assertFalse(reader.has(270), "the page being read when memory ran out");
        }
    }

    @Test
    void pagesWrittenBeforeOutOfMemoryReadBack() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path whole = dir.resolve("whole");
        FailingSink counting;
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = FileChannel.open(whole, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            counting = FailingSink.outOfMemoryAt(channel, Integer.MAX_VALUE);
            new KdumpWriter(KdumpOptions.of(Optional.empty(), 0)).write(source, counting);
        }
        Path out = dir.resolve("dump");
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            // out of memory at the last group of pages (the writes after it: its descriptors, the header)
            int at = counting.writes() - 2;
            IncompleteDumpException e = assertThrows(IncompleteDumpException.class, () -> new KdumpWriter(
                    KdumpOptions.of(Optional.empty(), 0)).write(source, FailingSink.outOfMemoryAt(channel, at)));
            assertTrue(e.getCause() instanceof OutOfMemoryError);
        }
        try (KdumpReader reader = KdumpReader.open(out)) {
            assertTrue(reader.header().incomplete(), "DUMP_DH_COMPRESSED_INCOMPLETE");
            long present = 0;
            for (long pfn = 0; pfn < TestVmcores.MAX_MAPNR; pfn++) {
                if (reader.has(pfn)) {
                    assertArrayEquals(TestVmcores.page(pfn), reader.readPage(pfn), "pfn " + pfn);
                    present++;
                }
            }
            assertTrue(present > 0 && present < 96, present + " pages present");
        }
    }

    @Test
    void anElfDumpLeftByOutOfMemoryIsMarkedIncomplete() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("dump.elf");
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            IncompleteDumpException e = assertThrows(IncompleteDumpException.class,
                    () -> new ElfDumpWriter(0, PageFilter.KEEP_ALL).write(source, FailingSink.outOfMemoryAt(channel, 3)));
            assertEquals("Java heap space", e.getMessage());
            assertTrue(e.getCause() instanceof OutOfMemoryError);
            assertFalse(e.statistics().complete());
        }
        assertTrue((ElfCoreReader.read(out).header().flags() & ElfDumpWriter.DUMP_ELF_INCOMPLETE) != 0,
                "e_flags DUMP_ELF_INCOMPLETE");
    }
}
