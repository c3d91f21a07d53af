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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * against the writes made before a sync began that ended before the descriptor was written (the
 * writer syncs on a thread of its own while it writes on).
 */
class KdumpWriteOrderTest {
    @TempDir
    Path dir;

    /** What the writer asked for, in order: a write's range and bytes, or a sync's start or end. */
    private sealed interface Event {
    }

    private record Write(long offset, byte[] bytes) implements Event {
    }

    private record SyncStarted(int id) implements Event {
    }

    private record SyncEnded(int id) implements Event {
    }

    /** Records from the writer's thread and the sync's: every event in the order it happened. */
    private static final class Recording implements DumpSink {
        final List<Event> events = new ArrayList<>();
        private int syncs;
        private final ChannelSink file;

        Recording(FileChannel channel) {
            file = new ChannelSink(channel);
        }

        @Override
        public void write(long offset, ByteBuffer data) throws IOException {
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            // recorded with the write done: a sync that starts after this event covers it
            synchronized (this) {
                file.write(offset, data);
                events.add(new Write(offset, bytes));
            }
        }

        @Override
        public boolean seekable() {
            return true;
        }

        @Override
        public void sync() throws IOException {
            int id;
            synchronized (this) {
                id = syncs++;
                events.add(new SyncStarted(id));
            }
            file.sync();
            synchronized (this) {
                events.add(new SyncEnded(id));
            }
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
        List<long[]> writes = new ArrayList<>();
        Map<Integer, Integer> writesAtStart = new HashMap<>();
        int synced = 0; // writes[0, synced) are on disk
        int syncs = 0;
        long descriptorsChecked = 0;
        for (Event event : sink.events) {
            if (event instanceof SyncStarted s) {
                writesAtStart.put(s.id(), writes.size());
                continue;
            }
            if (event instanceof SyncEnded s) {
                synced = Math.max(synced, writesAtStart.get(s.id()));
                syncs++;
                continue;
            }
            Write e = (Write) event;
            long end = e.offset() + e.bytes().length;
            if (e.offset() >= table && end <= table + dumped * PageDescriptor.SIZE) {
                ByteBuffer d = ByteBuffer.wrap(e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                while (d.remaining() >= PageDescriptor.SIZE) {
                    long offset = d.getLong();
                    int size = d.getInt();
                    d.position(d.position() + PageDescriptor.SIZE - 12);
                    if (offset != 0) {
                        assertTrue(covered(writes.subList(0, synced), offset, offset + size),
                                "descriptor of data at " + offset + " written before the data was synced");
                        descriptorsChecked++;
                    }
                }
            }
            writes.add(new long[] {e.offset(), end});
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
