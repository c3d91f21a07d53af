package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.kdump.KdumpReader;

/**
 * Memory stays bounded whatever the RAM: a sparse vmcore of a 1 TiB machine (max_mapnr 2^28, whose
 * page classes would take 128 MiB at once) is classified and dumped in a JVM with a 32 MiB heap,
 * and every page present is either written or counted in its class.
 *
 * <p>The machine: the synthetic kernel's RAM at pfns 0..63 and 128..159; 64 pages at pfn 1024 that
 * hold the struct pages of a 4096-page section at 512 GiB (its mem_map); that section (buddy blocks
 * of order 10, 10 and 9, 64 anonymous pages, the rest kept); and the last 4096 pages below 1 TiB,
 * whose section has no mem_map (kept, counted as without struct page). Holes everywhere else.
 */
class TerabyteVmcoreTest {
    static final long TIB_PFNS = 1L << 28;
    /** A section with a mem_map, at 512 GiB. */
    static final long WITH_MAP = 1L << 27;
    static final int WITH_MAP_PAGES = 4096;
    /** A section without one, just below 1 TiB. */
    static final long WITHOUT_MAP = TIB_PFNS - 4096;
    static final int WITHOUT_MAP_PAGES = 4096;
    /** Where the struct pages of WITH_MAP live (in the direct map). */
    static final long MAP_STORE = 1024;
    static final int MAP_STORE_PAGES = WITH_MAP_PAGES * SyntheticKernel.SIZE_PAGE / SyntheticKernel.PAGE;
    static final int SECTION_SHIFT = 27 - 12;

    @TempDir
    Path dir;

    static Path write(Path dir) throws Exception {
        SyntheticKernel k = new SyntheticKernel(false).kernelFreePages(2560);
        ByteBuffer map = ByteBuffer.allocate(MAP_STORE_PAGES * SyntheticKernel.PAGE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < WITH_MAP_PAGES; i++) {
            map.putInt(i * SyntheticKernel.SIZE_PAGE + 48, -1); // _mapcount: an ordinary page
        }
        buddy(map, 1024, 10);
        buddy(map, 2048, 10);
        buddy(map, 3072, 9);
        for (int i = 64; i < 128; i++) {
            map.putLong(i * SyntheticKernel.SIZE_PAGE + 24, SyntheticKernel.anonMapping());
        }
        k.ram(MAP_STORE, map.array());
        k.section(WITH_MAP >>> SECTION_SHIFT, (SyntheticKernel.PAGE_OFFSET + MAP_STORE * SyntheticKernel.PAGE
                - WITH_MAP * SyntheticKernel.SIZE_PAGE) | SyntheticKernel.SECTION_FLAGS);
        k.ram(WITH_MAP, text(WITH_MAP_PAGES));
        k.ram(WITHOUT_MAP, text(WITHOUT_MAP_PAGES)); // its section stays absent: no mem_map
        return k.write(dir);
    }

    private static void buddy(ByteBuffer map, int index, int order) {
        map.putInt(index * SyntheticKernel.SIZE_PAGE + 48, SyntheticKernel.BUDDY_6_1);
        map.putLong(index * SyntheticKernel.SIZE_PAGE + 40, order);
    }

    private static byte[] text(int pages) {
        byte[] word = "sparse terabyte ".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[pages * SyntheticKernel.PAGE];
        for (int i = 0; i < out.length; i++) {
            out[i] = word[i % word.length];
        }
        return out;
    }

    @Test
    void aTerabyteIsDumpedInA32MiBHeapWithEveryPageAccountedFor() throws Exception {
        Path vmcore = write(dir);
        Path out = dir.resolve("dump");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx32m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), TerabyteDumpMain.class.getName(), vmcore.toString(),
                out.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the dump did not finish in 2 minutes");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        List<String> words = Arrays.asList(output.lines().filter(l -> l.startsWith("peak ")).findFirst()
                .orElseThrow(() -> new AssertionError(output)).split(" "));
        Map<String, Long> n = new HashMap<>();
        for (int i = 0; i + 1 < words.size(); i += 2) {
            n.put(words.get(i), Long.parseLong(words.get(i + 1)));
        }
        System.out.println("terabyte dump: " + output.strip());
        assertTrue(n.get("peak") < 32L << 20, "peak heap " + n.get("peak"));
        assertEquals(TIB_PFNS, n.get("max_mapnr"));
        long backed = SyntheticKernel.LOW_PAGES + SyntheticKernel.HIGH_PAGES + MAP_STORE_PAGES + WITH_MAP_PAGES
                + WITHOUT_MAP_PAGES;
        assertEquals(backed, n.get("backed"));
        assertEquals(backed, n.get("written") + n.get("excluded"), "every present page written or excluded");
        assertEquals(1024 + 1024 + 512, n.get("free"));
        assertEquals(64, n.get("user"));
        assertEquals(WITHOUT_MAP_PAGES + MAP_STORE_PAGES, n.get("nostruct"));
        // the first pass and the writer's three (count, bitmaps, pages) each walk 32 windows
        assertTrue(n.get("windows") >= 32 * 2, "windows " + n.get("windows"));
        try (KdumpReader r = KdumpReader.open(out)) {
            assertEquals(n.get("written"), r.dumpedPages());
            assertTrue(r.dumped(WITH_MAP) && !r.dumped(WITH_MAP + 1024) && !r.dumped(WITH_MAP + 64)
                    && r.dumped(WITHOUT_MAP + 4095) && !r.dumped(WITHOUT_MAP - 1));
            assertEquals('s', r.readPage(WITHOUT_MAP)[0]);
        }
        assertTrue(Files.size(out) > 0);
    }
}
