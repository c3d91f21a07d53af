package org.kexkit.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KEXEC_FILE_NO_CMA and KEXEC_FILE_FORCE_DTB: passed as flags, and the EINVAL of a kernel without them. */
class KexecFileOptionsTest {
    @TempDir
    Path dir;
    Path kernel;
    FakeKexec fake;
    FakeSystem system;

    @BeforeEach
    void files() throws IOException {
        kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {1, 2, 3});
        fake = new FakeKexec();
        system = new FakeSystem(dir.resolve("root"));
    }

    private KexecFileLoader loader() {
        return new KexecFileLoader(fake, fake, system.reader());
    }

    @Test
    void valuesAreTheUapiOnes() {
        // include/uapi/linux/kexec.h
        assertEquals(0x10, KexecFileFlags.NO_CMA);
        assertEquals(0x20, KexecFileFlags.FORCE_DTB);
        assertEquals(0x30, KexecFileOption.flags(EnumSet.allOf(KexecFileOption.class)));
    }

    @Test
    void optionsAreOredIntoTheFlags() throws Exception {
        loader().load(new LoadRequest(kernel, Optional.empty(), "", false, Set.of(KexecFileOption.NO_CMA)));
        assertEquals(KexecFileFlags.NO_INITRAMFS | 0x10, fake.calls.get(0).flags());
        loader().load(new LoadRequest(kernel, Optional.empty(), "", true, Set.of(KexecFileOption.FORCE_DTB,
                KexecFileOption.NO_CMA)));
        assertEquals(KexecFileFlags.ON_CRASH | KexecFileFlags.NO_INITRAMFS | 0x30, fake.calls.get(1).flags());
    }

    @Test
    void einvalOfAKernelWithoutTheFlagIsOneLine() {
        fake.errno = Errno.EINVAL;
        KexecException e = assertThrows(KexecException.class, () -> loader().load(new LoadRequest(kernel,
                Optional.empty(), "", false, Set.of(KexecFileOption.FORCE_DTB, KexecFileOption.NO_CMA))));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("cannot load the kexec kernel " + kernel + ": kexec_file_load failed with EINVAL: the running"
                + " kernel may not know KEXEC_FILE_NO_CMA (0x10), KEXEC_FILE_FORCE_DTB (0x20) (a kernel answers EINVAL"
                + " to a flag outside its KEXEC_FILE_FLAGS); otherwise: Invalid argument", e.getMessage());
    }

    @Test
    void otherErrorsAreNotBlamedOnTheFlags() {
        fake.errno = Errno.ENOMEM;
        KexecException e = assertThrows(KexecException.class, () -> loader().load(new LoadRequest(kernel,
                Optional.empty(), "", false, Set.of(KexecFileOption.NO_CMA))));
        assertEquals("cannot load the kexec kernel " + kernel + ": kexec_file_load failed with ENOMEM: Cannot allocate memory:"
                + " not enough memory to hold the kernel and initrd", e.getMessage());
    }
}
