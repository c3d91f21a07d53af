package org.kexkit.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysRange;
import org.junit.jupiter.api.io.TempDir;

class KexecSystemReaderTest {
    @TempDir
    Path root;

    @Test
    void readsStatusFiles() {
        KexecStatus status = new FakeSystem(root)
                .file("sys/kernel/kexec_loaded", "0\n")
                .file("sys/kernel/kexec_crash_loaded", "1\n")
                .file("sys/kernel/kexec_crash_size", "268435456\n")
                .reader().status();
        assertEquals(new KexecStatus(Optional.of(false), Optional.of(true), OptionalLong.of(268435456)), status);
    }

    @Test
    void missingOrGarbageFilesAreUnknown() {
        KexecStatus status = new FakeSystem(root).file("sys/kernel/kexec_loaded", "maybe\n").reader().status();
        assertEquals(new KexecStatus(Optional.empty(), Optional.empty(), OptionalLong.empty()), status);
    }

    @Test
    void crashCmaRangesAreInclusiveHexLines() {
        FakeSystem system = new FakeSystem(root);
        assertEquals(List.of(), system.reader().crashCmaRanges(), "a kernel without crashkernel=,cma");
        system.file("sys/kernel/kexec_crash_cma_ranges", "100000000-107ffffff\n3c000000-3fffffff\n");
        KexecStatus status = system.reader().status();
        assertEquals(List.of(PhysRange.inclusive(0x100000000L, 0x107ffffffL), PhysRange.inclusive(0x3c000000L, 0x3fffffffL)),
                status.crashCmaRanges());
        assertEquals((128L + 64) << 20, status.crashCmaSize());
        // the newer place wins where both exist (the old one is a link to it there)
        system.file("sys/kernel/kexec/crash_cma_ranges", "3c000000-3fffffff\n");
        assertEquals(List.of(PhysRange.inclusive(0x3c000000L, 0x3fffffffL)), system.reader().crashCmaRanges());
        system.file("sys/kernel/kexec/crash_cma_ranges", "");
        assertEquals(List.of(), system.reader().crashCmaRanges(), "an empty file: no CMA area");
        system.file("sys/kernel/kexec/crash_cma_ranges", "3c000000\n");
        assertEquals(List.of(), system.reader().crashCmaRanges(), "garbage is taken as none");
    }

    @Test
    void lockdownModeIsTheBracketedWord() {
        FakeSystem system = new FakeSystem(root);
        assertEquals(Optional.empty(), system.reader().lockdownMode());
        system.file("sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        assertEquals(Optional.of("integrity"), system.reader().lockdownMode());
    }

    @Test
    void kexecLoadDisabled() {
        assertEquals(Optional.of(true),
                new FakeSystem(root).file("proc/sys/kernel/kexec_load_disabled", "1\n").reader().kexecLoadDisabled());
    }

    @Test
    void procCmdline() throws IOException {
        FakeSystem system = new FakeSystem(root);
        assertThrows(IOException.class, () -> system.reader().procCmdline());
        system.file("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro\n");
        assertEquals("BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro", system.reader().procCmdline());
    }
}
