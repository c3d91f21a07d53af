package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.codec.PageCodec;
import org.kexkit.dump.filter.DumpLevel;
import org.kexkit.dump.filter.ExclusionClass;
import org.kexkit.dump.filter.PageClassification;
import org.kexkit.dump.filter.VmcoreClassifier;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.io.ChannelSink;
import org.kexkit.dump.io.DumpSink;
import org.kexkit.dump.io.FailingSink;
import org.kexkit.dump.io.FullDiskChannel;
import org.kexkit.dump.kdump.DiskDumpHeader;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.source.UnreadablePages;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;

/**
 * Faults in the capture path against the saved real 7.2 vmcore, a -l -d 31 dump each: the target
 * fills up mid-dump (a file channel that refuses to grow past 8 MiB), the device fails with EIO
 * after 16 MiB (every later write and sync too, the header's included), and three dumpable pages
 * of the input cannot be read (EIO, as /proc/vmcore gives over memory that is not backed). Each
 * leaves a dump whose header says incomplete, whose statistics say what is missing, and whose
 * present pages equal the vmcore's; none claims to be complete.
 */
@Tag("qemu")
class FaultOracleTest {
    private static MakedumpfileOracle oracle;
    private static Path vmcore;

    @BeforeAll
    static void saved() {
        oracle = MakedumpfileOracle.open("7.2", "faults", 300);
        vmcore = oracle.vmcore();
    }

    @AfterAll
    static void discard() {
        oracle.discardWork();
    }

