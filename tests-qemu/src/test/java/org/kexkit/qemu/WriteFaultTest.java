package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.dump.kdump.PageDescriptor;
import org.kexkit.qemu.run.HostCommand;

/**
 * Real write faults in a capture kernel (see {@link WriteFaults}): Debian's 6.1 kernel panics once, and its
 * capture kernel's {@code kexkit makedumpfile -l -d 31} meets a small ext4 filling up (ENOSPC from the
 * guest's own ext4) and a disk whose writes fail with EIO from 16 MiB on (QEMU's blkdebug under the guest's
 * block layer). Each must exit 1 with one line naming the error, leave no file under the dump's name, and
 * leave a partial file, mode 0600, whose header says incomplete, that drgn and crash open, and whose pages
 * equal the vmcore's. On the EIO disk the page cache hides the error until the last fsync, so the writer
 * counted every page written; the pages whose data lies in the failed blocks never reached the disk (their
 * blocks read as zeros there) and are passed over, counted, by the comparison, every other page must match.
 */
@Tag("qemu")
class WriteFaultTest {
    private static final Pattern WRITTEN = Pattern.compile("(\\d+) pages written before the stop");
    private static final String DRGN_OPENS = """
            import drgn, sys
            p = drgn.Program()
            p.set_core_dump(sys.argv[1])
            print("opened")
            """;
    private static QemuFixture qemu;
    private static GuestKernel kernel;
    private static WriteFaults.Report report;

    @BeforeAll
    static void boot() {
        qemu = QemuFixture.prepare();
        kernel = qemu.kernels.byLabel("6.1");
        report = new WriteFaults(qemu.setup).run(kernel);
    }

    @AfterAll
    static void discard() throws Exception {
        if (report != null) {
            Files.deleteIfExists(report.vmcore()); // 1 GiB of guest memory
        }
    }

    @Test
    void aFullFileSystemLeavesAnIncompleteDumpOfTheVmcoresPages() throws Exception {
        WriteFaults.Fault f = report.full();
        String line = oneLineExit1(f, "No space left on device");
        long present = DumpPages.presentMatch(f.partial(), report.vmcore());
        assertTrue(present > 0, "pages written before the disk filled up are kept");
        String crash = crashSays(f.partial(), true);
        System.out.printf("ENOSPC in the capture kernel (%d MiB ext4): exit %d after %.1f s; %d pages present, as the"
                + " vmcore's; %d bytes left; crash: %s; %s%n", WriteFaults.FULL_MIB, f.exitCode(), f.seconds(), present,
                Files.size(f.partial()), crash, line);
    }

    @Test
    void aDeviceFailingWritesLeavesAnIncompleteDump() throws Exception {
        WriteFaults.Fault f = report.eio();
        String line = oneLineExit1(f, "Input/output error");
        long failed = WriteFaults.EIO_FROM / WriteFaults.EIO_BLOCK;
        long[] blocks = f.blocks();
        assertTrue(blocks[0] < failed, "the header's block is before the failing ones: " + blocks[0]);
        DumpPages.Match match;
        try (KdumpReader reader = KdumpReader.open(f.partial())) {
            match = DumpPages.presentMatchBut(f.partial(), report.vmcore(), pfn -> lostOnDisk(reader, pfn, blocks, failed));
        }
        assertTrue(match.matched() > 0, "pages written before the failing blocks are kept");
        assertEquals(0, match.passed(), "a descriptor points at data the device lost: descriptors are written only once"
                + " the data they point at is synced");
        String crash = crashSays(f.partial(), false);
        System.out.printf("EIO from disk byte %d (fs block %d) in the capture kernel: exit %d after %.1f s; %d pages"
                + " present as the vmcore's, %d pages whose data lies in failed blocks; file %d bytes in %d blocks, %d of"
                + " them failed; crash: %s; %s%n", WriteFaults.EIO_FROM, failed, f.exitCode(), f.seconds(), match.matched(),
                match.passed(), Files.size(f.partial()), blocks.length,
                java.util.Arrays.stream(blocks).filter(b -> b >= failed).count(), crash, line);
    }

    /** Any byte of the page's stored data in a block the device failed (or past the file's blocks). */
    private static boolean lostOnDisk(KdumpReader reader, long pfn, long[] blocks, long failed) {
        try {
            PageDescriptor d = reader.descriptor(pfn);
            for (long b = d.offset() / WriteFaults.EIO_BLOCK; b <= (d.offset() + d.size() - 1) / WriteFaults.EIO_BLOCK; b++) {
                if (b >= blocks.length || blocks[(int) b] >= failed) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError("pfn " + pfn + ": " + e.getMessage(), e);
        }
    }

    /**
     * The common checks: exit 1, one line on stderr naming {@code error}, no stack trace, no file under
     * the dump's name, the partial file left 0600 with a header that says incomplete, and drgn opens it.
     */
    private static String oneLineExit1(WriteFaults.Fault f, String error) throws Exception {
        assertEquals(1, f.exitCode(), f.name() + ": " + f.stdout() + f.stderr());
        List<String> lines = f.stderr().lines().toList();
        assertEquals(1, lines.size(), f.name() + ": one line: " + f.stderr());
        String line = lines.get(0);
        assertTrue(line.startsWith("kexkit: ") && line.contains(error) && line.contains("incomplete"), line);
        assertFalse(f.stdout().contains("Exception") || f.stdout().contains("\tat "), f.stdout());
        Matcher m = WRITTEN.matcher(line);
        assertTrue(m.find(), "the line says how many pages were written: " + line);
        assertFalse(f.finishedFileLeft(), f.name() + ": no file under the dump's own name");
        assertNotNull(f.partial(), f.name() + ": the partial file is left");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.partial())), "mode 0600");
        try (KdumpReader reader = KdumpReader.open(f.partial())) {
            assertTrue(reader.header().incomplete(), "the header says incomplete");
        }
        HostCommand.Result drgn = qemu.setup.sid().run(120, "python3", "-c", DRGN_OPENS, qemu.setup.sid().inside(f.partial()));
        assertEquals("opened", drgn.stdout().strip(), "drgn opens it: " + drgn.stderr());
        return line;
    }

    /**
     * crash takes the file as incomplete: its session starts, or (when {@code strict}) stops at a page not in
     * the file, never at the format. On the EIO disk a page whose blocks failed reads as zeros, which crash
     * may meet in its start: what it said then is reported, not asserted.
     */
    private static String crashSays(Path dump, boolean strict) {
        CrashCheck.Partial crash = new CrashCheck(qemu.setup.sid()).partial(dump, kernel.debugVmlinux());
        assertTrue(crash.output().contains("This dumpfile is incomplete"), "crash says the dump is incomplete: " + crash.output());
        if (crash.started()) {
            assertTrue(crash.output().contains(kernel.release()), "crash prints the release: " + crash.output());
            return "session started";
        }
        if (strict) {
            assertTrue(crash.notInFile(), "crash stops only at a page not in the file: "
                    + HostCommand.lastLines(crash.output(), 6));
        }
        return crash.notInFile() ? "stops at a page not in the file (" + crash.reason() + ")" : "stops: " + crash.reason();
    }
}
