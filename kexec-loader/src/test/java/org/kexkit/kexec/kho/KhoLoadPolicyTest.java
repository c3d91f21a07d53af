package org.kexkit.kexec.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.kexec.image.TestKernels;
import org.kexkit.kho.system.KhoDebugfsAbsent;
import org.kexkit.kho.system.KhoDebugfsTrees;

/** The load-time KHO policy without any front end: kernel 2 of the QEMU runs (stage2 debugfs) loads a next kernel. */
class KhoLoadPolicyTest {
    @TempDir
    Path dir;

    private Path kernel(String name, String... strings) throws Exception {
        return Files.write(dir.resolve(name), TestKernels.bzImageWithStrings(strings));
    }

    @Test
    void aKernelThatTakesEverythingPasses() throws Exception {
        Path root = KhoDebugfsTrees.stage2(Files.createDirectories(dir.resolve("root")));
        Path next = kernel("bzImage-all", "kho-v4", "memblock-v1", "reserve-mem-v1", "luo-v5", "memfd-v2",
                "kexec-metadata");
        KhoLoadVerdict verdict = KhoLoadPolicy.fileLoad(root, next, false);
        assertFalse(verdict.refuses());
        KhoPreflight.Outcome outcome = assertInstanceOf(KhoLoadVerdict.Takes.class, verdict).outcome();
        assertEquals("root (kho-v4): accept", outcome.result().root().line());
        assertEquals(List.of("LUO", "kexec-metadata", "memblock"), outcome.result().subtrees().stream()
                .map(v -> v.name()).toList());
    }

    @Test
    void aKernelThatDropsASubtreeIsRefused() throws Exception {
        Path root = KhoDebugfsTrees.stage2(Files.createDirectories(dir.resolve("root")));
        Path next = kernel("bzImage-luo6", "kho-v4", "memblock-v1", "reserve-mem-v1", "luo-v6", "kexec-metadata");
        KhoLoadVerdict verdict = KhoLoadPolicy.fileLoad(root, next, false);
        assertTrue(verdict.refuses());
        KhoPreflight.Outcome outcome = assertInstanceOf(KhoLoadVerdict.Drops.class, verdict).outcome();
        assertEquals("it would drop the KHO subtree LUO (the next kernel lacks luo-v5 (it has luo-v6) (the live update"
                + " sessions and their files would be lost))", outcome.result().lossSummary());
    }

    @Test
    void crashLoadsAndKhoOffAreNotChecked() throws Exception {
        Path root = KhoDebugfsTrees.stage2(Files.createDirectories(dir.resolve("root")));
        Path bad = Files.write(dir.resolve("vmlinuz"), new byte[16]);
        // crash kernels never get KHO data (kexec_file.c excludes KEXEC_TYPE_CRASH)
        assertInstanceOf(KhoLoadVerdict.NotApplicable.class, KhoLoadPolicy.fileLoad(root, bad, true));
        assertInstanceOf(KhoLoadVerdict.NotApplicable.class, KhoLoadPolicy.kexecLoad(root, true));
        Path off = Files.createDirectories(dir.resolve("off"));
        assertInstanceOf(KhoLoadVerdict.NotApplicable.class, KhoLoadPolicy.fileLoad(off, bad, false));
        assertInstanceOf(KhoLoadVerdict.NotApplicable.class, KhoLoadPolicy.kexecLoad(off, false));
    }

    @Test
    void kexecLoadHandsNothingOver() throws Exception {
        Path root = KhoDebugfsTrees.stage2(Files.createDirectories(dir.resolve("root")));
        KhoLoadVerdict verdict = KhoLoadPolicy.kexecLoad(root, false);
        assertTrue(verdict.refuses());
        assertInstanceOf(KhoLoadVerdict.NothingHandedOver.class, verdict);
    }

    @Test
    void aKernelThatCannotBeCheckedIsRefusedWithTheReason() throws Exception {
        Path root = KhoDebugfsTrees.stage2(Files.createDirectories(dir.resolve("root")));
        Path bad = Files.write(dir.resolve("vmlinuz"), new byte[16]);
        KhoLoadVerdict verdict = KhoLoadPolicy.fileLoad(root, bad, false);
        assertTrue(verdict.refuses());
        Exception cause = assertInstanceOf(KhoLoadVerdict.Unchecked.class, verdict).cause();
        assertInstanceOf(FormatException.class, cause);
        assertTrue(cause.getMessage().startsWith(bad + ": offset 0x10: not a bzImage"), cause.getMessage());
    }

    @Test
    void aKhoDirectoryWithoutOutIsUnchecked() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sys/kernel/debug/kho"));
        Path next = kernel("bzImage-all", "kho-v4");
        KhoLoadVerdict verdict = KhoLoadPolicy.fileLoad(root, next, false);
        Exception cause = assertInstanceOf(KhoLoadVerdict.Unchecked.class, verdict).cause();
        assertEquals(root.resolve("sys/kernel/debug/kho") + "/out: missing", cause.getMessage());
    }

    @Test
    void theCheckNeedsAKhoTree() throws Exception {
        Path next = kernel("bzImage-all", "kho-v4");
        KhoDebugfsAbsent absent = org.junit.jupiter.api.Assertions.assertThrows(KhoDebugfsAbsent.class,
                () -> KhoPreflight.run(dir, next));
        assertEquals(dir.resolve("sys/kernel/debug").toString(), absent.absence().path());
    }
}
