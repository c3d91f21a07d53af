package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.image.TestKernels;
import org.kexkit.testing.Fixtures;

/** `kexkit kexec -c --dry-run --sysroot`: a whole load prepared from another machine's recorded /proc and /sys. */
class KexecDryRunTest {
    @TempDir
    Path dir;

    @Test
    void crashLoadDryRunPrintsSegmentsAndWritesAHeaderThatElfcoreShowReads() throws Exception {
        FakeKernel kernel = new FakeKernel();
        Path sysroot = Fixtures.path("sysroot/qemu-7.2");
        Path header = dir.resolve("elfcorehdr");
        Path initrd = Files.write(dir.resolve("initrd"), new byte[1 << 20]);
        CliRun r = CliRun.of(kernel.environment(dir), "kexec", "-p", "-c", bzImage().toString(), "--initrd=" + initrd,
                "--append=console=ttyS0 irqpoll", "--dry-run", "--sysroot", sysroot.toString(), "--elfcorehdr-out", header.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("crash kernel image via kexec_load"), r.out());
        assertTrue(r.out().contains("command line: console=ttyS0 irqpoll elfcorehdr="), r.out());
        assertTrue(kernel.flags.isEmpty(), "a dry run loads nothing");

        CliRun show = CliRun.of(kernel.environment(dir), "elfcore", "show", header.toString());
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("3 PT_LOAD segments"), show.out());
    }

    @Test
    void kexecLoadHandsTheImageToTheKernelWithTheCrashAndArchFlags() throws Exception {
        FakeKernel kernel = new FakeKernel();
        Path root = dir.resolve("root");
        copyTree(Fixtures.path("sysroot/qemu-6.1"), root);
        CliRun r = CliRun.of(kernel.environment(root), "kexec", "-p", "-c", bzImage().toString(), "--command-line=console=ttyS0");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(java.util.List.of(0x1L | (62L << 16)), kernel.flags);
        assertEquals(java.util.List.of(4), kernel.loadedSegments, "kernel, elfcorehdr, boot_params, purgatory");
    }

    private static Path bzImage() {
        return TestKernels.bzImageKho();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    @Test
    void hotplugLoadPassesUpdateElfcorehdrAndLeavesRoomInTheHeader() throws Exception {
        FakeKernel kernel = new FakeKernel();
        Path root = dir.resolve("root");
        copyTree(Fixtures.path("sysroot/qemu-7.2"), root);
        Path header = dir.resolve("elfcorehdr");
        CliRun r = CliRun.of(kernel.environment(root), "kexec", "-p", "-c", "--hotplug", bzImage().toString(),
                "--command-line=console=ttyS0", "--elfcorehdr-out", header.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(java.util.List.of(0x1L | 0x4L | (62L << 16)), kernel.flags);
        long planned = Long.parseLong(Files.readString(root.resolve("sys/kernel/crash_elfcorehdr_size")).strip());
        assertTrue(Files.size(header) >= planned, "header of " + Files.size(header) + " bytes, kernel plans " + planned);
    }
}
