package org.kexkit.kexec.luo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.KexecException;

class LuoPreserveRestoreTest {
    @TempDir
    Path dir;

    private final FakeLiveUpdate kernel = new FakeLiveUpdate();

    @Test
    void filesComeBackByNameAfterTheKexec() throws Exception {
        byte[] big = new byte[(3 << 20) + 17];
        new Random(7).nextBytes(big);
        Path a = Files.write(dir.resolve("a.bin"), big);
        Path b = Files.writeString(dir.resolve("b.txt"), "hello\n");
        LuoPreserver.Preserved kept = new LuoPreserver(kernel, "kexkit").preserve(List.of(
                new LuoPreserver.Request("data", a), new LuoPreserver.Request("note.txt", b)));
        assertEquals(List.of(1L, 2L), kept.index().entries().stream().map(LuoIndex.Entry::token).toList());
        kernel.kexec();

        try (LuoRestorer restorer = LuoRestorer.retrieve(kernel, "kexkit")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            restorer.copy(restorer.index().find("data").orElseThrow(), out);
            assertArrayEquals(big, out.toByteArray());
            out.reset();
            restorer.copy(restorer.index().find("note.txt").orElseThrow(), out);
            assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
            restorer.finish();
        }
        assertTrue(kernel.finished.get("kexkit"));
    }

    @Test
    void closingBeforeTheKexecGivesThePreservationUp() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "x");
        new LuoPreserver(kernel, "kexkit").preserve(List.of(new LuoPreserver.Request("a", a))).close();
        kernel.kexec();
        LuoFailure e = assertThrows(LuoFailure.class, () -> LuoRestorer.retrieve(kernel, "kexkit"));
        assertEquals("LIVEUPDATE_IOCTL_RETRIEVE_SESSION failed with ENOENT: no LUO session named 'kexkit' was handed over",
                e.getMessage());
        assertEquals(LuoFailure.Meaning.NO_SESSION_HANDED_OVER, e.meaning());
        assertEquals("kexkit", e.session());
    }

    @Test
    void noDeviceBusyDeviceAndSecondSessionAreOneLineEach() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "x");
        List<LuoPreserver.Request> one = List.of(new LuoPreserver.Request("a", a));
        kernel.deviceErrno = 2;
        assertEquals("cannot open /dev/liveupdate: the running kernel has no Live Update Orchestrator: it needs"
                + " CONFIG_LIVEUPDATE and the command line options kho=on liveupdate=on (ENOENT)",
                assertThrows(KexecException.class, () -> new LuoPreserver(kernel, "kexkit").preserve(one)).getMessage());
        kernel.deviceErrno = 0;
        kernel.deviceOpen = true;
        assertEquals("cannot open /dev/liveupdate: another process holds it open (LUO allows one at a time) (EBUSY)",
                assertThrows(KexecException.class, () -> new LuoPreserver(kernel, "kexkit").preserve(one)).getMessage());
        kernel.deviceOpen = false;
        new LuoPreserver(kernel, "kexkit").preserve(one);
        kernel.deviceOpen = false; // a second process in this fake: the device was closed, the session stays
        LuoFailure exists = assertThrows(LuoFailure.class, () -> new LuoPreserver(kernel, "kexkit").preserve(one));
        // the fact only: which front end runs and with which flags is for the front end to say
        assertEquals("LIVEUPDATE_IOCTL_CREATE_SESSION failed with EEXIST: a LUO session named 'kexkit' exists already",
                exists.getMessage());
        assertEquals(LuoFailure.Meaning.SESSION_EXISTS, exists.meaning());
        assertEquals(17, exists.errno());
    }

    @Test
    void namesMustBeFileNamesAndDistinct() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "x");
        for (String bad : List.of("..", ".hidden", "a/b", "", "x y")) {
            PreserveRefused e = assertThrows(PreserveRefused.class, () -> LuoPreserver.validate(
                    List.of(new LuoPreserver.Request(bad, a)), "kexkit"), bad);
            assertEquals(PreserveRefused.Problem.BAD_NAME, e.problem());
            assertEquals(bad, e.request().name());
        }
        PreserveRefused twice = assertThrows(PreserveRefused.class, () -> LuoPreserver.validate(
                List.of(new LuoPreserver.Request("a", a), new LuoPreserver.Request("a", a)), "kexkit"));
        assertEquals(PreserveRefused.Problem.NAME_TWICE, twice.problem());
        assertEquals("two files are to be preserved as 'a'", twice.getMessage());
        assertThrows(KexecException.class, () -> LuoPreserver.validate(List.of(), "x".repeat(64)));
    }

    @Test
    void anUnreadableFileFailsBeforeAnythingIsPreserved() {
        PreserveRefused e = assertThrows(PreserveRefused.class, () -> new LuoPreserver(kernel, "kexkit")
                .preserve(List.of(new LuoPreserver.Request("a", dir.resolve("missing")))));
        assertEquals(PreserveRefused.Problem.UNREADABLE, e.problem());
        assertEquals(dir.resolve("missing"), e.request().file());
        assertTrue(e.getMessage().startsWith(dir.resolve("missing") + " (to be preserved as a): cannot read: "),
                e.getMessage());
        assertTrue(e.detail().contains("missing"), e.detail());
        assertTrue(kernel.outgoing.isEmpty());
    }

    @Test
    void aForeignSessionIsNamedNotMisread() throws Exception {
        kernel.incoming.put("kexkit", new java.util.HashMap<>(java.util.Map.of(0L, "not an index".getBytes(StandardCharsets.UTF_8))));
        KexecException e = assertThrows(KexecException.class, () -> LuoRestorer.retrieve(kernel, "kexkit"));
        assertEquals("LUO session 'kexkit': token 0 is not a kexkit index (the session was made by another program?)", e.getMessage());
    }

    @Test
    void aCorruptedFileIsRefused() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "original");
        new LuoPreserver(kernel, "kexkit").preserve(List.of(new LuoPreserver.Request("a", a)));
        kernel.kexec();
        kernel.incoming.get("kexkit").put(1L, "changed!".getBytes(StandardCharsets.UTF_8));
        try (LuoRestorer restorer = LuoRestorer.retrieve(kernel, "kexkit")) {
            KexecException e = assertThrows(KexecException.class,
                    () -> restorer.copy(restorer.index().find("a").orElseThrow(), new ByteArrayOutputStream()));
            assertTrue(e.getMessage().startsWith("LUO session 'kexkit': a came back as 8 bytes with SHA-256 "), e.getMessage());
        }
    }
}
