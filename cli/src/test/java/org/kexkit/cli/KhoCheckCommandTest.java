package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.btf.Btf;
import org.kexkit.btf.BtfBuilder;
import org.kexkit.btf.StructLayout;
import org.kexkit.kexec.image.TestKernels;
import org.kexkit.kexec.image.VmlinuxSections;
import org.kexkit.kexec.kho.NextKernel;
import org.kexkit.kho.system.KhoDebugfsTrees;

/** kho check, and kexec -l refusing what would drop KHO data, on kernel 2 of the QEMU runs (stage2 debugfs). */
class KhoCheckCommandTest {
    @TempDir
    Path dir;
    FakeKernel kernel;
    String khoKernel;

    @BeforeEach
    void setUp() throws Exception {
        KhoDebugfsTrees.stage2(dir);
        kernel = new FakeKernel();
        khoKernel = TestKernels.bzImageKho().toString();
    }

    private CliRun run(String... args) {
        return CliRun.of(kernel.environment(dir), args);
    }

    private String debian() {
        Optional<Path> debian = TestKernels.debian72();
        assumeTrue(debian.isPresent(), "Debian's 7.2 cloud kernel is not in the harness cache yet");
        return debian.get().toString();
    }

    @Test
    void theKhoKernelTakesEverything() {
        long start = System.nanoTime();
        CliRun run = run("kho", "check", "--next", khoKernel);
        System.out.printf("kho check of bzImage-kho: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals("this kernel hands over: kho-v4 with LUO, kexec-metadata, memblock\n"
                + "next kernel: " + khoKernel + " (gzip, 12184000 bytes unpacked) holds kho-v4, luo-v5, memblock-v1,"
                + " memfd-v2, reserve-mem-v1, kexec-metadata\n"
                + "root (kho-v4): accept\n"
                + "LUO (luo-v5): accept\n"
                + "kexec-metadata: accept\n"
                + "memblock (memblock-v1, reserve-mem-v1): accept\n"
                + "btf: not compared: the running kernel has no " + dir.resolve("sys/kernel/btf/vmlinux") + "\n",
                run.out());
        assertEquals("", run.err());
    }

    @Test
    void debiansKernelWithoutKhoIsRefused() {
        String debian = debian();
        long start = System.nanoTime();
        CliRun run = run("kho", "check", "--next", debian, "--json");
        System.out.printf("kho check of Debian's 7.2 kernel: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\"accepted\":false,\"running\":{\"root\":\"kho-v4\","), run.out());
        assertTrue(run.out().contains("\"compression\":\"zstd\",\"unpacked_bytes\":62093508,\"versions\":[],"
                + "\"subtree_names\":[]},\"root\":{\"name\":\"root\",\"versions\":\"kho-v4\",\"verdict\":\"refuse\","
                + "\"reason\":\"the next kernel has no KHO (no kho-vN string): it would drop every subtree\"}"), run.out());
        assertEquals("", run.err());

