package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kexkit.qemu.MakedumpfileOracle.kexkit;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.cli.CliEnvironment;
import org.kexkit.cli.Main;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.dump.kdump.KdumpReader;

/**
 * The kdump service's capture step on a real crash, sharing the 6.1 panic-capture boot (no boot of its own):
 * in that boot the capture kernel ran {@code kexkit kdump capture} with a kdump.conf whose target is the data disk
 * by its label (scenario-panic-capture.sh); its directory must hold dmesg.txt with the panic, a dump drgn reads and
 * a status record that {@code kexkit kdump status --sysroot} reports. The same step is then run here on the saved
 * vmcore, with keep 1, into a system tree.
 */
@Tag("qemu")
class KdumpServiceCaptureTest {
    @Test
    void theGuestsCaptureReadsInDrgnAndStatus() throws IOException {
        MakedumpfileOracle oracle = MakedumpfileOracle.open("6.1", "kdump-service", 600);
        Path vmcore = oracle.vmcore();
        String marker = Files.readString(vmcore.resolveSibling("marker")).strip();
        String release = oracle.saved.kernel().release();

        // what the capture kernel wrote to the data disk, copied beside the vmcore by PanicCapture
        Path guestRoot = vmcore.resolveSibling(PanicCapture.KDUMP_DIR);
        Path dir = CrashDirectories.only(guestRoot.resolve("crash"));
        CrashDirectories.filesAndLog(dir, marker);
        Map<String, String> seen = CrashDirectories.drgnReads(oracle.sid, dir.resolve("dump"), oracle.saved.kernel(), marker);
        assertEquals("swapper/0", seen.get("init_task_comm"), seen.toString());
        Files.createDirectories(guestRoot.resolve("etc/kexkit"));
        Files.createDirectories(guestRoot.resolve("proc/sys/kernel"));
        Files.writeString(guestRoot.resolve("proc/sys/kernel/osrelease"), release + "\n");
        Files.writeString(guestRoot.resolve("etc/kexkit/kdump.conf"), "target /crash\n");
        String status = status(guestRoot);
        assertTrue(status.contains("\"last_dump\":{\"directory\":\"" + dir + "\",\"result\":\"ok\""), status);
        assertTrue(status.contains("\"action\":\"poweroff\""), status);

        // the same step on the host, on the saved vmcore: keep 1 removes an older dump
        Path root = oracle.work.resolve("root");
        DebianKernels.deleteTree(root);
        Files.createDirectories(root.resolve("etc/kexkit"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.createDirectories(root.resolve("var/crash/old-20200101-000000"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), release + "\n");
        Files.writeString(root.resolve("etc/kexkit/kdump.conf"), "dump_level 31\ncompression lzo\nkeep 1\n");
        MakedumpfileOracle.KexkitRun capture = kexkit("kdump", "capture", "--sysroot", root.toString(), "--vmcore",
                vmcore.toString());
        System.out.printf("kexkit kdump capture (-d 31 -l) on the host: %.2f s%n", capture.seconds());
        List<String> out = capture.out().lines().toList();
        assertEquals("action: reboot", out.get(out.size() - 1), capture.out());
        assertTrue(capture.out().contains("kdump: removed old-20200101-000000 (keep 1)"), capture.out());
        CrashDirectories.filesAndLog(CrashDirectories.only(root.resolve("var/crash")), marker);
        oracle.discardWork();
    }

    /**
     * The 7.2 panic-capture boot's capture kernel ran {@code kexkit kdump capture} with erase rules for every
     * task's comm and the sample extensions (process-page-dropper.comm=init): drgn reads every comm as 'X's in
     * the guest's dump and as the real names in the raw vmcore, and the dump's page set is that of a -d 31 dump
     * made here of the saved vmcore minus exactly init's frames (found by drgn through init's VMAs).
     */
    @Test
    void theCaptureKernelErasesAndRunsTheSampleExtensions() throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(PanicCapture.ERASING_KERNEL, "kdump-service-erase", 600);
        Path vmcore = oracle.vmcore();
        String marker = Files.readString(vmcore.resolveSibling("marker")).strip();
        Path guestRoot = vmcore.resolveSibling(PanicCapture.KDUMP_DIR);
        String conf = Files.readString(guestRoot.resolve(PanicCapture.KDUMP_CONF));
        assertTrue(conf.contains("\nerase ") && conf.contains("\nextensions "), conf);
        Path dir = CrashDirectories.only(guestRoot.resolve("crash"));
        CrashDirectories.filesAndLog(dir, marker);
        Path dump = dir.resolve("dump");

        Map<String, String> raw = EraseOracleTest.comms(oracle, vmcore);
        Map<String, String> inDump = EraseOracleTest.comms(oracle, dump);
        assertEquals(raw.keySet(), inDump.keySet(), "drgn walks the same tasks");
        assertTrue(raw.size() > 10, raw.keySet().toString());
        String xs = "58".repeat(16);
        for (Map.Entry<String, String> e : inDump.entrySet()) {
            assertEquals(xs, e.getValue(), "task " + e.getKey() + "'s comm in the capture kernel's dump");
            assertTrue(!xs.equals(raw.get(e.getKey())), "task " + e.getKey() + "'s comm in the raw vmcore");
        }

        BitSet init = EraseOracleTest.initFrames(oracle, oracle.work, PanicCapture.ERASING_KERNEL);
        Path plain = oracle.work.resolve("plain-31");
        kexkit("makedumpfile", "-l", "-d", "31", "--message-level", "0", "-f", vmcore.toString(), plain.toString());
        BitSet expected = MakedumpfileOracle.dumped(plain);
        BitSet dropped = (BitSet) expected.clone();
        dropped.and(init);
        assertTrue(!dropped.isEmpty(), "-d 31 keeps some of init's frames for the dropper to drop");
        expected.andNot(init);
        assertEquals("", EraseOracleTest.difference(expected, MakedumpfileOracle.dumped(dump)),
                "the capture's page set: a -d 31 dump's less init's frames");
        System.out.printf("7.2 capture kernel: %d task comms erased, %d of init's %d frames dropped%n", inDump.size(),
                dropped.cardinality(), init.cardinality());
        oracle.discardWork();
    }

    /**
     * In the 6.1 boot the capture kernel first ran {@code kexkit kdump capture} in a memory cgroup of its own, into
     * a target of its own (/oom), and once its partial dump had grown past 3 MiB the cgroup's memory.max went to
     * 4 MiB, far below the JVM's use: the kernel's OOM killer killed the JVM (scenario-panic-capture.sh's
     * oom_capture). What it left must be honest: dmesg.txt (written first) with the panic; the partial dump, 0600,
     * marked incomplete, opened by drgn, its pages the vmcore's; no file that could pass for a whole dump and no
     * status record; and {@code kdump status} reports the capture as stopped before its record, not ok.
     */
    @Test
    void theOomKillerStopsACaptureMidDumpAndWhatItLeftSaysSo() throws Exception {
        MakedumpfileOracle oracle = MakedumpfileOracle.open(PanicCapture.OOM_KERNEL, "kdump-service-oom", 600);
        Path vmcore = oracle.vmcore();
        String marker = Files.readString(vmcore.resolveSibling("marker")).strip();
        Path root = vmcore.resolveSibling(PanicCapture.OOM_DIR);
        String record = Files.readString(root.resolve(PanicCapture.OOM_RECORD));
        List<String> lines = record.lines().toList();
        assertTrue(lines.contains("rc=137"), "kexkit killed by SIGKILL (128 + 9): " + record);
        assertTrue(lines.stream().anyMatch(l -> l.matches("memory_events_oom_kill=[1-9]\\d*")), "an OOM kill: " + record);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("kernel: ") && l.contains("Killed process")),
                "the kernel log names the kill: " + record);

