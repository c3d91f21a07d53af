package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.image.TestKernels;

/** kho versions on the KHO test kernel and on synthetic images holding other generations' strings. */
class KhoVersionsCommandTest {
    @TempDir
    Path dir;
    CliEnvironment environment;
    String kho;

    @BeforeEach
    void setUp() {
        environment = new FakeKernel().environment(dir);
        kho = TestKernels.bzImageKho().toString();
    }

    private CliRun run(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void theKhoTestKernelToItself() {
        long start = System.nanoTime();
        CliRun run = run("kho", "versions", kho);
        System.out.printf("kho versions of bzImage-kho: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("kernel 1: " + kho + " (gzip, 12184000 bytes unpacked)\n"
                + "  kho kho-v4; memblock memblock-v1; reserve-mem reserve-mem-v1; luo luo-v5; memfd memfd-v2;"
                + " kexec-metadata\n"
                + "handover 1 -> 1: works\n"
                + "  root (kho-v4): accept\n"
                + "  memblock (memblock-v1, reserve-mem-v1): accept\n"
                + "  LUO (luo-v5): accept\n"
                + "  kexec-metadata: accept\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void pairsAcrossGenerations() throws Exception {
        // a 7.1-like kernel (kho-v3, luo-v4, no kexec-metadata) and one without KHO at all
        Path older = Files.write(dir.resolve("older"), TestKernels.bzImageWithStrings("kho-v3", "memblock-v1",
                "reserve-mem-v1", "luo-v4", "memfd-v2"));
        Path none = Files.write(dir.resolve("none"), TestKernels.bzImageWithStrings("Linux version 6.1"));
        CliRun run = run("kho", "versions", kho, older.toString(), none.toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("kernel 2: " + older + " (gzip, "), out);
        assertTrue(out.contains("  kho kho-v3; memblock memblock-v1; reserve-mem reserve-mem-v1; luo luo-v4;"
                + " memfd memfd-v2\nkernel 3: " + none), out);
        assertTrue(out.contains("kernel 3: " + none + " (gzip, 20"), out);
        assertTrue(out.contains("  no KHO strings\n"), out);
        assertTrue(out.contains("handover 1 -> 2: it would drop the KHO subtrees memblock, LUO, kexec-metadata (root"
                + " kho-v4: the next kernel speaks kho-v3, not kho-v4: it would turn KHO revival off and drop every"
                + " subtree)\n  root (kho-v4): refuse: the next kernel speaks kho-v3, not kho-v4"), out);
        assertTrue(out.contains("handover 2 -> 2: works\n"), out);
        assertTrue(out.contains("handover 3 -> 1: nothing to hand over: the first kernel has no KHO (no kho-vN"
                + " string)\nhandover 3 -> 2:"), out);
        assertTrue(out.contains("handover 1 -> 3: it would drop the KHO subtrees memblock, LUO, kexec-metadata (root"
                + " kho-v4: the next kernel has no KHO (no kho-vN string): it would drop every subtree)\n"), out);
    }

    @Test
    void subsystemBySubsystem() throws Exception {
        // same root, but the next kernel's LUO is a generation ahead and it lacks memfd
        Path luo6 = Files.write(dir.resolve("luo6"), TestKernels.bzImageWithStrings("kho-v4", "memblock-v1",
                "reserve-mem-v1", "luo-v6", "kexec-metadata"));
        CliRun run = run("kho", "versions", kho, luo6.toString());
        String out = run.out();
        assertTrue(out.contains("handover 1 -> 2: it would drop the KHO subtree LUO (the next kernel lacks luo-v5"
                + " (it has luo-v6) (the live update sessions and their files would be lost))\n"
                + "  root (kho-v4): accept\n"
                + "  memblock (memblock-v1, reserve-mem-v1): accept\n"
                + "  LUO (luo-v5): refuse: the next kernel lacks luo-v5 (it has luo-v6) (the live update sessions and"
                + " their files would be lost)\n"
                + "  kexec-metadata: accept\n"), out);
        CliRun json = run("kho", "versions", "--json", kho, luo6.toString());
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().startsWith("{\"kernels\":[{\"image\":\"" + kho + "\",\"compression\":\"gzip\","
                + "\"unpacked_bytes\":12184000,\"versions\":{\"kho\":[\"kho-v4\"],\"memblock\":[\"memblock-v1\"],"
                + "\"reserve-mem\":[\"reserve-mem-v1\"],\"luo\":[\"luo-v5\"],\"memfd\":[\"memfd-v2\"]},"
                + "\"kexec_metadata\":true}"), json.out());
        assertTrue(json.out().contains("{\"from\":\"" + kho + "\",\"to\":\"" + luo6 + "\",\"works\":false,"), json.out());
        assertTrue(json.out().contains("{\"name\":\"LUO\",\"versions\":\"luo-v5\",\"verdict\":\"refuse\","), json.out());
    }

    @Test
    void theKhoTestKernelAndDebians72() {
        java.util.Optional<Path> debian = TestKernels.debian72();
        org.junit.jupiter.api.Assumptions.assumeTrue(debian.isPresent(), "Debian's 7.2 kernel is not in the cache");
        long start = System.nanoTime();
        CliRun run = run("kho", "versions", kho, debian.get().toString());
        System.out.printf("kho versions of bzImage-kho and Debian's 7.2: %d ms%n", (System.nanoTime() - start)
                / 1_000_000);
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("kernel 2: " + debian.get() + " (zstd, 62093508 bytes unpacked)\n  no KHO strings\n"),
                out);
        assertTrue(out.contains("handover 1 -> 1: works\n"), out);
        assertTrue(out.contains("handover 1 -> 2: it would drop the KHO subtrees memblock, LUO, kexec-metadata (root"
                + " kho-v4: the next kernel has no KHO (no kho-vN string): it would drop every subtree)\n"), out);
        assertTrue(out.contains("handover 2 -> 1: nothing to hand over: the first kernel has no KHO"), out);
        assertTrue(out.contains("handover 2 -> 2: nothing to hand over"), out);
    }

    @Test
    void badImageIsOneLine() throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[100]);
        CliRun run = run("kho", "versions", junk.toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("kexkit: " + junk), run.err());
    }
}
