package org.kexkit.kdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureRunTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:04:05Z"), ZoneOffset.UTC);
    private static final String DIR = "guest-20261206-030405";

    /** Writes fixed bytes, or fails where told. */
    private static final class FakeDumper implements CaptureDumper {
        boolean logFails;
        boolean dumpFails;
        boolean dumpRunsOutOfMemory;

        @Override
        public byte[] kernelLog() throws IOException {
            if (logFails) {
                throw new IOException("no VMCOREINFO");
            }
            return "[    0.000000] Linux version 7.2\n".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String dumpToFile(Path file) throws IOException {
            if (dumpRunsOutOfMemory) {
                throw new OutOfMemoryError("Java heap space");
            }
            if (dumpFails) {
                throw new IOException("No space left on device");
            }
            Files.write(file, new byte[] {'K', 'D', 'U', 'M', 'P'});
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return "5 bytes";
        }

        @Override
        public String dumpFlattened(OutputStream out) throws IOException {
            if (dumpFails) {
                throw new IOException("No space left on device");
            }
            out.write(new byte[] {'F', 'L', 'A', 'T'});
            return "4 bytes";
        }
    }

    private static CaptureRun run(KdumpConfig config) {
        return new CaptureRun(config, CLOCK, Exception::getMessage);
    }

    @Test
    void logFirstThenDumpThenRecord(@TempDir Path target) throws Exception {
        CaptureRun.Result r = run(KdumpConfig.defaults()).run(new LocalStore(target), new FakeDumper(), "guest");
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(AfterAction.REBOOT, r.action());
        Path dir = target.resolve(DIR);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("dmesg.txt"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("status"))));
        assertArrayEquals(new byte[] {'K', 'D', 'U', 'M', 'P'}, Files.readAllBytes(dir.resolve("dump")));
        assertEquals("""
                result=ok
                directory=guest-20261206-030405
                started=2026-12-06T03:04:05
                finished=2026-12-06T03:04:05
                dump_level=31
                compression=zstd
                dmesg=ok
                dump=ok: 5 bytes
                action=reboot
                """, Files.readString(dir.resolve("status")));
        LastDump.Found last = LastDump.in(target).orElseThrow();
        assertEquals(DIR, last.directory());
        assertEquals(Optional.of(r.record()), last.record());
    }

    @Test
    void failedDumpKeepsTheLogAndTheRecord(@TempDir Path target) throws Exception {
        FakeDumper dumper = new FakeDumper();
        dumper.dumpFails = true;
        KdumpConfig config = KdumpConfigParser.parse(Path.of("k.conf"), "failure_action shell\n");
        CaptureRun.Result r = run(config).run(new LocalStore(target), dumper, "guest");
        assertFalse(r.ok());
        assertEquals(AfterAction.SHELL, r.action());
        assertEquals(List.of("the dump was not written: No space left on device"), r.problems());
        assertTrue(Files.exists(target.resolve(DIR).resolve("dmesg.txt")));
        DumpRecord record = LastDump.in(target).orElseThrow().record().orElseThrow();
        assertEquals(DumpRecord.Result.FAILED, record.result());
        assertEquals("failed: No space left on device", record.dump());
        assertEquals("shell", record.action());
    }

    @Test
    void aDumpOutOfMemoryKeepsTheLogAndTheRecord(@TempDir Path target) throws Exception {
        FakeDumper dumper = new FakeDumper();
        dumper.dumpRunsOutOfMemory = true;
        CaptureRun.Result r = run(KdumpConfigParser.parse(Path.of("k.conf"), "")).run(new LocalStore(target), dumper, "guest");
        assertFalse(r.ok());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).matches("the dump was not written: out of memory \\(Java heap space; the Java heap"
                + " may grow to \\d+ MiB\\)"), r.problems().toString());
        assertTrue(Files.exists(target.resolve(DIR).resolve("dmesg.txt")), "the log was saved first");
        assertEquals(DumpRecord.Result.FAILED, LastDump.in(target).orElseThrow().record().orElseThrow().result());
    }

    @Test
    void failedLogStillDumps(@TempDir Path target) {
        FakeDumper dumper = new FakeDumper();
        dumper.logFails = true;
        CaptureRun.Result r = run(KdumpConfig.defaults()).run(new LocalStore(target), dumper, "guest");
        assertTrue(r.ok());
        assertEquals("failed: no VMCOREINFO", r.record().dmesg());
        assertEquals(List.of("the kernel log (dmesg.txt) was not written: no VMCOREINFO"), r.problems());
    }

    @Test
    void keepsTheNewest(@TempDir Path target) throws Exception {
        for (String old : List.of("guest-20261201-000000", "guest-20261202-000000", "guest-20261203-000000",
                "other-20261130-120000")) {
            Files.createDirectory(target.resolve(old));
            Files.writeString(target.resolve(old).resolve("dmesg.txt"), "x");
        }
        Files.createDirectory(target.resolve("lost+found"));
        CaptureRun.Result r = run(KdumpConfigParser.parse(Path.of("k.conf"), "keep 2")).run(new LocalStore(target),
                new FakeDumper(), "guest");
        assertEquals(List.of("guest-20261202-000000", "guest-20261201-000000", "other-20261130-120000"), r.deleted());
        List<String> left = new ArrayList<>(new LocalStore(target).list());
        left.sort(null);
        assertEquals(List.of("guest-20261203-000000", DIR, "lost+found"), left);
    }

    @Test
    void aFailedDumpDeletesNothing(@TempDir Path target) throws Exception {
        Files.createDirectory(target.resolve("guest-20261201-000000"));
        FakeDumper dumper = new FakeDumper();
        dumper.dumpFails = true;
        CaptureRun.Result r = run(KdumpConfigParser.parse(Path.of("k.conf"), "keep 1")).run(new LocalStore(target),
                dumper, "guest");
        assertEquals(List.of(), r.deleted());
        assertTrue(Files.exists(target.resolve("guest-20261201-000000")));
    }

    @Test
    void noDirectoryIsAFailure(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("file");
        Files.writeString(file, "");
        CaptureRun.Result r = run(KdumpConfig.defaults()).run(new LocalStore(file), new FakeDumper(), "guest");
        assertFalse(r.ok());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("cannot make the dump directory guest-20261206-030405 in " + file));
    }

    @Test
    void sshTargetRunsArgvsAndWritesUnderTemporaryNames(@TempDir Path remote) throws Exception {
        List<List<String>> seen = new ArrayList<>();
        // the remote side, run locally: the last argument is what ssh would hand the remote shell
        SshStore.Starter local = argv -> {
            seen.add(argv);
            return new ProcessBuilder("sh", "-c", argv.get(argv.size() - 1)).start();
        };
        DumpTarget.Ssh target = new DumpTarget.Ssh("root", "dumps", 22, remote.resolve("crash").toString(),
                Optional.of(Path.of("/etc/kexkit/id")));
        Files.createDirectories(remote.resolve("crash/guest-20261101-000000"));
        KdumpConfig config = new KdumpConfig("31", Compression.ZSTD, 7, target, Optional.empty(), Optional.empty(),
                List.of(), List.of(), LoadMethod.FILE, AfterAction.REBOOT, AfterAction.REBOOT, 1, Optional.empty(),
                Optional.empty(), List.of(), List.of(), CaptureRuntime.IMAGE);
        CaptureRun.Result r = run(config).run(new SshStore(target, local), new FakeDumper(), "guest");
        assertTrue(r.ok(), r.problems().toString());
        Path dir = remote.resolve("crash").resolve(DIR);
        assertArrayEquals(new byte[] {'F', 'L', 'A', 'T'}, Files.readAllBytes(dir.resolve("dump.flat")));
        assertTrue(Files.readString(dir.resolve("status")).contains("dump=ok: 4 bytes"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("dmesg.txt"))));
        assertEquals(List.of("guest-20261101-000000"), r.deleted());
        assertFalse(Files.exists(remote.resolve("crash/guest-20261101-000000")));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=30",
                "-p", "22", "-i", "/etc/kexkit/id", "--",
                "root@dumps", "umask 077 && mkdir -p " + remote.resolve("crash") + " && mkdir " + dir), seen.get(0));
    }

    @Test
    void statusReadsTheNewestRecordOfAnSshTarget(@TempDir Path remote) throws Exception {
        List<String> remoteCommands = new ArrayList<>();
        SshStore.Starter local = argv -> {
            remoteCommands.add(argv.get(argv.size() - 1));
            return new ProcessBuilder("sh", "-c", argv.get(argv.size() - 1)).start();
        };
        DumpTarget.Ssh target = new DumpTarget.Ssh("root", "dumps", 22, remote.resolve("crash").toString(),
                Optional.empty());
        SshStore store = new SshStore(target, local);
        assertEquals(Optional.empty(), LastDump.in(store), "no directory yet: no dump, not a failure");
        KdumpConfig config = new KdumpConfig("31", Compression.ZSTD, 7, target, Optional.empty(), Optional.empty(),
                List.of(), List.of(), LoadMethod.FILE, AfterAction.REBOOT, AfterAction.REBOOT, 1, Optional.empty(),
                Optional.empty(), List.of(), List.of(), CaptureRuntime.IMAGE);
        CaptureRun.Result r = run(config).run(store, new FakeDumper(), "guest");
        Files.createDirectories(remote.resolve("crash/guest-20261101-000000")); // older, no record
        remoteCommands.clear();
        LastDump.Found last = LastDump.in(store).orElseThrow();
        assertEquals(DIR, last.directory());
        assertEquals(Optional.of(r.record()), last.record());
        assertEquals("root@dumps:" + remote.resolve("crash").resolve(DIR), store.describe(DIR));
        assertEquals(2, remoteCommands.size(), "one ssh run to list, one to read: " + remoteCommands);
        Files.delete(remote.resolve("crash").resolve(DIR).resolve("status"));
        assertEquals(Optional.empty(), LastDump.in(store).orElseThrow().record(), "a capture that stopped early");
    }

    @Test
    void namesAndRetention() {
        assertEquals("localhost-20261206-030405", DumpNaming.directory("(none)", LocalDateTime.parse("2026-12-06T03:04:05")));
        assertEquals("web-1.example-20261206-030405", DumpNaming.directory("web-1.example",
                LocalDateTime.parse("2026-12-06T03:04:05")));
        assertEquals(List.of(), Retention.toDelete(List.of("a-20260101-000000", "b-20260102-000000"), 0, "x"));
        assertEquals(List.of("a-20260101-000000"), Retention.toDelete(List.of("a-20260101-000000", "b-20260102-000000",
                "notes.txt"), 1, "b-20260102-000000"));
    }
}
