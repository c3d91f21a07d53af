package org.kexkit.dump.filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.source.PfnRun;

/**
 * Walks the struct pages of every backed pfn in ascending order, in batches,
 * and records each page's class (makedumpfile __exclude_unnecessary_pages over
 * all cycles at once). Pfns in memory holes are never looked at.
 */
public final class PageScanner {
    /** struct pages read at once: makedumpfile's PGMM_CACHED. */
    static final int BATCH = 512;

    private final KernelMemoryModel model;
    private final StructPageLayout layout;
    private final KernelPageFlags flags;
    private final long maxMapnr;
    private final int pageShift;

    public PageScanner(KernelMemoryModel model, long maxMapnr, int pageSize) throws FormatException {
        this.model = model;
        this.layout = StructPageLayout.of(model.where());
        this.flags = KernelPageFlags.of(model.where().info());
        this.maxMapnr = maxMapnr;
        this.pageShift = Integer.numberOfTrailingZeros(pageSize);
        if (maxMapnr > Integer.MAX_VALUE) {
            throw new FormatException(model.where().file(), 0, "max_mapnr 0x" + Long.toHexString(maxMapnr)
                    + " is beyond what the page table of this version holds");
        }
    }

    public PageClassification scan(List<PfnRun> runs, DumpLevel level) throws IOException, FormatException {
        // 4 bits per pfn: a 1 TiB machine needs 128 MiB here (makedumpfile's cyclic bitmaps need less; see the report)
        byte[] classes = new byte[(int) ((maxMapnr + 1) / 2)];
        PageClassifier classifier = new PageClassifier(flags, layout, level, this::plausibleAnonMapping);
        StructPageView view = new StructPageView(layout);
        int size = layout.size();
        byte[] batch = new byte[(BATCH + 1) * size];
        long uncertain = 0;
        long missing = 0;
        long buddy = 0;
        List<String> warnings = new ArrayList<>();
        long resume = 0;
        for (int ri = 0; ri < runs.size(); ri++) {
            PfnRun run = runs.get(ri);
            long pfn = Math.max(run.start(), resume);
            long end = Math.min(run.end(), maxMapnr);
            while (pfn < end) {
                long batchStart = pfn - pfn % BATCH;
                long batchEnd = Math.min(batchStart + BATCH, end);
                int have = readBatch(batchStart, batch);
                if (have == 0) {
                    missing += batchEnd - pfn;
                    pfn = batchEnd;
                    continue;
                }
                for (; pfn < batchEnd; pfn++) {
                    int i = (int) (pfn - batchStart);
                    if (i >= have) {
                        missing++;
                        continue;
                    }
                    view.at(batch, i * size, i + 1 < have);
                    if (classifier.isTail(view)) {
                        continue;
                    }
                    if (flags.isBuddy(view.flags(), view.mapcount()) && view.privateData() >= 0
                            && view.privateData() < flags.freeAreaOrders()) {
                        buddy += 1L << view.privateData();
                    }
                    PageDecision d = classifier.classify(pfn, view);
                    if (d.uncertain()) {
                        uncertain++;
                    }
                    if (d.exclusion() == ExclusionClass.NONE) {
                        continue;
                    }
                    long last = Math.min(pfn + d.pages(), maxMapnr);
                    mark(classes, runs, ri, pfn, last, d.exclusion());
                    pfn = last - 1; // the block is decided: go on after it, as makedumpfile does
                    resume = last;
                }
            }
        }
        if (uncertain > 0) {
            warnings.add(uncertain + " pages look like user data but their struct page's mapping is no kernel "
                    + "pointer (a kernel newer than known?); kept and counted as uncertain");
        }
        if (missing > 0) {
            warnings.add(missing + " pages have no struct page in the vmcore (mem_map not present or not dumped); kept");
        }
        new FreePageCrossCheck(model).check(buddy, level).ifPresent(warnings::add);
        return new PageClassification(classes, uncertain, missing, buddy, warnings);
    }

    /** Sets the class of the backed pfns of [from, to); memory holes stay out of it (they are in no bitmap). */
    private static void mark(byte[] classes, List<PfnRun> runs, int fromRun, long from, long to, ExclusionClass why) {
        for (int i = fromRun; i < runs.size() && runs.get(i).start() < to; i++) {
            long s = Math.max(from, runs.get(i).start());
            long e = Math.min(to, runs.get(i).end());
            for (long q = s; q < e; q++) {
                PageClassification.set(classes, q, why);
            }
        }
    }

    /**
     * Reads the struct pages of [batchStart, batchStart + BATCH] (one more for a
     * compound head's page[1]); returns how many leading ones could be read.
     */
    private int readBatch(long batchStart, byte[] batch) throws IOException, FormatException {
        int size = layout.size();
        OptionalLong first = model.memMap().structPage(batchStart);
        if (first.isEmpty()) {
            return 0;
        }
        // struct pages of one section are virtually contiguous; a batch never crosses a section
        long sectionPages = 1L << model.memMap().pfnSectionShift();
        int count = (int) Math.min(BATCH + 1, sectionPages - batchStart % sectionPages);
        if (model.space().read(first.getAsLong(), batch, 0, count * size)) {
            return count;
        }
        int ok = 0;
        while (ok < count && model.space().read(first.getAsLong() + (long) ok * size, batch, ok * size, size)) {
            ok++;
        }
        return ok;
    }

    /**
     * An anon page's mapping is an anon_vma (or KSM stable node) pointer with low
     * bits set: a slab object in the direct map, backed by memory. Anything else
     * (e.g. all-ones low 32 bits) is not what makedumpfile's isAnon assumes.
     */
    boolean plausibleAnonMapping(long mapping) {
        long pointer = mapping & ~3L;
        if ((mapping & 0xffffffffL) == 0xffffffffL || !model.space().inDirectMap(pointer)) {
            return false;
        }
        return ((pointer - model.space().pageOffset()) >>> pageShift) < maxMapnr;
    }
}
