package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kho.KhoSamples;

class KhoCommandTest {
    @TempDir
    Path dir;
    CliEnvironment environment;
    Path samples;

    @BeforeEach
    void setUp() {
        environment = new FakeKernel().environment(dir);
        samples = KhoSamples.dir();
    }

    @Test
    void rootFdt() {
        CliRun run = CliRun.of(environment, "kho", "show", sample("stage2-in-fdt.dtb"));
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("/dts-v1/;\n\n/ {\n\tcompatible = \"kho-v4\";\n"
                + "\tpreserved-memory-map = /le64/ <0x267000>;\n\n\tmemblock {\n\t\tblob-size = /le64/ <0xd2>;\n"), out);
        assertTrue(out.contains("KHO root kho-v4 (FDT version 17, 345 bytes)\n"
                + "  preserved memory: radix tree root page at 0x267000"), out);
        assertTrue(out.contains("  subtree LUO: 0x20 bytes at 0x5ae000\n"), out);
        assertTrue(out.contains("  subtree kexec-metadata: 0x49 bytes at 0x192000\n"), out);
        assertTrue(out.contains("(blob contents not read: no sub_fdts/ directory beside the file)"), out);
    }

    @Test
    void rootWithDebugfsStyleBlobsBesideIt() throws Exception {
        // kernel 2's kho/in: fdt plus sub_fdts/, where LUO is the stale page 7.2.13 leaves there
        Path in = Files.createDirectories(dir.resolve("in/sub_fdts"));
        Files.copy(samples.resolve("stage2-in-fdt.dtb"), dir.resolve("in/fdt"));
        Files.copy(samples.resolve("stage2-in-sub-memblock.dtb"), in.resolve("memblock"));
        Files.copy(samples.resolve("stage2-in-sub-kexec-metadata.bin"), in.resolve("kexec-metadata"));
        Files.copy(samples.resolve("stage2-in-sub-LUO.stale.bin"), in.resolve("LUO"));
        CliRun run = CliRun.of(environment, "kho", "show", dir.resolve("in/fdt").toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.contains("  subtree memblock: 0xd2 bytes at 0x5a2000\n    memblock-v1: 1 reserve_mem region\n"
                + "      khomem: 0x3e400000-0x3e7fffff (0x400000 bytes)\n"), out);
        assertTrue(out.contains("    not decoded: " + in.resolve("LUO") + ": offset 0x0: compatible is not a"
                + " printable string"), out);
        assertTrue(out.contains("    kexec-metadata v1: previous kernel 7.2.13-kho, kexec count 1\n"), out);
        CliRun json = CliRun.of(environment, "kho", "show", "--json", dir.resolve("in/fdt").toString());
        assertEquals(0, json.exitCode(), json.err());
        assertFalse(json.out().strip().contains("\n"));
        assertTrue(json.out().contains("\"preserved_memory_map\":\"0x267000\""), json.out());
        assertTrue(json.out().contains("{\"name\":\"kexec-metadata\",\"preserved_data\":\"0x192000\",\"blob_size\":73,"
                + "\"content\":{\"version\":1,\"previous_release\":\"7.2.13-kho\",\"kexec_count\":1}}"), json.out());
        assertTrue(json.out().contains("{\"name\":\"preserved-memory-map\",\"type\":\"u64le\",\"value\":\"0x267000\"}"),
                json.out());
    }

    @Test
    void subtreeBlobs() {
        CliRun luo = CliRun.of(environment, "kho", "show", sample("stage2-out-sub-LUO.bin"));
        assertEquals(0, luo.exitCode(), luo.err());
        assertTrue(luo.out().contains("luo-v5: live update number 2, sessions at 0x0 (none: filled in at kexec reboot),"
                + " FLBs at 0x99f000"), luo.out());
        CliRun meta = CliRun.of(environment, "kho", "show", sample("stage3-in-sub-kexec-metadata.bin"));
        assertTrue(meta.out().contains("kexec-metadata v1: previous kernel 7.2.13-kho, kexec count 2"), meta.out());
        CliRun memblock = CliRun.of(environment, "kho", "show", "--json", sample("stage1-out-sub-memblock.dtb"));
        assertEquals(0, memblock.exitCode(), memblock.err());
        assertTrue(memblock.out().contains("\"kind\":\"subtree\""), memblock.out());
        assertTrue(memblock.out().contains("\"reserve_mem\":[{\"name\":\"khomem\",\"start\":\"0x3e400000\","
                + "\"size\":\"0x400000\"}]"), memblock.out());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        String truncated = sample("stage1-out-fdt.truncated.dtb");
        CliRun run = CliRun.of(environment, "kho", "show", truncated);
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + truncated + ": offset 0x4: totalsize 0x159 (345 bytes) runs past the end of the"
                + " file (233 bytes): truncated blob (7.2.13's kho/out/fdt is cut at its boot-time size; the next kernel's"
                + " kho/in/fdt has all of it)", run.errLine());

        String stale = sample("stage2-in-sub-LUO.stale.bin");
        run = CliRun.of(environment, "kho", "show", stale);
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + stale + ": not an FDT and not a subtree blob kexkit recognises (give --subtree"
                + " kexec-metadata|memblock|LUO)", run.errLine());
        run = CliRun.of(environment, "kho", "show", "--subtree", "LUO", stale);
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: " + stale + ": offset 0x0: compatible is not a printable"), run.err());

        Path luo6 = dir.resolve("LUO");
        byte[] bytes = Files.readAllBytes(samples.resolve("stage1-out-sub-LUO.bin"));
        bytes[5] = '6';
        Files.write(luo6, bytes);
        run = CliRun.of(environment, "kho", "show", luo6.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + luo6 + ": subtree LUO: compatible luo-v6 is not known to this kexkit (knows luo-v5)",
                run.errLine());

        Path garbage = Files.write(dir.resolve("garbage"), new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed, 0});
        run = CliRun.of(environment, "kho", "show", garbage.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + garbage + ": offset 0x5: expected an FDT header (40 bytes), the file ends after 5",
                run.errLine());

        run = CliRun.of(environment, "kho", "show", dir.resolve("missing").toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + dir.resolve("missing") + ": no such file", run.errLine());

        run = CliRun.of(environment, "kho", "show", "--subtree", "foo", stale);
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: --subtree foo: not a subtree this kexkit knows (knows kexec-metadata, memblock, LUO)",
                run.errLine());
    }

    @Test
    void otherFdtsAndUnknownRootVersions() throws Exception {
        byte[] root = Files.readAllBytes(samples.resolve("stage2-in-fdt.dtb"));
        root[0x51] = '5'; // "kho-v4" -> "kho-v5" in the struct block
        Path v5 = Files.write(dir.resolve("fdt-v5"), root);
        CliRun run = CliRun.of(environment, "kho", "show", v5.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + v5 + ": root: compatible kho-v5 is not known to this kexkit (knows kho-v4)",
                run.errLine());

        Path other = Files.write(dir.resolve("other.dtb"), org.kexkit.kho.fdt.FdtWriter.write(org.kexkit.kho.fdt.Fdt.of(
                new org.kexkit.kho.fdt.FdtNode("", java.util.List.of(new org.kexkit.kho.fdt.FdtProperty("compatible",
                        "acme,board\0".getBytes())), java.util.List.of()))));
        run = CliRun.of(environment, "kho", "show", other.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("/dts-v1/;\n\n/ {\n\tcompatible = \"acme,board\";\n};\n\n"
                + "not a KHO root (compatible kho-v4) nor a known subtree\n", run.out());
        run = CliRun.of(environment, "kho", "show", "--json", other.toString());
        assertTrue(run.out().startsWith("{\"file\":\"" + other + "\",\"kind\":\"fdt\",\"fdt\":{\"version\":17,"), run.out());
    }

    @Test
    void aMemblockBlobWithAShortValueIsOneLine() throws Exception {
        org.kexkit.kho.fdt.FdtNode region = new org.kexkit.kho.fdt.FdtNode("khomem", java.util.List.of(
                new org.kexkit.kho.fdt.FdtProperty("compatible", "reserve-mem-v1\0".getBytes()),
                new org.kexkit.kho.fdt.FdtProperty("start", new byte[4]),
                new org.kexkit.kho.fdt.FdtProperty("size", new byte[8])), java.util.List.of());
        Path blob = Files.write(dir.resolve("memblock"), org.kexkit.kho.fdt.FdtWriter.write(org.kexkit.kho.fdt.Fdt.of(
                new org.kexkit.kho.fdt.FdtNode("", java.util.List.of(new org.kexkit.kho.fdt.FdtProperty("compatible",
                        "memblock-v1\0".getBytes())), java.util.List.of(region)))));
        CliRun run = CliRun.of(environment, "kho", "show", blob.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + blob + ": subtree memblock: node khomem: start is 4 bytes, expected a raw u64 (8 bytes)",
                run.errLine());
    }

    @Test
    void usage() {
        assertEquals(2, CliRun.of(environment, "kho").exitCode());
        assertEquals(2, CliRun.of(environment, "kho", "show").exitCode());
    }

    private String sample(String name) {
        return samples.resolve(name).toString();
    }
}
