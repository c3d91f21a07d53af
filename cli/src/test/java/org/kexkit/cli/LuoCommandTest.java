package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.luo.LuoIndex;
import org.kexkit.kexec.sys.LiveUpdateCalls;

/** kexec -e --preserve and luo restore through the CLI, against a kernel that handed files over (or has no LUO). */
class LuoCommandTest {
    @TempDir
    Path dir;

    private final FakeKernel kernel = new FakeKernel();

    /** The next kernel's side: one session 'kexkit' with the files given; or no /dev/liveupdate at all. */
    private static class HandedOver implements LiveUpdateCalls {
        final Map<Long, byte[]> files;
        final Map<Integer, byte[]> open = new HashMap<>();
        boolean finished;
        int next = 10;

        HandedOver(Map<Long, byte[]> files) {
            this.files = files;
        }

        @Override
        public int openDevice() throws LuoCallException {
            if (files == null) {
                throw new LuoCallException("open /dev/liveupdate", 2);
            }
            return 3;
        }

        @Override
        public int createSession(int device, String name) throws LuoCallException {
            throw new AssertionError("no session is created in the next kernel");
        }

        @Override
        public int retrieveSession(int device, String name) throws LuoCallException {
            return 4;
        }

        @Override
        public void preserveFd(int session, int fd, long token) {
            throw new AssertionError();
        }

        @Override
        public int retrieveFd(int session, long token) throws LuoCallException {
            if (!files.containsKey(token)) {
                throw new LuoCallException("LIVEUPDATE_SESSION_RETRIEVE_FD", 2);
            }
            open.put(next, files.get(token));
            return next++;
        }

        @Override
        public void finish(int session) {
            finished = true;
        }

        @Override
        public int memfdCreate(String name) {
            throw new AssertionError();
        }

        @Override
        public void write(int fd, byte[] data, int length) {
            throw new AssertionError();
        }

        @Override
        public int pread(int fd, byte[] buffer, long offset) {
            byte[] data = open.get(fd);
            int n = (int) Math.max(0, Math.min(buffer.length, data.length - offset));
            System.arraycopy(data, (int) offset, buffer, 0, n);
            return n;
        }

        @Override
        public long size(int fd) {
            return open.get(fd).length;
        }

        @Override
        public void close(int fd) {
        }
    }

    private CliRun run(LiveUpdateCalls calls, String... args) {
        return CliRun.of(CliEnvironment.of(dir, kernel.syscalls().withLiveUpdate(() -> calls)), args);
    }

    @Test
    void restoreWritesEachFileOwnerOnlyAndFinishes() throws Exception {
        byte[] data = "payload that crossed the kexec\n".getBytes(StandardCharsets.UTF_8);
        byte[] other = {1, 2, 3};
        LuoIndex index = new LuoIndex(List.of(
                new LuoIndex.Entry(1, data.length, sha256(data), "data"),
                new LuoIndex.Entry(2, other.length, sha256(other), "other")));
        HandedOver kernel2 = new HandedOver(Map.of(0L, index.encode(), 1L, data, 2L, other));
        Path out = Files.createDirectory(dir.resolve("out"));
        CliRun r = run(kernel2, "luo", "restore", "data", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("kexkit: warning: other was not restored and is released with the session", r.errLine());
        assertEquals(new String(data, StandardCharsets.UTF_8), Files.readString(out.resolve("data")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("data"))));
        assertTrue(kernel2.finished);

        CliRun missing = run(new HandedOver(Map.of(0L, index.encode())), "luo", "restore", "nope", "--out", out.toString());
        assertEquals("kexkit: LUO session 'kexkit' has no file nope (it has: data, other)", missing.errLine());
        CliRun exists = run(new HandedOver(Map.of(0L, index.encode(), 1L, data)), "luo", "restore", "data", "-o", out.toString());
        assertEquals(1, exists.exitCode());
        assertTrue(exists.errLine().endsWith("data already exists (use --force to replace it)"), exists.err());
    }