        CliRun text = run("kho", "check", "--next", debian);
        assertEquals(1, text.exitCode());
        assertTrue(text.out().endsWith("root (kho-v4): refuse: the next kernel has no KHO (no kho-vN string): it would"
                + " drop every subtree\n"
                + "LUO (luo-v5): refuse: dropped with the root (the live update sessions and their files would be lost)\n"
                + "kexec-metadata: refuse: dropped with the root (the previous release and kexec count would be lost)\n"
                + "memblock (memblock-v1, reserve-mem-v1): refuse: dropped with the root (the reserve_mem regions would"
                + " be lost)\nbtf: not compared: the running kernel has no " + dir.resolve("sys/kernel/btf/vmlinux")
                + "\n"), text.out());
    }

    @Test
    void oneMissingVersionIsOneLine() throws Exception {
        Path next = Files.write(dir.resolve("bzImage-luo6"), TestKernels.bzImageWithStrings("kho-v4", "memblock-v1",
                "reserve-mem-v1", "luo-v6", "kexec-metadata"));
        CliRun run = run("kho", "check", "--next", next.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nLUO (luo-v5): refuse: the next kernel lacks luo-v5 (it has luo-v6) (the live"
                + " update sessions and their files would be lost)\nkexec-metadata: accept\n"), run.out());
        assertTrue(run.out().contains("\nwarning: LUO: the next kernel lacks memfd-v2: files of that type in its"
                + " sessions would not be restored\n"), run.out());

        CliRun load = run("kexec", "-l", "-s", next.toString(), "--command-line=console=ttyS0");
        assertEquals(1, load.exitCode());
        assertEquals(List.of("kexkit: warning: LUO: the next kernel lacks memfd-v2: files of that type in its sessions"
                + " would not be restored", "kexkit: refusing to load " + next + ": it would drop the KHO subtree LUO"
                + " (the next kernel lacks luo-v5 (it has luo-v6) (the live update sessions and their files would be"
                + " lost)); kexkit kho check --next " + next + " tells more, --force loads it anyway"), load.errLines());
        assertEquals(List.of(), kernel.cmdlines);
    }

    @Test
    void kexecLoadRefusesUnlessForced() {
        String debian = debian();
        CliRun refused = run("kexec", "-l", "-s", debian, "--command-line=console=ttyS0");
        assertEquals(1, refused.exitCode());
        assertEquals("kexkit: refusing to load " + debian + ": it would drop the KHO subtrees LUO, kexec-metadata,"
                + " memblock (root kho-v4: the next kernel has no KHO (no kho-vN string): it would drop every subtree);"
                + " kexkit kho check --next " + debian + " tells more, --force loads it anyway", refused.errLine());
        assertEquals(List.of(), kernel.cmdlines);

        CliRun forced = run("kexec", "-l", "-s", "--force", debian, "--command-line=console=ttyS0");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("kexkit: warning: loading " + debian + " anyway (--force): it would drop the KHO subtrees LUO,"
                + " kexec-metadata, memblock (root kho-v4: the next kernel has no KHO (no kho-vN string): it would drop"
                + " every subtree)", forced.errLine());
        assertEquals(List.of("console=ttyS0\0"), kernel.cmdlines);
    }

    @Test
    void kexecLoadOfTheKhoKernelAndCrashLoadsPass() {
        CliRun ok = run("kexec", "-l", "-s", "-d", khoKernel, "--command-line=console=ttyS0 kho=on");
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.errLines().get(0).startsWith("kexkit: KHO check: root (kho-v4): accept; 3 subtrees checked in "),
                ok.err());
        // crash kernels never get KHO data (kexec_file.c excludes KEXEC_TYPE_CRASH): no check
        CliRun crash = run("kexec", "-p", "-s", khoKernel, "--command-line=console=ttyS0");
        assertEquals(0, crash.exitCode(), crash.err());
        assertEquals(2, kernel.cmdlines.size());
    }

    @Test
    void kexecLoadWithKexecLoadHandsNothingOver() {
        CliRun run = run("kexec", "-l", "-c", khoKernel, "--command-line=console=ttyS0");
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: refusing to load " + khoKernel + " with -c while Kexec HandOver is on: kexec_load hands"
                + " nothing over by itself, so every KHO subtree would be dropped; use -s, -c --kho, or --force",
                run.errLine());
    }

    /** The memory of the QEMU runs (1 GiB), as /proc/iomem and /sys/firmware/memmap give it. */
    private void memoryOfTheRuns() throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("proc")).resolve("iomem"),
                "00001000-0009fbff : System RAM\n00100000-3ffd9fff : System RAM\n");
        String[][] memmap = {{"0x0", "0x9fbff", "System RAM"}, {"0x100000", "0x3ffd9fff", "System RAM"}};
        for (int i = 0; i < memmap.length; i++) {
            Path entry = Files.createDirectories(dir.resolve("sys/firmware/memmap/" + i));
            Files.writeString(entry.resolve("start"), memmap[i][0] + "\n");
            Files.writeString(entry.resolve("end"), memmap[i][1] + "\n");
            Files.writeString(entry.resolve("type"), memmap[i][2] + "\n");
        }
    }

    /**
     * kexec_load carries no LUO sessions: after -l -c --kho, kexec -e --preserve is refused before
     * anything is preserved, from the record the load left in /run/kexkit/kexec-loaded; -s replaces
     * the record, -u removes it.
     */
    @Test
    void preserveIsRefusedAfterAKexecLoadWithKho() throws Exception {
        memoryOfTheRuns();
        Files.createDirectories(dir.resolve("sys/kernel"));
        Files.writeString(dir.resolve("sys/kernel/kexec_loaded"), "1\n");
        CliRun load = run("kexec", "-l", "-c", "--kho", khoKernel, "--command-line=console=ttyS0");
        assertEquals(0, load.exitCode(), load.err());
        Path record = dir.resolve("run/kexkit/kexec-loaded");
        assertEquals("syscall=kexec_load\nkho=yes\nkernel=" + khoKernel + "\n", Files.readString(record));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
        Path f = Files.writeString(dir.resolve("f"), "x");
        CliRun exec = run("kexec", "-e", "--preserve", "data=" + f);
        assertEquals(1, exec.exitCode(), exec.err());
        assertEquals("kexkit: refusing --preserve: the kernel was loaded with -c --kho (kexec_load, /run/kexkit/kexec-loaded),"
                + " and LUO's sessions reach the next kernel only through kexec_file_load: load it with -l -s, or run -e"
                + " without --preserve", exec.errLine());
        assertEquals(0, kernel.reboots);
        assertEquals(0, run("kexec", "-l", "-s", khoKernel, "--command-line=console=ttyS0").exitCode());
        assertEquals("syscall=kexec_file_load\nkho=no\nkernel=" + khoKernel + "\n", Files.readString(record));
        assertEquals(0, run("kexec", "-u").exitCode());
        assertFalse(Files.exists(record));
    }

    @Test
    void kexecLoadWithKhoHandsTheReserveMemRegionsOver() throws Exception {
        memoryOfTheRuns();
        CliRun dry = run("kexec", "-l", "-c", "--kho", khoKernel, "--command-line=console=ttyS0", "--dry-run",
                "--sysroot", dir.toString());
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("kho fdt+blobs+radix tree") && dry.out().contains("kho scratch array")
                && dry.out().contains("kho: reserve_mem khomem 0x3e400000-0x3e7fffff handed over\n"), dry.out());
        CliRun load = run("kexec", "-l", "-c", "--kho", khoKernel, "--command-line=console=ttyS0");
        assertEquals(0, load.exitCode(), load.err());
        assertTrue(load.errLine().startsWith("kexkit: warning: kho: subtree LUO is not handed over: LUO's sessions go"
                + " only through kexec_file_load (-s)"), load.err());
        assertEquals(List.of(5), kernel.loadedSegments, "kernel, boot_params, purgatory, scratch array, KHO data");
    }

    @Test
    void khoGoesOnlyWithNormalKexecLoads() {
        for (String[] args : List.of(new String[] {"-l", "-s"}, new String[] {"-p", "-c"})) {
            CliRun run = run("kexec", args[0], args[1], "--kho", khoKernel, "--command-line=console=ttyS0");
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("--kho goes with -l -c: kexec_file_load (-s) hands KHO over by itself, and crash"
                    + " kernels take no KHO data"), run.err());
        }
    }

    @Test
    void aKernelThatCannotBeCheckedIsRefused() throws Exception {
        Path bad = Files.write(dir.resolve("vmlinuz"), new byte[16]);
        CliRun run = run("kexec", "-l", "-s", bad.toString(), "--command-line=console=ttyS0");
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: cannot check " + bad + " against Kexec HandOver: " + bad
                + ": offset 0x10: not a bzImage: 16 bytes is shorter than the setup header"), run.err());
        assertTrue(run.errLine().endsWith("; --force loads it anyway"), run.err());
        CliRun check = run("kho", "check", "--next", bad.toString());
        assertEquals(1, check.exitCode());
        assertTrue(check.errLine().startsWith("kexkit: " + bad + ": offset 0x10: not a bzImage"), check.err());
    }

    @Test
    void btfLayoutChangeUnderTheSameVersionRefuses() throws Exception {
        Files.createDirectories(dir.resolve("sys/kernel/btf"));
        Files.write(dir.resolve("sys/kernel/btf/vmlinux"), luoSer(32));
        Path next = Files.write(dir.resolve("bzImage-luo5-wider"), TestKernels.bzImageWithBtf(luoSer(40), "kho-v4",
                "memblock-v1", "reserve-mem-v1", "luo-v5", "memfd-v2", "kexec-metadata"));
        CliRun run = run("kho", "check", "--next", next.toString());
        assertEquals(1, run.exitCode(), run.err());
        String reason = "struct luo_ser changed layout (size 32 -> 40, member extra (int8 at byte 32) added) under the same"
                + " luo-v5: the next kernel would misread the handed-over data";
        assertTrue(run.out().contains("root (kho-v4): accept\nLUO (luo-v5): refuse: " + reason + "\n"), run.out());
        assertTrue(run.out().endsWith("memblock (memblock-v1, reserve-mem-v1): accept\n"
                + "btf: 1 struct layout of accepted layers compared\n"), run.out());
        CliRun load = run("kexec", "-l", "-s", next.toString(), "--command-line=console=ttyS0");
        assertEquals(1, load.exitCode(), load.err());
        assertEquals("kexkit: refusing to load " + next + ": it would drop the KHO subtree LUO (" + reason + "); kexkit kho"
                + " check --next " + next + " tells more, --force loads it anyway", load.errLine());
        Path same = Files.write(dir.resolve("bzImage-same"), TestKernels.bzImageWithBtf(luoSer(32), "kho-v4",
                "memblock-v1", "reserve-mem-v1", "luo-v5", "memfd-v2", "kexec-metadata"));
        assertTrue(run("kho", "check", "--next", same.toString()).out().endsWith("accept\nbtf: 1 struct layout of"
                + " accepted layers compared\n"));
    }

    /** struct luo_ser of 32 bytes (7.2) or with one more u64. */
    private static byte[] luoSer(int size) {
        BtfBuilder b = new BtfBuilder();
        int u64 = b.typedef("u64", b.integer("unsigned long long", 8));
        int chars = b.array(b.integer("char", 1), 8);
        Object[] members = {"compatible", chars, 0, "liveupdate_num", u64, 8, "sessions_pa", u64, 16, "flbs_pa", u64, 24,
            "extra", u64, 32};
        b.struct("luo_ser", size, java.util.Arrays.copyOf(members, size == 32 ? 12 : 15));
        return b.bytes();
    }

    @Test
    void debiansBtfIsRead() throws Exception {
        Path debian = Path.of(debian());
        NextKernel next = NextKernel.unpack(debian, java.util.Set.of());
        VmlinuxSections.Section s = next.sections().section(".BTF").orElseThrow();
        long start = System.nanoTime();
        Btf btf = Btf.read(java.util.Arrays.copyOfRange(next.sections().bytes(), (int) s.offset(),
                (int) (s.offset() + s.size())), ".BTF");
        // arch/x86/include/uapi/asm/setup_data.h: struct kho_data, four __u64 (Debian's kernel has the type, not KHO)
        assertEquals(new StructLayout("kho_data", 32, List.of(new StructLayout.Field("fdt_addr", 0, 0, "int8"),
                new StructLayout.Field("fdt_size", 64, 0, "int8"), new StructLayout.Field("scratch_addr", 128, 0, "int8"),
                new StructLayout.Field("scratch_size", 192, 0, "int8"))), btf.struct("kho_data").orElseThrow());
        System.out.printf("Debian 7.2 .BTF: %d types read in %d ms%n", btf.typeCount(),
                (System.nanoTime() - start) / 1_000_000);
        assertTrue(btf.typeCount() > 50_000, "types: " + btf.typeCount());
        assertTrue(btf.struct("luo_ser").isEmpty());
    }

    @Test
    void aCorruptOutFdtIsNamedInTheCheckAndAtLoad() throws Exception {
        Path fdt = dir.resolve("sys/kernel/debug/kho/out/fdt");
        byte[] whole = Files.readAllBytes(dir.resolve("sys/kernel/debug/kho/in/fdt"));
        whole[0x38] = 0x7f; // the first structure token of a complete FDT
        Files.write(fdt, whole);
        CliRun run = run("kho", "check", "--next", khoKernel);
        assertEquals(0, run.exitCode(), run.err());
        String warning = "the outgoing root FDT cannot be read: " + fdt + ": offset 0x38: ";
        assertTrue(run.out().contains("\nwarning: " + warning), run.out());
        assertTrue(run.out().contains("; the root version kho-v4 is taken from " + dir.resolve(
                "sys/kernel/debug/kho/in/fdt") + "\n"), run.out());
        CliRun json = run("kho", "check", "--next", khoKernel, "--json");
        assertTrue(json.out().contains("\"root_source\":\"" + dir.resolve("sys/kernel/debug/kho/in/fdt")
                + " (this kernel took it, so it speaks the same root version); " + fdt + ": offset 0x38: "), json.out());
        CliRun load = run("kexec", "-l", "-s", khoKernel, "--command-line=console=ttyS0");
        assertEquals(0, load.exitCode(), load.err());
        assertTrue(load.errLine().startsWith("kexkit: warning: " + warning), load.err());
    }

    @Test
    void anUnreadableDebugfsIsNotCalledAPermissionProblem() {
        var eio = new org.kexkit.kho.system.KhoDebugfsReader.Absence(
                org.kexkit.kho.system.KhoDebugfsReader.Absence.Reason.READ_FAILED, "/x/sys/kernel/debug",
                "Input/output error");
        assertEquals("/x/sys/kernel/debug: cannot read: Input/output error", Advice.absence(eio));
        assertEquals("/x/sys/kernel/debug: cannot read: Input/output error", ErrorReporter.expectedMessage(
                new org.kexkit.kho.system.KhoDebugfsAbsent(eio)));
    }

    @Test
    void noKhoNoCheck() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("elsewhere"));
        CliRun run = CliRun.of(kernel.environment(empty), "kho", "check", "--next", khoKernel);
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + empty.resolve("sys/kernel/debug") + ": debugfs is not mounted (mount -t debugfs none"
                + " /sys/kernel/debug)", run.errLine());
        CliRun sysroot = CliRun.of(kernel.environment(empty), "kho", "check", "--sysroot", dir.toString(), "--next",
                khoKernel);
        assertEquals(0, sysroot.exitCode(), sysroot.err());
        assertEquals(2, CliRun.of(kernel.environment(empty), "kho", "check").exitCode());
    }
}
