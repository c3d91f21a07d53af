package org.kexkit.dump.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.io.ChannelSink;
import org.kexkit.dump.io.DumpSink;

/**
 * Power loss keeps what was synced, in any order within what was not: so a descriptor may only be
 * written once the data it points at is synced. Every write to the descriptor table is checked
 * against the writes before the last sync that preceded it.
 */
class KdumpWriteOrderTest {
    @TempDir
    Path dir;

    /** What the writer asked for, in order: a write's range and bytes, or a sync (null bytes). */
    private record Event(long offset, byte[] bytes) {
    }

    private static final class Recording implements DumpSink {
        final List<Event> events = new ArrayList<>();
        private final ChannelSink file;

        Recording(FileChannel channel) {
            file = new ChannelSink(channel);
        }

        @Override
        public void write(long offset, ByteBuffer data) throws IOException {
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            events.add(new Event(offset, bytes));
            file.write(offset, data);
        }

        @Override
        public boolean seekable() {
            return true;
        }

        @Override
        public void sync() throws IOException {
            events.add(new Event(-1, null));
            file.sync();
        }

        @Override
        public void finish() throws IOException {
            file.finish();
        }

        @Override
        public long bytesWritten() {
            return file.bytesWritten();
        }
    }

    @ParameterizedTest(name = "{0}, {1} held, {2} threads")
    @CsvSource({"lzo, 32, 1", "zstd, 64, 2", "raw, 8192, 1"})
    void noDescriptorIsWrittenBeforeItsDataIsSynced(String codec, int held, int threads) throws Exception {
        Path vmcore = TestVmcores.write(dir);
        Path out = dir.resolve("dump");
        Optional<PageCodec> c = PageCodec.ALL.stream().filter(p -> p.name().equals(codec)).findFirst();
        Recording sink;
        try (ElfVmcore source = ElfVmcore.open(vmcore);
                FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            sink = new Recording(channel);
            new KdumpWriter(new KdumpOptions(c, 0, threads, PageFilter.KEEP_ALL)).holdingAtMost(held).write(source, sink);
        }
        long table;
        long dumped;
        try (KdumpReader reader = KdumpReader.open(out)) {
            dumped = reader.dumpedPages();
            assertEquals(dumped, reader.presentPages());
            table = KdumpLayout.of(reader.pageSize(), reader.noteBytes().length, reader.maxMapnr(), dumped)
                    .descriptorsOffset();
        }
        List<long[]> synced = new ArrayList<>();
        List<long[]> unsynced = new ArrayList<>();
        int syncs = 0;
        long descriptorsChecked = 0;
        for (Event e : sink.events) {
            if (e.bytes() == null) {
                synced.addAll(unsynced);
                unsynced.clear();
                syncs++;
                continue;
            }
            long end = e.offset() + e.bytes().length;
            if (e.offset() >= table && end <= table + dumped * PageDescriptor.SIZE) {
                ByteBuffer d = ByteBuffer.wrap(e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                while (d.remaining() >= PageDescriptor.SIZE) {
                    long offset = d.getLong();
                    int size = d.getInt();
                    d.position(d.position() + PageDescriptor.SIZE - 12);
                    if (offset != 0) {
                        assertTrue(covered(synced, offset, offset + size),
                                "descriptor of data at " + offset + " written before the data was synced");
                        descriptorsChecked++;
                    }
                }
            }
            unsynced.add(new long[] {e.offset(), end});
        }
        assertEquals(dumped, descriptorsChecked, "every descriptor written once, each checked");
        // one sync after the reserve, one per held table's worth of pages, and the final one
        assertTrue(syncs >= 2 + (dumped - 1) / held, syncs + " syncs for " + dumped + " pages, " + held + " held");
    }

    private static boolean covered(List<long[]> ranges, long from, long to) {
        long at = from;
        boolean grew = true;
        while (at < to && grew) {
            grew = false;
            for (long[] r : ranges) {
                if (r[0] <= at && r[1] > at) {
                    at = r[1];
                    grew = true;
                }
            }
        }
        return at >= to;
    }
}