    @Test
    void withoutLuoBothSidesSayWhyInOneLine() throws Exception {
        file("sys/kernel/kexec_loaded", "1\n");
        Path f = Files.writeString(dir.resolve("f"), "x");
        String why = "kexkit: cannot open /dev/liveupdate: the running kernel has no Live Update Orchestrator: it needs"
                + " CONFIG_LIVEUPDATE and the command line options kho=on liveupdate=on (ENOENT)";
        CliRun exec = run(new HandedOver(null), "kexec", "-e", "--preserve", "data=" + f);
        assertEquals(1, exec.exitCode());
        assertEquals(why, exec.errLine());
        assertEquals(0, kernel.reboots, "no kexec when the files could not be preserved");
        CliRun restore = run(new HandedOver(null), "luo", "restore", "-o", dir.toString());
        assertEquals(why, restore.errLine());
    }

    /** A kernel whose /dev/liveupdate refuses one session call with an errno. */
    private static final class Refusing extends HandedOver {
        private final String call;

        Refusing(String call) {
            super(Map.of());
            this.call = call;
        }

        @Override
        public int createSession(int device, String name) throws LuoCallException {
            throw new LuoCallException(call, 17); // EEXIST
        }

        @Override
        public int retrieveSession(int device, String name) throws LuoCallException {
            throw new LuoCallException(call, 2); // ENOENT
        }
    }

    @Test
    void theCliAddsItsOwnAdviceToLuoFacts() throws Exception {
        file("sys/kernel/kexec_loaded", "1\n");
        Path f = Files.writeString(dir.resolve("f"), "x");
        CliRun exists = run(new Refusing("LIVEUPDATE_IOCTL_CREATE_SESSION"), "kexec", "-e", "--preserve", "data=" + f);
        assertEquals(1, exists.exitCode());
        assertEquals("kexkit: LIVEUPDATE_IOCTL_CREATE_SESSION failed with EEXIST: a LUO session named 'kexkit' exists"
                + " already (is another kexkit kexec -e --preserve running?)", exists.errLine());
        assertEquals(0, kernel.reboots);
        CliRun none = run(new Refusing("LIVEUPDATE_IOCTL_RETRIEVE_SESSION"), "luo", "restore", "-o", dir.toString());
        assertEquals(1, none.exitCode());
        assertEquals("kexkit: LIVEUPDATE_IOCTL_RETRIEVE_SESSION failed with ENOENT: no LUO session named 'kexkit' was"
                + " handed over (the previous kernel did not run kexkit kexec -e --preserve, or it was restored"
                + " already)", none.errLine());
    }

    @Test
    void refusedPreserveRequestsNameTheFlag() throws Exception {
        file("sys/kernel/kexec_loaded", "1\n");
        Path f = Files.writeString(dir.resolve("f"), "x");
        HandedOver calls = new HandedOver(Map.of());
        assertEquals("kexkit: --preserve a is given twice", run(calls, "kexec", "-e", "--preserve", "a=" + f,
                "--preserve", "a=" + f).errLine());
        assertEquals("kexkit: --preserve .x=...: NAME must be letters, digits and . _ + - (not starting with '.'), at"
                + " most 128: it becomes a file name in the next kernel", run(calls, "kexec", "-e", "--preserve",
                ".x=" + f).errLine());
        CliRun unreadable = run(calls, "kexec", "-e", "--preserve", "a=" + dir.resolve("missing"));
        assertEquals(1, unreadable.exitCode());
        assertTrue(unreadable.errLine().startsWith("kexkit: --preserve a=" + dir.resolve("missing") + ": cannot read: "),
                unreadable.err());
        assertEquals(0, kernel.reboots);
    }

    @Test
    void usageErrors() {
        CliRun noExec = run(new HandedOver(null), "kexec", "-l", "--preserve", "a=b", "x");
        assertEquals(2, noExec.exitCode());
        assertTrue(noExec.errLine().contains("--preserve goes with -e"), noExec.err());
        file("sys/kernel/kexec_loaded", "1\n");
        CliRun bad = run(new HandedOver(null), "kexec", "-e", "--preserve", "nofile");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.errLine().contains("--preserve takes NAME=FILE, not 'nofile'"), bad.err());
        CliRun badName = run(new HandedOver(null), "luo", "restore", "../x");
        assertEquals(2, badName.exitCode());
    }

    private void file(String rel, String text) {
        try {
            Files.createDirectories(dir.resolve(rel).getParent());
            Files.writeString(dir.resolve(rel), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
