package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.image.TestKernels;
import org.kexkit.kexec.image.VmlinuxSections;
import org.kexkit.kexec.kho.NextKernel;
import org.kexkit.kho.system.KhoDebugfsTrees;

/**
 * kho check on the real BTF pair, without QEMU: the running side is kernel 2 of the QEMU runs'
 * debugfs with kernel A's .BTF as its /sys/kernel/btf/vmlinux (--sysroot); B, with one member more
 * in struct memfd_luo_ser under the same memfd-v2, is refused, A rebuilt is accepted. Assumed away
 * until the harness has built the pair (scripts/build-kho-kernel --btf-pair).
 */
class KhoBtfPairTest {
    /** The reason B is refused, as the check words it. */
    static final String MEMFD_CHANGED = "LUO (luo-v5): refuse: struct memfd_luo_ser changed layout (size 48 -> 56,"
            + " member generation (int8 at byte 48) added) under the same memfd-v2: the next kernel would misread the"
            + " handed-over data";

    /** kho_vmalloc, kho_kexec_metadata, luo_ser, luo_session_ser, luo_file_ser, kho_block_header_ser, memfd_luo_ser. */
    static final int LAYOUTS = 7;

    @TempDir
    Path dir;

    @Test
    void kernelBIsRefusedAndARebuildOfAAccepted() throws Exception {
        Optional<List<Path>> pair = TestKernels.btfPair();
        assumeTrue(pair.isPresent(), "the BTF pair is not in the harness cache (scripts/build-kho-kernel --btf-pair)");
        Path a = pair.get().get(0);
        Path b = pair.get().get(1);
        Path again = pair.get().get(2);
        KhoDebugfsTrees.stage2(dir);
        NextKernel running = NextKernel.unpack(a, Set.of());
        VmlinuxSections.Section btf = running.sections().section(".BTF").orElseThrow();
        Files.createDirectories(dir.resolve("sys/kernel/btf"));
        Files.write(dir.resolve("sys/kernel/btf/vmlinux"), Arrays.copyOfRange(running.sections().bytes(),
                (int) btf.offset(), (int) (btf.offset() + btf.size())));
        FakeKernel kernel = new FakeKernel();

        CliRun refused = CliRun.of(kernel.environment(dir), "kho", "check", "--next", b.toString(), "--sysroot", dir.toString());
        assertEquals(1, refused.exitCode(), refused.out() + refused.err());
        assertTrue(refused.out().contains("\n" + MEMFD_CHANGED + "\n"), refused.out());
        assertTrue(refused.out().endsWith("btf: " + LAYOUTS + " struct layouts of accepted layers compared\n"),
                refused.out());
        CliRun json = CliRun.of(kernel.environment(dir), "kho", "check", "--next", b.toString(), "--sysroot", dir.toString(),
                "--json");
        assertEquals(1, json.exitCode());
        assertTrue(json.out().contains("\"accepted\":false"), json.out());
        assertTrue(json.out().contains("\"name\":\"LUO\",\"versions\":\"luo-v5\",\"verdict\":\"refuse\",\"reason\":\"struct"
                + " memfd_luo_ser changed layout (size 48 -> 56, member generation (int8 at byte 48) added)"), json.out());

        CliRun accepted = CliRun.of(kernel.environment(dir), "kho", "check", "--next", again.toString(), "--sysroot",
                dir.toString());
        assertEquals(0, accepted.exitCode(), accepted.out() + accepted.err());
        assertTrue(accepted.out().endsWith("accept\nbtf: " + LAYOUTS + " struct layouts of accepted layers"
                + " compared\n"), accepted.out());
        System.out.print("BTF pair (" + a.getParent() + "): B refused, A' accepted, " + LAYOUTS
                + " struct layouts compared; A's .BTF " + btf.size() + " bytes\n");
    }
}
