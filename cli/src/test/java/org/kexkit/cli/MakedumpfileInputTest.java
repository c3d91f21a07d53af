package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.kdump.KdumpReader;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ElfCoreWriter;

/**
 * makedumpfile's inputs: a kdump-compressed file filtered again, ELF output
 * (-E), the -d list, and bad input of every kind as one line naming the file
 * and the offset, exit 1.
 */
class MakedumpfileInputTest {
    static final int PAGE = 4096;
    static final String VMCOREINFO = "OSRELEASE=6.1.0-test\nPAGESIZE=4096\nCRASHTIME=1700000000\n";

    @TempDir
    Path dir;
    CliEnvironment environment;
    byte[] memory;

    @BeforeEach
    void setUp() {
        environment = new FakeKernel().environment(dir);
        memory = new byte[16 * PAGE]; // 8 random pages, then 8 zero pages
        byte[] random = new byte[8 * PAGE];
        new Random(5).nextBytes(random);
        System.arraycopy(random, 0, memory, 0, random.length);
    }

    private Path vmcore(String name, String vmcoreInfo) throws Exception {
        Path p = dir.resolve(name);
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo(vmcoreInfo).addLoad(0xffff888000100000L, 0x100000, memory).write(p);
        return p;
    }

    private Path kdump(String name, String... options) throws Exception {
        Path out = dir.resolve(name);
        String[] args = new String[options.length + 4];
        args[0] = "makedumpfile";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "-f";
        args[options.length + 2] = vmcore("vmcore-" + name, VMCOREINFO).toString();
        args[options.length + 3] = out.toString();
        CliRun run = CliRun.of(environment, args);
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    private CliRun makedumpfile(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "makedumpfile";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(environment, all);
    }

    /** makedumpfile -d 1 on a kdump-compressed file. */
    private CliRun refilter(Path dump) {
        return makedumpfile("-d", "1", dump.toString(), dir.resolve("x").toString());
    }

    /** Re-filtering the damaged {@code dump} ends in one line naming {@code problem} at {@code offset}. */
    private void assertRefilterFails(Path dump, long offset, String problem) {
        CliRun run = refilter(dump);
        assertOneLine(run, dump, problem);
        assertTrue(run.errLine().contains("offset 0x" + Long.toHexString(offset) + ":"), run.err());
    }

    /** The file offset of block {@code block} of a kdump-compressed file (blocks are pages). */
    private static long blockOffset(Path dump, ToLongFunction<KdumpReader> block) throws Exception {
        try (KdumpReader reader = KdumpReader.open(dump)) {
            return block.applyAsLong(reader) * reader.pageSize();
        }
    }

    /** Keeps only the first {@code length} bytes of {@code file}. */
    private static void cut(Path file, long length) throws Exception {
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) length));
    }

    private static void assertOneLine(CliRun run, Path file, String problem) {
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.errLine().matches("kexkit: " + Pattern.quote(file.toString()) + ": offset 0x[0-9a-f]+: "
                + problem), run.err());
    }

    @Test
    void aKdumpFileIsFilteredAgainWithItsLevelOredIn() throws Exception {
        Path d1 = kdump("d1", "-c", "-d", "1");
        Path again = dir.resolve("again");
        CliRun run = makedumpfile("-l", "-d", "0", d1.toString(), again.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("dump_level is changed to 1, because " + d1 + " was created by dump_level(1).\n"),
                run.out());
        try (KdumpReader reader = KdumpReader.open(again)) {
            assertEquals(1, reader.subHeader().dumpLevel());
            assertEquals(2, reader.header().compression()); // LZO now
            for (int i = 0; i < 16; i++) {
                assertArrayEquals(Arrays.copyOfRange(memory, i * PAGE, (i + 1) * PAGE), reader.readPage(0x100 + i));
            }
        }
    }

    @Test
    void elfOutputKeepsTheVmcoresPagesAndItsFlattenedFormReassembles() throws Exception {
        Path vmcore = vmcore("vmcore", VMCOREINFO);
        Path elf = dir.resolve("dump.elf");
        CliRun run = makedumpfile("-E", "-d", "31,1", "--message-level", "31", vmcore.toString(), elf.toString());
        // level 31 needs VMCOREINFO symbols this vmcore lacks; level 1 alone does not
        assertEquals(1, run.exitCode(), run.err());
        run = makedumpfile("-E", "-d", "1,31", "--message-level", "31", vmcore.toString(), elf.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  Excluded pages   : 0x0000000000000008\n     in ELF format : 0x0000000000000008\n"),
                run.out());
        ElfCore core = ElfCoreReader.read(elf);
        assertEquals(1, core.loads().size());
        assertEquals(8L * PAGE, core.loads().get(0).filesz()); // the 8 zero pages at the end are only in p_memsz
        assertEquals(16L * PAGE, core.loads().get(0).memsz());
        byte[] file = Files.readAllBytes(elf);
        int at = (int) core.loads().get(0).offset();
        assertArrayEquals(Arrays.copyOf(memory, 8 * PAGE), Arrays.copyOfRange(file, at, at + 8 * PAGE));

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CliRun flat = CliRun.of(environment.withStreams(() -> System.in, () -> stdout), "makedumpfile", "-E", "-F", "-d",
                "1", vmcore.toString());
        assertEquals(0, flat.exitCode(), flat.err());
        Path rebuilt = dir.resolve("rebuilt.elf");
        CliRun r = CliRun.of(environment.withStreams(() -> new ByteArrayInputStream(stdout.toByteArray()), () -> null),
                "makedumpfile", "-R", rebuilt.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(file, Files.readAllBytes(rebuilt));
    }

    @Test
    void elfOutputRefusesCompressionThreadsAndKdumpInput() throws Exception {
        Path vmcore = vmcore("vmcore", VMCOREINFO);
        CliRun run = makedumpfile("-E", "-c", vmcore.toString(), dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals("kexkit: -E writes pages uncompressed: it cannot be combined with -c, -l, -p or -z "
                + "(see 'kexkit makedumpfile --help')", run.errLine());
        run = makedumpfile("-E", "--num-threads", "2", vmcore.toString(), dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        Path d1 = kdump("d1", "-d", "1");
        run = makedumpfile("-E", d1.toString(), dir.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().startsWith("kexkit: -E needs an ELF vmcore: " + d1 + " is kdump-compressed"), run.err());
    }

    @Test
    void theLevelListIsCheckedAsAUsageError() throws Exception {
        Path vmcore = vmcore("vmcore", VMCOREINFO);
        CliRun run = makedumpfile("-d", "1,x", vmcore.toString(), dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals("kexkit: dump level must be 0 to 63, found 'x' (see 'kexkit makedumpfile --help')", run.errLine());
        run = makedumpfile("-d", "64", vmcore.toString(), dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
    }

    @Test
    void onlyAFullDiskMovesToTheNextLevel() {
        Exception full = new org.kexkit.dump.DumpException("dump stopped",
                new java.io.IOException("wrapped", new java.io.IOException("No space left on device")));
        assertTrue(MakedumpfileRun.diskFull(full));
        assertTrue(!MakedumpfileRun.diskFull(new org.kexkit.dump.DumpException("dump failed",
                new java.io.IOException("Input/output error"))));
    }

    @Test
    void truncatedElfVmcore() throws Exception {
        Path vmcore = vmcore("vmcore", VMCOREINFO);
        byte[] bytes = Files.readAllBytes(vmcore);
        Files.write(vmcore, Arrays.copyOf(bytes, bytes.length - 3 * PAGE));
        assertOneLine(makedumpfile(vmcore.toString(), dir.resolve("x").toString()), vmcore,
                "PT_LOAD 1 runs past end of file \\(ends at 0x[0-9a-f]+, file is 0x[0-9a-f]+ bytes\\)");
        assertTrue(Files.notExists(dir.resolve("x")));
    }

    @Test
    void vmcoreinfoWithoutPagesize() throws Exception {
        Path vmcore = vmcore("vmcore", "OSRELEASE=6.1.0-test\nCRASHTIME=1700000000\n");
        assertOneLine(makedumpfile("-d", "1", vmcore.toString(), dir.resolve("x").toString()), vmcore,
                "VMCOREINFO has no PAGESIZE line");
    }

    @Test
    void vmcoreinfoSymbolOutsideMemory() throws Exception {
        String info = VMCOREINFO + "SYMBOL(init_top_pgt)=ffffffff81000000\nSYMBOL(mem_section)=ffff888100000000\n"
                + "SIZE(mem_section)=16\nOFFSET(mem_section.section_mem_map)=0\nSIZE(page)=64\n";
        Path vmcore = vmcore("vmcore", info);
        CliRun run = makedumpfile("-d", "31", vmcore.toString(), dir.resolve("x").toString());
        assertOneLine(run, vmcore, "SYMBOL\\(mem_section\\): 0xffff888100000000 points outside the vmcore's memory");
        long line = Long.parseLong(run.errLine().replaceAll(".*offset 0x([0-9a-f]+):.*", "$1"), 16);
        byte[] bytes = Files.readAllBytes(vmcore);
        assertEquals("SYMBOL(mem_section)=", new String(bytes, (int) line, 20, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void garbageKdumpHeader() throws Exception {
        Path d1 = kdump("d1", "-d", "1");
        byte[] bytes = Files.readAllBytes(d1);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(428, 3000); // block_size
        Files.write(d1, bytes);
        assertRefilterFails(d1, 0x1ac, "expected block_size a power of two from 512 to 1 MiB, found 3000");
    }

    @Test
    void kdumpPagesizeThatDisagreesWithItsBlockSize() throws Exception {
        Path d1 = kdump("d1", "-d", "1");
        byte[] bytes = Files.readAllBytes(d1);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("PAGESIZE=4096");
        System.arraycopy("PAGESIZE=8192".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, at, 13);
        Files.write(d1, bytes);
        assertRefilterFails(d1, at, "PAGESIZE: 8192 disagrees with the header's block_size 4096");
    }

    @Test
    void kdumpTruncatedInItsBitmaps() throws Exception {
        Path d1 = kdump("d1", "-d", "1");
        long bitmaps = blockOffset(d1, r -> 1L + r.header().subHeaderBlocks());
        cut(d1, bitmaps + 100);
        assertRefilterFails(d1, bitmaps, "bitmaps truncated: .*");
    }

    @Test
    void kdumpTruncatedInItsDescriptors() throws Exception {
        Path d1 = kdump("d1", "-d", "1");
        cut(d1, blockOffset(d1, r -> 1L + r.header().subHeaderBlocks() + r.header().bitmapBlocks()) + 30);
        assertOneLine(refilter(d1), d1,
                "page descriptors truncated: 16 descriptors need 0x[0-9a-f]+ bytes, the file ends at 0x[0-9a-f]+");
    }

    @Test
    void flattenedInputIsRefusedWithTheWayOut() throws Exception {
        Path vmcore = vmcore("vmcore", VMCOREINFO);
        Path flat = dir.resolve("flat");
        try (java.io.OutputStream o = Files.newOutputStream(flat)) {
            CliRun run = CliRun.of(environment.withStreams(() -> System.in, () -> o), "makedumpfile", "-F", "-d", "1",
                    vmcore.toString());
            assertEquals(0, run.exitCode(), run.err());
        }
        assertOneLine(makedumpfile("-d", "1", flat.toString(), dir.resolve("x").toString()), flat,
                "a flattened dump \\(makedumpfile -F\\): rebuild it first with 'kexkit makedumpfile -R DUMPFILE < .*");
    }
}
