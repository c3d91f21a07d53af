package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kexkit kdump load, unload, status, capture and config on a recorded system tree and a fake kernel. */
class KdumpCommandTest {
    @TempDir
    Path root;
    FakeKernel kernel;
    CliEnvironment environment;

    @BeforeEach
    void system() throws Exception {
        write("proc/sys/kernel/osrelease", "6.1.0-42-amd64\n");
        write("proc/sys/kernel/hostname", "web1\n");
        write("proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-42-amd64 root=UUID=1 ro quiet crashkernel=256M hugepages=8\n");
        write("sys/kernel/kexec_crash_size", "268435456\n");
        write("sys/kernel/kexec_crash_loaded", "0\n");
        write("boot/vmlinuz-6.1.0-42-amd64", "kernel");
        write("var/lib/kexkit/capture-6.1.0-42-amd64.img", "initrd");
        kernel = new FakeKernel();
        environment = kernel.environment(root);
    }

    private void write(String file, String text) throws Exception {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private CliRun run(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void configShowAndCheck() throws Exception {
        CliRun show = run("kdump", "config");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().startsWith("target /var/crash\ndump_level 31\ncompression zstd\n"), show.out());
        CliRun check = run("kdump", "config", "--check");
        assertEquals(root.resolve("etc/kexkit/kdump.conf") + ": ok\n", check.out());
        write("etc/kexkit/kdump.conf", "# mine\ncompression gzip\n");
        CliRun bad = run("kdump", "config", "--check");
        assertEquals(1, bad.exitCode());
        assertEquals("kexkit: " + root.resolve("etc/kexkit/kdump.conf") + ":2: compression: 'gzip' is not one of none,"
                + " zlib, lzo, snappy, zstd", bad.errLine());
    }

    @Test
    void loadsWithTheReusedCommandLine() throws Exception {
        CliRun dry = run("kdump", "load", "--dry-run");
        assertEquals("""
                kernel:  /boot/vmlinuz-6.1.0-42-amd64
                initrd:  /var/lib/kexkit/capture-6.1.0-42-amd64.img
                cmdline: root=UUID=1 ro irqpoll nr_cpus=1 reset_devices
                method:  file
                """, dry.out());
        CliRun load = run("kdump", "load");
        assertEquals(0, load.exitCode(), load.err());
        assertEquals(List.of("root=UUID=1 ro irqpoll nr_cpus=1 reset_devices\0"), kernel.cmdlines);
        assertEquals("kdump: loaded /boot/vmlinuz-6.1.0-42-amd64 with /var/lib/kexkit/capture-6.1.0-42-amd64.img"
                + " (kexec_file_load) into 256 MiB (268435456 bytes) reserved\n", load.out());
        String record = Files.readString(root.resolve("run/kexkit/kdump-loaded"));
        assertTrue(record.startsWith("release=6.1.0-42-amd64\nkernel=/boot/vmlinuz-6.1.0-42-amd64\n"), record);

        write("sys/kernel/kexec_crash_loaded", "1\n");
        CliRun status = run("kdump", "status");
        assertEquals(0, status.exitCode(), status.out() + status.err());
        assertTrue(status.out().contains("capture kernel:      loaded (/boot/vmlinuz-6.1.0-42-amd64 + "), status.out());
        assertTrue(status.out().contains("current:             yes\n"), status.out());
        assertTrue(status.out().contains("crash hotplug:       not in this kernel: the udev rule reloads"), status.out());
        assertTrue(status.out().contains("last dump:           none\n"), status.out());
        assertFalse(status.out().contains("crash CMA"), status.out());

        // crashkernel=256M crashkernel=128M,cma: the CMA area is said with the reservation
        write("sys/kernel/kexec_crash_cma_ranges", "30000000-37ffffff\n");
        CliRun cma = run("kdump", "status");
        assertTrue(cma.out().contains("crash CMA:           128 MiB (134217728 bytes) in 30000000-37ffffff: lent to the"),
                cma.out());
        assertTrue(run("kdump", "status", "--json").out().contains(
                "\"crash_cma_size\":134217728,\"crash_cma_ranges\":[\"30000000-37ffffff\"]"));
        Files.delete(root.resolve("sys/kernel/kexec_crash_cma_ranges"));

        // a changed config makes the load stale
        write("etc/kexkit/kdump.conf", "keep 5\n");
        Files.setLastModifiedTime(root.resolve("etc/kexkit/kdump.conf"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        CliRun stale = run("kdump", "status", "--json");
        assertEquals(KdumpStatusCommand.NOT_READY, stale.exitCode());
        assertTrue(stale.out().contains("\"kdump.conf changed since the load: reload (systemctl restart kexkit-kdump)\""),
                stale.out());
        assertTrue(stale.out().contains("\"ready\":false"), stale.out());

        CliRun unload = run("kdump", "unload");
        assertEquals(0, unload.exitCode(), unload.err());
        assertFalse(Files.exists(root.resolve("run/kexkit/kdump-loaded")));
    }

    @Test
    void aBadConfigLoadsNothing() throws Exception {
        write("etc/kexkit/kdump.conf", "target /var/crash\nerase /nonexistent/erase.conf\n");
        CliRun load = run("kdump", "load");
        assertEquals(1, load.exitCode());
        assertEquals("kexkit: " + root.resolve("etc/kexkit/kdump.conf") + ":2: erase: cannot read"
                + " /nonexistent/erase.conf (no such file); nothing loaded", load.errLine());
        assertEquals(List.of(), kernel.cmdlines);
    }

    @Test
    void aMissingCaptureEnvironmentLoadsNothing() throws Exception {
        Files.delete(root.resolve("var/lib/kexkit/capture-6.1.0-42-amd64.img"));
        CliRun load = run("kdump", "load");
        assertEquals(1, load.exitCode());
        assertEquals("kexkit: " + root.resolve("var/lib/kexkit/capture-6.1.0-42-amd64.img") + ": no such file: the"
                + " capture environment (kdump.conf's initrd); nothing loaded", load.errLine());
        assertEquals(List.of(), kernel.cmdlines);
    }

    private Path vmcore() throws Exception {
        MakedumpfileDmesgTest fixture = new MakedumpfileDmesgTest();
        fixture.dir = Files.createDirectories(root.resolve("vmcore-dir"));
        fixture.writeVmcore();
        return fixture.vmcore;
    }

    @Test
    void captureWritesLogDumpAndRecord() throws Exception {
        Path vmcore = vmcore();
        write("etc/kexkit/kdump.conf", "dump_level 1\ncompression zlib\nfinal_action poweroff\nmessage_level 0\n");
        CliRun capture = run("kdump", "capture", "--vmcore", vmcore.toString());
        assertEquals(0, capture.exitCode(), capture.out() + capture.err());
        List<String> lines = capture.out().lines().toList();
        assertEquals("action: poweroff", lines.get(lines.size() - 1));
        Path dir;
        try (Stream<Path> s = Files.list(root.resolve("var/crash"))) {
            dir = s.findFirst().orElseThrow();
        }
        assertTrue(dir.getFileName().toString().matches("web1-\\d{8}-\\d{6}"), dir.toString());
        assertEquals("[    2.500000] [      T1] KEXKIT-MARKER-1\n", Files.readString(dir.resolve("dmesg.txt")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("dump"))));
        assertEquals("KDUMP   ", new String(Files.readAllBytes(dir.resolve("dump")), 0, 8,
                java.nio.charset.StandardCharsets.US_ASCII)); // disk_dump_header.signature

        CliRun status = run("kdump", "status", "--json");
        assertTrue(status.out().contains("\"last_dump\":{\"directory\":\"" + dir + "\",\"result\":\"ok\""), status.out());
    }

    @Test
    void captureRunsTheConfiguredExtensionsWithTheirArguments() throws Exception {
        Path dir = Files.createDirectories(root.resolve("training"));
        org.kexkit.dump.filter.TrainingVmcore.main(new String[] {dir.toString()});
        Path jar = org.kexkit.dump.extension.TestJars.build(dir, "argued.jar",
                java.util.Map.of("sample.Argued", MakedumpfileExtensionTest.ARGUED), List.of("sample.Argued"));
        write("etc/kexkit/kdump.conf", "dump_level 0\ncompression zlib\nmessage_level 0\nextensions " + jar
                + " argued.pfn=41\n");
        CliRun capture = run("kdump", "capture", "--vmcore", dir.resolve("vmcore").toString());
        assertEquals(0, capture.exitCode(), capture.out() + capture.err());
        Path dump;
        try (Stream<Path> s = Files.list(root.resolve("var/crash"))) {
            dump = s.findFirst().orElseThrow().resolve("dump");
        }
        try (org.kexkit.dump.kdump.KdumpReader r = org.kexkit.dump.kdump.KdumpReader.open(dump)) {
            assertFalse(r.dumped(41), "the extension's drop vote, with its argument from kdump.conf");
            assertTrue(r.dumped(40) && r.dumped(42), "the pages around it stay at dump level 0");
        }
    }

    @Test
    void aFailedCaptureIsLoudAndRecorded() throws Exception {
        Path vmcore = vmcore();
        // level 31 needs the mem_map, which this vmcore's VMCOREINFO does not describe: the dump fails, the log not
        write("etc/kexkit/kdump.conf", "failure_action shell\n");
        CliRun capture = run("kdump", "capture", "--vmcore", vmcore.toString(), "--host", "web1");
        assertEquals(1, capture.exitCode());
        assertTrue(capture.err().contains("kexkit: kdump: DUMP FAILED: the dump was not written: "), capture.err());
        assertTrue(capture.out().endsWith("action: shell\n"), capture.out());
        CliRun status = run("kdump", "status");
        assertTrue(status.out().contains("last dump:           " + root.resolve("var/crash")), status.out());
        assertTrue(status.out().contains(": FAILED\n"), status.out());
        assertTrue(status.out().contains("  dmesg:             ok\n"), status.out());
    }

    @Test
    void captureWithoutItsTargetSaysSo() throws Exception {
        write("etc/kexkit/kdump.conf", "target LABEL=kdump:/crash\n");
        CliRun capture = run("kdump", "capture", "--vmcore", vmcore().toString());
        assertEquals(1, capture.exitCode());
        assertTrue(capture.err().contains("DUMP FAILED: target LABEL=kdump: no block device has that filesystem"),
                capture.err());
        assertEquals("action: reboot\n", capture.out());
    }
}
