package org.kexkit.dump.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kexkit.elfcore.ProgramHeader;

/** Every mode reads the same bytes: in order, with gaps, backwards, and past p_filesz (zeros). */
class ElfPageReaderTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 1500; // more than one read-ahead chunk and one mapped window
    private static final long DATA_AT = 0x2000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ElfPageReader.Mode.class)
    void readsThePagesOfItsLoad(ElfPageReader.Mode mode) throws Exception {
        byte[] data = new byte[PAGES * PAGE];
        new Random(3).nextBytes(data);
        Path file = dir.resolve("vmcore");
        Files.write(file, concat(new byte[(int) DATA_AT], data));
        long filesz = (PAGES - 10) * (long) PAGE; // the last 10 pages only in p_memsz
        ProgramHeader load = new ProgramHeader(0, 0, ProgramHeader.PT_LOAD, ProgramHeader.PF_R, DATA_AT, 0, 0, filesz,
                PAGES * (long) PAGE, PAGE);
        long[] order = new long[PAGES + 40];
        int n = 0;
        for (int pfn = 0; pfn < PAGES; pfn += (pfn % 7 == 0 ? 3 : 1)) {
            order[n++] = pfn; // ascending with small gaps
        }
        for (int pfn = PAGES - 1; pfn >= PAGES - 40 && n < order.length; pfn--) {
            order[n++] = pfn; // then backwards over the end
        }
        byte[] page = new byte[PAGE];
        try (FileChannel ch = FileChannel.open(file); ElfPageReader reader = new ElfPageReader(ch, file.toString(), PAGE, mode)) {
            for (int i = 0; i < n; i++) {
                int pfn = (int) order[i];
                reader.read(load, pfn, page, 0);
                byte[] expected = pfn * (long) PAGE < filesz ? Arrays.copyOfRange(data, pfn * PAGE, (pfn + 1) * PAGE)
                        : new byte[PAGE];
                assertArrayEquals(expected, page, mode + ": pfn " + pfn);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
