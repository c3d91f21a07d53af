package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kho.system.KhoDebugfsTrees;

/** kho status and kho show --in/--out on debugfs trees rebuilt from the QEMU samples. */
class KhoStatusCommandTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.of(new FakeKernel().environment(dir), args);
    }

    @Test
    void stage1Status() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        CliRun run = run("kho", "status");
        assertEquals(0, run.exitCode(), run.err());
        String kho = dir.resolve("sys/kernel/debug/kho").toString();
        assertEquals("KHO:                enabled (" + kho + ")\n"
                + "kernel parameters:  kho=on kho_scratch=16M,96M,32M liveupdate=on reserve_mem=4M:4096:khomem\n"
                + "live update:        /dev/liveupdate present\n"
                + "booted through KHO: no (no " + kho + "/in)\n"
                + "outgoing FDT:       cut at 233 bytes by debugfs\n"
                + "outgoing subtrees:  LUO (luo-v5), kexec-metadata (v1), memblock (memblock-v1)\n"
                + "scratch areas:      3 (kexec_file_load places the next kernel's segments only there)\n"
                + "  lowmem  0x3d400000-0x3e3fffff 16 MiB (16777216 bytes)\n"
                + "  global  0x37400000-0x3d3fffff 96 MiB (100663296 bytes)\n"
                + "  node 0  0x35400000-0x373fffff 32 MiB (33554432 bytes)\n"
                + "note: " + kho + "/out/fdt: 233 of 345 bytes (7.2.13 fault: the file keeps the size the FDT had at"
                + " boot, before later subtrees were added; the FDT the next kernel gets is complete)\n", run.out());
    }

    @Test
    void stage2StatusAndJson() throws Exception {
        KhoDebugfsTrees.stage2(dir);
        CliRun run = run("kho", "status");
        assertEquals(0, run.exitCode(), run.err());
        String kho = dir.resolve("sys/kernel/debug/kho").toString();
        assertTrue(run.out().contains("booted through KHO: yes: handed over by 7.2.13-kho, kexec count 1\n"
                + "incoming subtrees:  LUO (not readable), kexec-metadata (v1), memblock (memblock-v1)\n"
                + "outgoing FDT:       missing from debugfs\n"
                + "outgoing subtrees:  LUO (luo-v5), kexec-metadata (v1), memblock (memblock-v1)\n"), run.out());
        assertTrue(run.out().contains("note: " + kho + "/out/fdt: missing (7.2.13 fault"), run.out());
        assertTrue(run.out().contains("note: " + kho + "/in/sub_fdts/LUO: stale (7.2.13 fault"), run.out());

        CliRun json = run("kho", "status", "--json");
        assertEquals(0, json.exitCode(), json.err());
        String out = json.out();
        assertFalse(out.strip().contains("\n"));
        assertTrue(out.startsWith("{\"kho\":\"enabled\",\"reason\":null,\"kernel_parameters\":{\"kho\":\"on\","
                + "\"kho_scratch\":\"16M,96M,32M\",\"liveupdate\":\"on\",\"reserve_mem\":[\"4M:4096:khomem\"]},"), out);
        assertTrue(out.contains("\"booted_through_kho\":true,\"previous_kernel\":{\"release\":\"7.2.13-kho\","
                + "\"kexec_count\":1},\"in\":{\"fdt\":\"complete\",\"fdt_bytes\":345,\"subtrees\":[{\"name\":\"LUO\","
                + "\"size\":32,\"version\":\"not readable\"},"), out);
        assertTrue(out.contains("\"out\":{\"fdt\":\"missing\",\"fdt_bytes\":null,"), out);
        assertTrue(out.contains("\"scratch\":[{\"role\":\"lowmem\",\"address\":\"0x3d400000\",\"size\":\"0x1000000\"},"),
                out);
        assertTrue(out.contains("\"faults\":[\"" + kho + "/out/fdt: missing"), out);
    }

    @Test
    void offOrUnknown() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "root=/dev/vda ro\n");
        CliRun run = run("kho", "status");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("KHO:                unknown (" + dir.resolve("sys/kernel/debug") + ": debugfs is not mounted"
                + " (mount -t debugfs none /sys/kernel/debug))\nkernel parameters:  (none for KHO)\n", run.out());
        Files.createDirectories(dir.resolve("sys/kernel/debug/tracing"));
        run = run("kho", "status", "--json");
        assertEquals("{\"kho\":\"disabled\",\"reason\":\"" + dir.resolve("sys/kernel/debug/kho") + ": missing: KHO is"
                + " off (boot with kho=on a kernel built with CONFIG_KEXEC_HANDOVER)\",\"kernel_parameters\":"
                + "{\"kho\":null,\"kho_scratch\":null,\"liveupdate\":null,\"reserve_mem\":[]}}\n", run.out());
        run = run("kho", "show", "--out");
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + dir.resolve("sys/kernel/debug/kho") + ": missing: KHO is off (boot with kho=on a"
                + " kernel built with CONFIG_KEXEC_HANDOVER)", run.errLine());
    }

    @Test
    void showInOfAKhoBootedKernel() throws Exception {
        KhoDebugfsTrees.stage2(dir);
        String kho = dir.resolve("sys/kernel/debug/kho").toString();
        CliRun run = run("kho", "show", "--in");
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("note: " + kho + "/in/sub_fdts/LUO: stale (7.2.13 fault: LUO frees this page"
                + " early in boot, after taking its data, and debugfs still shows the reused page)\n/dts-v1/;\n"), out);
        assertTrue(out.contains("KHO root kho-v4 (FDT version 17, 345 bytes)\n"), out);
        assertTrue(out.contains("    kexec-metadata v1: previous kernel 7.2.13-kho, kexec count 1\n"), out);
        assertTrue(out.contains("  subtree LUO: 0x20 bytes at 0x5ae000\n    not decoded: " + kho
                + "/in/sub_fdts/LUO: offset 0x0: compatible is not a printable string"), out);
        assertFalse(out.contains("out/fdt"), out);
    }

    @Test
    void showOutWithoutAReadableRoot() throws Exception {
        KhoDebugfsTrees.stage2(dir);
        String kho = dir.resolve("sys/kernel/debug/kho").toString();
        CliRun run = run("kho", "show", "--out");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("note: " + kho + "/out/fdt: missing (7.2.13 fault: a kernel booted through KHO does not create"
                + " it; the outgoing FDT exists and is handed over)\n"
                + "KHO subtrees in " + kho + "/out/sub_fdts (no readable root FDT, so their physical addresses are not"
                + " shown):\n"
                + "  subtree LUO: 0x20 bytes\n"
                + "    luo-v5: live update number 2, sessions at 0x0 (none: filled in at kexec reboot), FLBs at 0x99f000\n"
                + "  subtree kexec-metadata: 0x49 bytes\n"
                + "    kexec-metadata v1: previous kernel 7.2.13-kho, kexec count 2\n"
                + "  subtree memblock: 0xd2 bytes\n"
                + "    memblock-v1: 1 reserve_mem region\n"
                + "      khomem: 0x3e400000-0x3e7fffff (0x400000 bytes)\n", run.out());
        CliRun json = run("kho", "show", "--out", "--json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().startsWith("{\"file\":\"" + kho + "/out/sub_fdts\",\"kind\":\"subtrees\",\"faults\":[\""
                + kho + "/out/fdt: missing"), json.out());
        assertTrue(json.out().contains("{\"name\":\"kexec-metadata\",\"blob_size\":73,\"content\":{\"version\":1,"
                + "\"previous_release\":\"7.2.13-kho\",\"kexec_count\":2}}"), json.out());
    }

    @Test
    void showOutOfAColdBootedKernel() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        CliRun run = run("kho", "show", "--out");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("note: " + dir.resolve("sys/kernel/debug/kho/out/fdt") + ": 233 of 345 bytes"),
                run.out());
        assertTrue(run.out().contains("  subtree memblock: 0xd2 bytes\n"), run.out());
        run = run("kho", "show", "--in");
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + dir.resolve("sys/kernel/debug/kho") + "/in: missing: this kernel was not booted"
                + " through KHO (nothing was handed over)", run.errLine());
    }

    @Test
    void showUsage() throws Exception {
        assertEquals(2, run("kho", "show", "--in", "--out").exitCode());
        assertEquals(2, run("kho", "show", "--in", "somefile").exitCode());
        KhoDebugfsTrees.stage2(dir);
        CliRun run = run("kho", "show", "--in", "--subtree", "LUO");
        assertEquals(2, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: --subtree is for a FILE"), run.err());
    }
}
