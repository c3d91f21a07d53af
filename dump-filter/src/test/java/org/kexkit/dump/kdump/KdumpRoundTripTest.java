package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.TargetExistsException;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.flattened.FlattenedReassembler;
import org.kexkit.dump.io.ChannelSink;
import org.kexkit.dump.io.FullDiskChannel;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;

class KdumpRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Arguments> codecsAndLevels() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int level : new int[] {0, 1}) {
            b.add(Arguments.of("raw", level));
            for (PageCodec codec : PageCodec.ALL) {
                b.add(Arguments.of(codec.name(), level));
            }
        }
        return b.build();
    }

    static Optional<PageCodec> codec(String name) {
        return PageCodec.ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private Path dump(String codec, int level, int threads) throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("dump-" + codec + "-" + level + "-" + threads);
        new KdumpDumper(new KdumpWriter(new KdumpOptions(codec(codec), level, threads, PageFilter.KEEP_ALL)))
                .toFile(vmcore, out, false);
        return out;
    }

    @ParameterizedTest(name = "{0} -d {1}")
    @MethodSource("codecsAndLevels")
    void everyPageReadsBackAsWritten(String codec, int level) throws Exception {
        Path out = dump(codec, level, 3);
        try (KdumpReader reader = KdumpReader.open(out)) {
            DiskDumpHeader h = reader.header();
            assertEquals("KDUMP   ", h.signature());
            assertEquals(6, h.headerVersion());
            assertEquals(codec(codec).map(PageCodec::flag).orElse(0), h.status());
            assertEquals(4096, h.blockSize());
            assertEquals(TestVmcores.MAX_MAPNR, h.maxMapnr32());
            assertEquals(TestVmcores.MAX_MAPNR, reader.maxMapnr());
            assertEquals(2, h.nrCpus());
            assertEquals(1700000000L, h.timestampSeconds());
            assertEquals("6.1.0-test-amd64", h.utsname().release());
            assertEquals(16777216L, reader.subHeader().physBase());
            assertEquals(level, reader.subHeader().dumpLevel());
            assertEquals(TestVmcores.VMCOREINFO, reader.vmcoreInfo().orElseThrow());
            for (long pfn = 0; pfn < TestVmcores.MAX_MAPNR; pfn++) {
                assertEquals(TestVmcores.backed(pfn), reader.inMemory(pfn), "1st bitmap, pfn " + pfn);
                assertEquals(TestVmcores.backed(pfn), reader.dumped(pfn), "2nd bitmap, pfn " + pfn);
                if (TestVmcores.backed(pfn)) {
                    assertArrayEquals(TestVmcores.page(pfn), reader.readPage(pfn), "pfn " + pfn);
                }
            }
        }
        assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(out));
    }

    @Test
    void levelOneSharesOneZeroPageAndCountsIt() throws Exception {
        Path out = dump("zlib", 1, 2);
        try (KdumpReader reader = KdumpReader.open(out)) {
            PageDescriptor z0 = reader.descriptor(0);
            PageDescriptor z4 = reader.descriptor(4);
            assertEquals(z0, z4);
            assertEquals(4096, z0.size());
            assertEquals(0, z0.flags());
            assertNotEquals(z0.offset(), reader.descriptor(2).offset());
        }
        try (KdumpReader reader = KdumpReader.open(dump("zlib", 0, 2))) {
            assertNotEquals(reader.descriptor(0).offset(), reader.descriptor(4).offset());
        }
    }

    @Test
    void statisticsCountZeroPagesHolesAndTotal() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        DumpStatistics s = new KdumpDumper(new KdumpWriter(KdumpOptions.of(codec("lzo"), 1)))
                .toFile(vmcore, dir.resolve("out"), false);
        assertEquals(288, s.maxMapnr());
        assertEquals(96, s.backedPages());
        assertEquals(24, s.excluded(ExclusionClass.ZERO)); // every fourth page
        assertEquals(72, s.remainingPages());
        assertEquals(192, s.memoryHolePages());
        assertEquals(75, s.remainingPercent());
        assertEquals(Files.size(dir.resolve("out")), s.writeBytes());
        assertTrue(s.complete());
    }

    @Test
    void incompressiblePagesAreStoredRawAndTextCompressed() throws Exception {
        for (PageCodec c : PageCodec.ALL) {
            try (KdumpReader reader = KdumpReader.open(dump(c.name(), 0, 1))) {
                PageDescriptor random = reader.descriptor(1);
                assertEquals(0, random.flags(), c.name());
                assertEquals(4096, random.size(), c.name());
                PageDescriptor text = reader.descriptor(2);
                assertEquals(c.flag(), text.flags(), c.name());
                assertTrue(text.size() < 4096, c.name());
            }
        }
    }

    @Test
    void descriptorsFollowTheSecondBitmapInPfnOrder() throws Exception {
        try (KdumpReader reader = KdumpReader.open(dump("raw", 0, 2))) {
            long previous = -1;
            for (long pfn : new long[] {0, 1, 63, 256, 287}) {
                long offset = reader.descriptor(pfn).offset();
                assertTrue(offset > previous, "pfn " + pfn);
                previous = offset;
            }
            FormatException hole = assertThrows(FormatException.class, () -> reader.readPage(100));
            assertTrue(hole.getMessage().contains("a memory hole"), hole.getMessage());
        }
    }

    @Test
    void flattenedReassemblesToTheSameBytesAndReadsDirectly() throws Exception {
        Path direct = dump("zstd", 1, 2);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        new KdumpDumper(new KdumpWriter(new KdumpOptions(codec("zstd"), 1, 2, PageFilter.KEEP_ALL)))
                .toFlattened(dir.resolve("vmcore"), stream);
        byte[] flat = stream.toByteArray();
        assertEquals("makedumpfile", new String(flat, 0, 12, java.nio.charset.StandardCharsets.US_ASCII));
        Path flatFile = dir.resolve("flat");
        Files.write(flatFile, flat);
        Path reassembled = dir.resolve("reassembled");
        FlattenedReassembler.toFile(new ByteArrayInputStream(flat), "stdin", reassembled, false);
        assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(reassembled));
        try (KdumpReader reader = KdumpReader.open(flatFile)) {
            for (long pfn = 256; pfn < 288; pfn++) {
                assertArrayEquals(TestVmcores.page(pfn), reader.readPage(pfn));
            }
        }
    }

    @Test
    void flattenedHasNoEmptyRecordsEvenForAllZeroGroups() throws Exception {
        Path vmcore = dir.resolve("zeros");
        new org.kexkit.elfcore.ElfCoreWriter().addVmcoreInfo("PAGESIZE=4096\n").addLoad(0, 0, new byte[64 * 4096])
                .write(vmcore);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        new KdumpDumper(new KdumpWriter(KdumpOptions.of(Optional.empty(), 1))).toFlattened(vmcore, stream);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stream.toByteArray());
        b.position(4096);
        while (true) {
            long offset = b.getLong();
            long size = b.getLong();
            if (offset == -1 && size == -1) {
                break;
            }
            assertTrue(size > 0, "record for offset " + offset);
            b.position(b.position() + (int) size);
        }
        assertFalse(b.hasRemaining());
    }

    @Test
    void aFullDiskLeavesAReadableDumpMarkedIncomplete() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("full");
        long capacity;
        try (KdumpReader reader = KdumpReader.open(dump("raw", 0, 1))) {
            // room for the page data of pfns 0..39 only (raw: one page each)
            capacity = reader.descriptor(40).offset();
        }
        IncompleteDumpException e;
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = new FullDiskChannel(FileChannel.open(out, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE), capacity)) {
            e = assertThrows(IncompleteDumpException.class, () -> new KdumpWriter(
                    new KdumpOptions(Optional.empty(), 0, 1, PageFilter.KEEP_ALL)).write(source, new ChannelSink(channel)));
        }
        assertEquals("No space left on device", e.getMessage());
        assertFalse(e.statistics().complete());
        try (KdumpReader reader = KdumpReader.open(out)) {
            assertTrue(reader.header().incomplete());
            assertEquals(KdumpFlags.INCOMPLETE, reader.header().status() & KdumpFlags.INCOMPLETE);
            long written = e.statistics().writtenPages();
            assertTrue(written > 0 && written < 96, "written " + written);
            for (long pfn = 0; pfn < written; pfn++) {
                assertArrayEquals(TestVmcores.page(pfn), reader.readPage(pfn));
            }
            FormatException missing = assertThrows(FormatException.class, () -> reader.readPage(63));
            assertTrue(missing.getMessage().contains("marked incomplete"), missing.getMessage());
        }
    }

    @Test
    void pagesTheSourceCannotGiveAreSkippedAndCounted() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("out");
        DumpStatistics s;
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            // the source loses its last 3 pages after validation, like a /proc/vmcore read error
            try (FileChannel shrink = FileChannel.open(vmcore, StandardOpenOption.WRITE)) {
                shrink.truncate(Files.size(vmcore) - 3 * 4096);
            }
            s = new KdumpWriter(new KdumpOptions(codec("zlib"), 0, 2, PageFilter.KEEP_ALL), false)
                    .write(source, new ChannelSink(channel));
        }
        assertTrue(s.complete());
        assertEquals(3, s.unreadablePages());
        assertEquals(java.util.List.of(285L, 286L, 287L), s.unreadableSample());
        assertTrue(s.markedIncomplete(), "a dump that lacks pages says so");
        try (KdumpReader reader = KdumpReader.open(out)) {
            assertTrue(reader.header().incomplete(), "the header keeps DUMP_DH_COMPRESSED_INCOMPLETE");
            assertEquals(s.writtenPages() - 3, reader.presentPages());
            assertArrayEquals(TestVmcores.page(284), reader.readPage(284));
            FormatException e = assertThrows(FormatException.class, () -> reader.readPage(286));
            assertTrue(e.getMessage().endsWith("descriptor of pfn 0x11e is empty: the page could not be read when dumped,"
                    + " or the dump stopped before it (marked incomplete)"), e.getMessage());
        }
    }

    @Test
    void aFailedDumpKeepsItsTemporaryName() throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("missing-dir/out");
        DumpException e = assertThrows(DumpException.class,
                () -> new KdumpDumper(new KdumpWriter(KdumpOptions.of(Optional.empty(), 0))).toFile(vmcore, out, false));
        assertTrue(e.getMessage().startsWith("cannot create the partial file"), e.getMessage());
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path out = dump("raw", 0, 1);
        TargetExistsException e = assertThrows(TargetExistsException.class, () -> new KdumpDumper(new KdumpWriter(
                KdumpOptions.of(Optional.empty(), 0))).toFile(dir.resolve("vmcore"), out, false));
        assertEquals(out + " already exists", e.getMessage());
        assertEquals(out, e.target());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }
}
