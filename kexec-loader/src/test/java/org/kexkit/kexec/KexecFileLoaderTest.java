package org.kexkit.kexec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KexecFileLoaderTest {
    @TempDir
    Path dir;
    Path kernel;
    Path initrd;
    FakeKexec fake;
    FakeSystem system;

    @BeforeEach
    void files() throws IOException {
        kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {1, 2, 3});
        initrd = Files.write(dir.resolve("initrd.img"), new byte[] {4});
        fake = new FakeKexec();
        system = new FakeSystem(dir.resolve("root"));
    }

    private KexecFileLoader loader() {
        return new KexecFileLoader(fake, fake, system.reader());
    }

    private String failure(int errno, LoadRequest request) {
        fake.errno = errno;
        KexecException e = assertThrows(KexecException.class, () -> loader().load(request));
        assertEquals(errno, e.errno());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private LoadRequest crashLoad() {
        return new LoadRequest(kernel, Optional.of(initrd), "root=/dev/vda irqpoll", true);
    }

    @Test
    void crashLoadPassesFdsCmdlineWithNulAndFlags() throws Exception {
        loader().load(crashLoad());
        FakeKexec.Call call = fake.calls.get(0);
        assertEquals(10, call.kernelFd());
        assertEquals(11, call.initrdFd());
        assertArrayEquals("root=/dev/vda irqpoll\0".getBytes(StandardCharsets.US_ASCII), call.cmdline());
        assertEquals(KexecFileFlags.ON_CRASH, call.flags());
        assertEquals(List.of(kernel, initrd), fake.opened);
        assertEquals(List.of(11, 10), fake.closed);
    }

    @Test
    void loadWithoutInitrdSetsNoInitramfs() throws Exception {
        loader().load(new LoadRequest(kernel, Optional.empty(), "", false));
        FakeKexec.Call call = fake.calls.get(0);
        assertEquals(-1, call.initrdFd());
        assertEquals(KexecFileFlags.NO_INITRAMFS, call.flags());
        assertArrayEquals(new byte[] {0}, call.cmdline());
        assertEquals(List.of(10), fake.closed);
    }

    @Test
    void unloadCrash() throws Exception {
        loader().unload(true);
        FakeKexec.Call call = fake.calls.get(0);
        assertEquals(KexecFileFlags.UNLOAD | KexecFileFlags.ON_CRASH, call.flags());
        assertNull(call.cmdline());
        assertEquals(-1, call.kernelFd());
        loader().unload(false);
        assertEquals(KexecFileFlags.UNLOAD, fake.calls.get(1).flags());
    }

    @Test
    void missingKernelIsRefusedBeforeTheSyscall() {
        KexecException e = assertThrows(KexecException.class, () -> loader().load(
                new LoadRequest(dir.resolve("nope"), Optional.empty(), "", false)));
        assertEquals("kernel " + dir.resolve("nope") + ": no such file", e.getMessage());
        assertTrue(fake.calls.isEmpty());
    }

    @Test
    void fdsAreClosedOnFailure() {
        failure(Errno.EINVAL, crashLoad());
        assertEquals(List.of(11, 10), fake.closed);
    }

    @Test
    void crashLoadWithoutReservation() {
        system.file("sys/kernel/kexec_crash_size", "0\n");
        String message = failure(Errno.EADDRNOTAVAIL, crashLoad());
        assertEquals("cannot load the crash kernel " + kernel + ": kexec_file_load failed with EADDRNOTAVAIL:"
                + " crashkernel= is missing or too small for this kernel and initrd (none reserved);"
                + " boot with a larger crashkernel=, e.g. crashkernel=256M", message);
    }

    @Test
    void crashLoadTooSmallNamesTheReservedSize() {
        system.file("sys/kernel/kexec_crash_size", "67108864\n");
        for (int errno : new int[] {Errno.ENOMEM, Errno.EINVAL, Errno.EBUSY, Errno.EADDRNOTAVAIL}) {
            String message = failure(errno, crashLoad());
            assertTrue(message.contains("(reserved 64 MiB (67108864 bytes))"), message);
            assertTrue(message.contains("crashkernel= is missing or too small"), message);
        }
    }

    @Test
    void crashSizeUnknown() {
        assertTrue(failure(Errno.ENOMEM, crashLoad()).contains("reserved size unknown"));
    }

    @Test
    void normalLoadEnomemIsNotAboutCrashkernel() {
        String message = failure(Errno.ENOMEM, new LoadRequest(kernel, Optional.empty(), "", false));
        assertTrue(message.startsWith("cannot load the kexec kernel " + kernel
                + ": kexec_file_load failed with ENOMEM: Cannot allocate memory"), message);
    }

    @Test
    void epermWithLockdown() {
        system.file("sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        String message = failure(Errno.EPERM, crashLoad());
        assertTrue(message.contains("kernel lockdown is active (mode: integrity)"), message);
        assertTrue(message.contains("never bypasses signature checks"), message);
        assertTrue(message.contains("CAP_SYS_BOOT"), message);
    }

    @Test
    void epermWithoutLockdown() {
        system.file("sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
        assertTrue(failure(Errno.EPERM, crashLoad()).endsWith(
                "failed with EPERM: needs CAP_SYS_BOOT (run as root); kernel lockdown is off (none)"));
        system.file("proc/sys/kernel/kexec_load_disabled", "1\n");
        assertTrue(failure(Errno.EPERM, crashLoad()).contains("kexec_load_disabled is 1"));
    }

    @Test
    void signatureErrors() {
        for (int errno : new int[] {Errno.EKEYREJECTED, Errno.EBADMSG, Errno.ENOKEY}) {
            String message = failure(errno, crashLoad());
            assertTrue(message.contains("kexkit never bypasses signature checks"), message);
            assertTrue(message.contains("sign"), message);
        }
        assertTrue(failure(129, crashLoad()).contains("EKEYREJECTED: the kernel rejected the image's signature"));
        assertTrue(failure(126, crashLoad()).contains("ENOKEY: the image is not signed with a key"));
        assertTrue(failure(74, crashLoad()).contains("EBADMSG: the image is not signed, or its signature"));
    }

    @Test
    void notABzImage() {
        assertTrue(failure(Errno.ENOEXEC, crashLoad()).contains("ENOEXEC: not a bzImage the running kernel can load"));
    }

    @Test
    void noKexecFile() {
        assertTrue(failure(Errno.ENOSYS, crashLoad()).contains("ENOSYS: the running kernel was built without"
                + " kexec_file_load (CONFIG_KEXEC_FILE)"));
    }

    @Test
    void otherErrnoUsesStrerrorAndName() {
        assertTrue(failure(5, crashLoad()).endsWith("failed with EIO: Input/output error"));
        assertTrue(failure(250, crashLoad()).endsWith("failed with errno 250: Unknown error 250"));
    }

    @Test
    void longCommandLineIsMentionedForEinval() {
        String message = failure(Errno.EINVAL, new LoadRequest(kernel, Optional.empty(), "x".repeat(3000), false));
        assertTrue(message.endsWith("the command line is 3000 bytes, x86-64 kernels take at most 2047"), message);
    }

    @Test
    void unloadFailure() {
        fake.errno = Errno.EPERM;
        KexecException e = assertThrows(KexecException.class, () -> loader().unload(true));
        assertTrue(e.getMessage().startsWith("cannot unload the crash kernel: kexec_file_load failed with EPERM"),
                e.getMessage());
    }
}