        Path dir = CrashDirectories.only(root.resolve("oom"));
        Path partial = SafeOutputFile.partialPath(dir.resolve("dump"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(partial.getFileName().toString(), "dmesg.txt"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no dump, no status record");
        }
        for (Path f : List.of(dir.resolve("dmesg.txt"), partial)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        String dmesg = Files.readString(dir.resolve("dmesg.txt"));
        assertTrue(dmesg.contains(marker) && dmesg.contains("sysrq: Trigger a crash"), dir + "/dmesg.txt lacks the panic");
        try (KdumpReader reader = KdumpReader.open(partial)) {
            assertTrue(reader.header().incomplete(), partial + ": the header must say incomplete");
        }
        long present = DumpPages.presentMatch(partial, vmcore);
        assertTrue(present > 0, "pages went out before the kill");
        String drgn = oracle.mustRun("python3", "-c", SigkillOracleTest.DRGN_OPENS, oracle.sid.inside(partial)).stdout();
        assertEquals("opened", drgn.strip(), "drgn opens the killed dump");

        Files.createDirectories(root.resolve("etc/kexkit"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), oracle.saved.kernel().release() + "\n");
        Files.writeString(root.resolve("etc/kexkit/kdump.conf"), "target /oom\n");
        String status = status(root);
        assertTrue(status.contains("\"last_dump\":{\"directory\":\"" + dir + "\",\"result\":\"unknown\",\"problem\":"
                + "\"no status record: the capture stopped before writing it\""), status);
        System.out.printf("OOM kill mid-dump in the %s capture kernel: %s; %d pages present in %d bytes%n",
                PanicCapture.OOM_KERNEL, lines.stream().filter(l -> !l.startsWith("kernel: ") && !l.startsWith("capture: "))
                        .toList(), present, Files.size(partial));
        oracle.discardWork();
    }

    /** kdump status --json: exit 3 (nothing is loaded in a recorded tree), the last capture reported. */
    private static String status(Path root) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(CliEnvironment.live(), new PrintWriter(out), new PrintWriter(err), "kdump", "status", "--json",
                "--sysroot", root.toString());
        assertEquals(3, code, out + err.toString());
        return out.toString();
    }
}