    /**
     * The capture running out of memory: `kexkit kdump capture` (-d 31, lzo) in a JVM of its own with a
     * 4 MiB heap (kexkit dumps this vmcore whole with 7 MiB), as a capture kernel with little RAM
     * would give it. The log is saved first, the dump runs out of memory after its header and bitmaps
     * (at or just before the first batch of pages), the file left says incomplete, the status record says failed and
     * why, and the console gets one plain line.
     */
    @Test
    void aCaptureOutOfMemoryKeepsTheLogAndLeavesAnIncompleteDump() throws Exception {
        Path root = oracle.work.resolve("oom-root");
        DebianKernels.deleteTree(root);
        Files.createDirectories(root.resolve("etc/kexkit"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), oracle.saved.kernel().release() + "\n");
        Files.writeString(root.resolve("etc/kexkit/kdump.conf"), "dump_level 31\ncompression lzo\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx4m", "-cp", System.getProperty("java.class.path"), "org.kexkit.cli.Main", "kdump",
                "capture", "--sysroot", root.toString(), "--vmcore", vmcore.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(1, p.waitFor(), out + err);
        List<String> said = err.lines().filter(l -> !l.startsWith("kexkit: kdump: ****")).toList();
        assertEquals(1, said.size(), err);
        // where the heap runs out varies a little with the JVM: in the page phase ("stopped", with the pages
        // written), or just before it, once the header (marked incomplete) and bitmaps are out ("failed")
        assertTrue(said.get(0).matches("kexkit: kdump: DUMP FAILED: the dump was not written: dump (stopped|failed): out"
                + " of memory \\(Java heap space; the Java heap may grow to \\d+ MiB\\); (\\d+ pages written before the"
                + " stop; the incomplete dump \\(marked so, readable\\)|the partial file) is left at"
                + " .*/\\.dump\\.kexkit-partial; see .*"), said.get(0));
        Path dir;
        try (var dirs = Files.list(root.resolve("var/crash"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        assertTrue(Files.readString(dir.resolve("dmesg.txt")).contains("sysrq: Trigger a crash"), "the log, saved first");
        String status = Files.readString(dir.resolve("status"));
        assertTrue(status.startsWith("result=failed\n") && status.contains("\ndmesg=ok\n")
                && status.contains("\ndump=failed: dump ") && status.contains("out of memory"), status);
        Path partial = dir.resolve(".dump.kexkit-partial");
        byte[] head = new byte[DiskDumpHeader.SIZE];
        try (var in = Files.newInputStream(partial)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length), "the header was written");
        }
        assertTrue(DiskDumpHeader.read(ByteCursor.of(head, partial.toString(), 0)).incomplete(),
                "DUMP_DH_COMPRESSED_INCOMPLETE");
        long present;
        try {
            present = DumpPages.presentMatch(partial, vmcore);
        } catch (FormatException e) {
            // stopped before the bitmaps were whole: refused in one line that says it is marked incomplete
            assertTrue(e.getMessage().contains("marked incomplete") && !e.getMessage().contains("\n"), e.getMessage());
            present = 0;
        }
        System.out.printf("out of memory in a 4 MiB heap: %d pages present, %d bytes left; %s%n", present,
                Files.size(partial), said.get(0));
        DebianKernels.deleteTree(root);
    }

    @Test
    void aFullTargetLeavesAnIncompleteDump() throws Exception {
        Path out = oracle.work.resolve("full.kdump");
        IncompleteDumpException e = dumpFails(out, channel -> new ChannelSink(new FullDiskChannel(channel, 8L << 20)));
        assertEquals("No space left on device", e.getMessage());
        checkIncomplete(out, e.statistics(), "full target");
    }

    @Test
    void anEioLeavesAnIncompleteDump() throws Exception {
        Path out = oracle.work.resolve("eio.kdump");
        IncompleteDumpException e = dumpFails(out, channel -> FailingSink.eioAfter(channel, 16L << 20));
        assertEquals("Input/output error", e.getMessage());
        checkIncomplete(out, e.statistics(), "EIO");
    }

    @Test
    void unreadableInputPagesAreNamedAndLeaveTheDumpIncomplete() throws Exception {
        Path out = oracle.work.resolve("unreadable.kdump");
        Files.deleteIfExists(out);
        DumpStatistics s;
        List<Long> lost = new ArrayList<>();
        try (VmcoreSource whole = VmcoreSources.open(vmcore);
                PageClassification classes = VmcoreClassifier.classify(whole, new DumpLevel(31))) {
            long middle = whole.memory().maxMapnr() / 2;
            for (long pfn = middle; lost.size() < 3; pfn++) {
                if (whole.memory().backed(pfn) && classes.exclusion(pfn) == ExclusionClass.NONE) {
                    lost.add(pfn);
                }
            }
            try (VmcoreSource source = new UnreadablePages(VmcoreSources.open(vmcore), Set.copyOf(lost));
                    FileChannel channel = create(out)) {
                s = writer(classes).write(source, new ChannelSink(channel));
            }
        }
        assertTrue(s.complete(), "the run went to its end");
        assertEquals(3, s.unreadablePages());
        assertEquals(lost, s.unreadableSample(), "the statistics name the pages skipped");
        assertTrue(s.markedIncomplete());
        try (KdumpReader reader = KdumpReader.open(out)) {
            assertTrue(reader.header().incomplete(), "a dump that lacks pages says incomplete");
            for (long pfn : lost) {
                assertFalse(reader.has(pfn), "pfn " + pfn + " is absent");
            }
        }
        long present = DumpPages.presentMatch(out, vmcore);
        System.out.printf("unreadable input pages %s: skipped and named, dump incomplete, %d present pages as the"
                + " vmcore's%n", lost, present);
    }

    private interface SinkOn {
        DumpSink on(FileChannel channel);
    }

    private static IncompleteDumpException dumpFails(Path out, SinkOn sink) throws Exception {
        Files.deleteIfExists(out);
        try (VmcoreSource source = VmcoreSources.open(vmcore);
                PageClassification classes = VmcoreClassifier.classify(source, new DumpLevel(31));
                FileChannel channel = create(out)) {
            return assertThrows(IncompleteDumpException.class, () -> writer(classes).write(source, sink.on(channel)));
        }
    }

    private static KdumpWriter writer(PageClassification classes) {
        Optional<PageCodec> lzo = PageCodec.ALL.stream().filter(c -> c.name().equals("lzo")).findFirst();
        return new KdumpWriter(new KdumpOptions(lzo, 31, 2, classes));
    }

    private static FileChannel create(Path out) throws Exception {
        return FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static void checkIncomplete(Path out, DumpStatistics s, String fault) throws Exception {
        assertFalse(s.complete(), "the statistics say the run stopped");
        assertTrue(s.markedIncomplete());
        try (KdumpReader reader = KdumpReader.open(out)) {
            assertTrue(reader.header().incomplete(), "the header says incomplete");
        }
        long present = DumpPages.presentMatch(out, vmcore);
        assertTrue(present > 0, "pages written before the fault are kept");
        System.out.printf("%s: dump marked incomplete after %d of the pages it meant to write; %d present pages as the"
                + " vmcore's%n", fault, s.writtenPages(), present);
    }
}
