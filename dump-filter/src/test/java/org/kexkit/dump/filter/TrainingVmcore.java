package org.kexkit.dump.filter;

import static org.kexkit.dump.filter.SyntheticKernel.anonMapping;
import static org.kexkit.dump.filter.SyntheticKernel.flag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the vmcore the runtime's class archive is trained on (runtime/build-runtime): the
 * {@link SyntheticKernel} with page cache, anonymous, free and zero pages and pages of text and of
 * random bytes, so that a dump of it runs every class of the filter and the writers. It is not a test.
 */
public final class TrainingVmcore {
    private TrainingVmcore() {
    }

    /** args[0]: the directory to write {@code vmcore} into. */
    public static void main(String[] args) throws IOException {
        System.out.println(write(Files.createDirectories(Path.of(args[0])), true));
    }

    /**
     * Writes {@code vmcore} into {@code dir}: the kernel's structures and the pages their struct pages
     * classify, with the pages of text and random bytes ({@code filler}) or with those pages zero (the
     * fuzzed memory image, whose patches matter in the structures, not in page contents).
     */
    public static Path write(Path dir, boolean filler) throws IOException {
        SyntheticKernel k = new SyntheticKernel(false).kernelFreePages(2);
        k.page(30).flags(flag(SyntheticKernel.PG_LRU)).mapping(SyntheticKernel.PAGE_OFFSET + 0x5000);
        k.page(31).flags(flag(SyntheticKernel.PG_LRU) | flag(SyntheticKernel.PG_PRIVATE));
        k.page(34).flags(flag(SyntheticKernel.PG_LRU)).mapping(anonMapping());
        k.page(36).mapcount(SyntheticKernel.BUDDY_6_1).privateData(1);
        Random random = new Random(1);
        for (int pfn = 40; filler && pfn < SyntheticKernel.LOW_PAGES; pfn++) {
            byte[] page = new byte[SyntheticKernel.PAGE];
            if (pfn % 2 == 0) {
                random.nextBytes(page);
            } else {
                page = ("kexkit training page " + pfn + " ").repeat(200).substring(0, SyntheticKernel.PAGE).getBytes();
            }
            System.arraycopy(page, 0, k.low, pfn * SyntheticKernel.PAGE, SyntheticKernel.PAGE);
        }
        return k.write(dir);
    }
}
