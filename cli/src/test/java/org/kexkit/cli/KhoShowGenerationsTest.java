package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kho.KhoGeneration;
import org.kexkit.kho.KhoGenerationBlobs;
import org.kexkit.kho.LuoGeneration;

/** `kexkit kho show` on a root and a LUO blob of every generation. */
class KhoShowGenerationsTest {
    @TempDir
    Path dir;
    CliEnvironment environment;

    @BeforeEach
    void setUp() {
        environment = new FakeKernel().environment(dir);
    }

    @Test
    void everyRootGeneration() throws Exception {
        for (KhoGeneration g : KhoGeneration.values()) {
            Path file = Files.write(dir.resolve(g.compatible() + ".dtb"), KhoGenerationBlobs.root(g));
            CliRun run = CliRun.of(environment, "kho", "show", file.toString());
            assertEquals(0, run.exitCode(), run.err());
            String out = run.out();
            assertTrue(out.contains("KHO root " + g.compatible() + " (FDT version 17,"), out);
            if (g == KhoGeneration.V1) {
                assertTrue(out.contains("  preserved memory: chunk list (kho-v1) first chunk at 0x100000"), out);
                assertTrue(out.contains("\t\tfdt = /le64/ <0x5a2000>;\n"), out);
            } else {
                assertTrue(out.contains("  preserved memory: radix tree root page at 0x100000"), out);
            }
            assertTrue(out.contains(g.blobSizes() ? "  subtree memblock: 0xd2 bytes at 0x5a2000\n"
                    : "  subtree memblock: FDT at 0x5a2000\n"), out);
            CliRun json = CliRun.of(environment, "kho", "show", "--json", file.toString());
            assertEquals(0, json.exitCode(), json.err());
            assertTrue(json.out().contains("\"compatible\":\"" + g.compatible() + "\",\"preserved_memory_map\""),
                    json.out());
        }
    }

    @Test
    void unknownRootGenerationIsOneLine() throws Exception {
        Path file = Files.write(dir.resolve("kho-v5.dtb"), KhoGenerationBlobs.root("kho-v5"));
        CliRun run = CliRun.of(environment, "kho", "show", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + file + ": root: compatible kho-v5 is not known to this kexkit (knows kho-v1, kho-v2,"
                + " kho-v3, kho-v4)\n", run.err());
    }

    @Test
    void everyLuoGeneration() throws Exception {
        for (LuoGeneration g : LuoGeneration.values()) {
            Path file = Files.write(dir.resolve(g.compatible() + ".bin"), KhoGenerationBlobs.luo(g, 3, 0x7000, 0x8000));
            CliRun run = CliRun.of(environment, "kho", "show", file.toString());
            assertEquals(0, run.exitCode(), run.err());
            String expected = g == LuoGeneration.V2 ? "  luo-v2: struct luo_ser at 0x7000 (in another preserved page)\n"
                    : "  " + g.compatible() + ": live update number 3, sessions at 0x7000, FLBs at 0x8000\n";
            assertTrue(run.out().contains("KHO subtree LUO (" + file + ")\n" + expected), run.out());
        }
    }
}
