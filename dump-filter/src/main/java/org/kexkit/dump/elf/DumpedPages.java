package org.kexkit.dump.elf;

/**
 * The pfns an ELF dump keeps (makedumpfile's 2nd bitmap once zero pages are
 * taken out): one bit per pfn up to max_mapnr, 32 MiB for 1 TiB of 4 KiB pages.
 */
final class DumpedPages {
    private final long[] words;
    private long count;

    DumpedPages(long maxMapnr) {
        this.words = new long[Math.toIntExact((maxMapnr + 63) / 64)];
    }

    void add(long pfn) {
        int w = (int) (pfn >>> 6);
        long bit = 1L << (pfn & 63);
        if ((words[w] & bit) == 0) {
            words[w] |= bit;
            count++;
        }
    }

    boolean contains(long pfn) {
        return pfn >= 0 && (pfn >>> 6) < words.length && (words[(int) (pfn >>> 6)] & (1L << (pfn & 63))) != 0;
    }

    long count() {
        return count;
    }
}
