package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.CrashElfHeaderBuilder;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.elfcore.KernelTextMapping;
import org.kexkit.elfcore.NoteLocation;

class ElfcoreCommandTest {
    @TempDir
    Path dir;
    CliEnvironment environment;
    Path blob;

    @BeforeEach
    void setUp() throws Exception {
        environment = new FakeKernel().environment(dir);
        blob = dir.resolve("elfcorehdr");
        Files.write(blob, new CrashElfHeaderBuilder()
                .addCpuNote(new NoteLocation(0x2d239600L, 368))
                .addCpuNote(new NoteLocation(0x2d339600L, 368))
                .vmcoreInfo(new NoteLocation(0x4d04000L, 0x1024))
                .kernelText(new KernelTextMapping(0xffffffff81000000L, 0x1000000, 0x3230000))
                .ramRanges(List.of(PhysRange.inclusive(0x100000, 0x2dffffffL), PhysRange.inclusive(0x3e000000L, 0x3ffd9fffL)))
                .pmemRanges(List.of(PhysRange.inclusive(0x100000000L, 0x13fffffffL)))
                .directMapBase(0xff11000000000000L)
                .toBytes());
    }

    @Test
    void showText() {
        CliRun run = CliRun.of(environment, "elfcore", "show", blob.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        String out = run.out();
        assertTrue(out.contains("EM_X86_64 ET_CORE, entry 0x0, 7 program headers at 0x40"), out);
        assertTrue(out.contains("   0 PT_NOTE  0x000000002d239600 0x0000000000000000 0x000000002d239600"
                + " 0x0000000000000170 0x0000000000000170 ---"), out);
        assertTrue(out.contains("   3 PT_LOAD  0x0000000001000000 0xffffffff81000000 0x0000000001000000"), out);
        assertTrue(out.contains("   6 PT_LOAD  0x0000000100000000 0xff11000100000000 0x0000000100000000"
                + " 0x0000000040000000 0x0000000040000000 RWED"), out);
        assertTrue(out.contains("4 PT_LOAD segments"), out);
        assertTrue(out.contains("1 marked PF_DEV"), out);
        assertTrue(out.contains("Notes: 3 PT_NOTE segments"), out);
        assertTrue(out.contains("     2 phys 0x0000000004d04000 size 4132"), out);
        // 64 + 7 * 56 = 456 bytes used of 1024
        assertTrue(out.contains("Room after the program header table: 568 bytes (10 more program headers)"), out);
    }

    @Test
    void showJson() {
        CliRun run = CliRun.of(environment, "elfcore", "show", "--json", blob.toString());
        assertEquals(0, run.exitCode(), run.err());
        String json = run.out().strip();
        assertFalse(json.contains("\n"));
        assertTrue(json.contains("\"phnum\":7"), json);
        assertTrue(json.contains("{\"index\":6,\"type\":\"PT_LOAD\",\"offset\":\"0x100000000\",\"vaddr\":\"0xff11000100000000\","
                + "\"paddr\":\"0x100000000\",\"filesz\":1073741824,\"memsz\":1073741824,\"flags\":\"RWED\",\"pf_dev\":true}"), json);
        assertTrue(json.contains("\"notes\":[{\"index\":0,\"paddr\":\"0x2d239600\",\"size\":368}"), json);
        assertTrue(json.contains("\"spare_bytes\":568"), json);
    }

    @Test
    void showsAnOrdinaryCoreFileToo() throws Exception {
        Path core = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addLoad(0xffff888000100000L, 0x100000, new byte[4096]).write(core);
        CliRun run = CliRun.of(environment, "elfcore", "show", core.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 PT_LOAD segments"), run.out());
        assertFalse(run.out().contains("Room after"), run.out());
    }

    @Test
    void notElfIsOneLine() throws Exception {
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "this is not an ELF header, just text long enough to fill sixty-four bytes......");
        CliRun run = CliRun.of(environment, "elfcore", "show", junk.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + junk + ": offset 0x0: expected ELF magic 7f 45 4c 46, found 74 68 69 73: not an ELF file",
                run.errLine());
    }

    @Test
    void aFileNameWithControlCharactersIsShownEscaped() {
        // a name made to clear the screen and forge a second line: one line, escapes shown
        CliRun run = CliRun.of(environment, "elfcore", "show", dir + "/x\n\u001b[2Jkexkit: ok");
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + dir + "/x\\n\\x1b[2Jkexkit: ok: no such file", run.errLine());
    }

    @Test
    void missingFileIsOneLine() {
        Path missing = dir.resolve("missing");
        CliRun run = CliRun.of(environment, "elfcore", "show", missing.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + missing + ": no such file", run.errLine());
    }

    @Test
    void usageErrors() {
        CliRun run = CliRun.of(environment, "elfcore", "show");
        assertEquals(2, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: Missing required parameter: 'FILE'"), run.err());
        run = CliRun.of(environment, "elfcore");
        assertEquals(2, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: missing command: show"), run.err());
    }
}
