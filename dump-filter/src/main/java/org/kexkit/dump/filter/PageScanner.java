package org.kexkit.dump.filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.extension.Vote;

/**
 * Walks the struct pages of every backed pfn in ascending order, in batches,
 * and records each page's class (makedumpfile __exclude_unnecessary_pages), one
 * window of pfns at a time (its cycles). Pfns in memory holes are never looked at.
 */
public final class PageScanner {
    /** struct pages read at once: makedumpfile's PGMM_CACHED. */
    static final int BATCH = 512;
    /**
     * Pfns classified at once: 4 bits each, so at most 4 MiB of heap (less on a smaller machine). A
     * machine of up to 32 GiB (holes included: a 16 GiB x86 guest's pfns reach 17 GiB) is one window,
     * classified once and kept; a larger one is classified a window at a time, again on each pass.
     */
    static final long DEFAULT_WINDOW = 1L << 23;

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
    }

    /**
     * Classifies every backed pfn, a window at a time: one pass now for the counts and warnings,
     * more passes later if the pfn space is larger than one window (see {@link PageClassification}).
     */
    public PageClassification scan(List<PfnRun> runs, DumpLevel level) throws IOException, FormatException {
        return scan(runs, level, PageVotes.NONE, DEFAULT_WINDOW, () -> { });
    }

    /**
     * As {@link #scan(List, DumpLevel)} with a window of {@code windowPfns} (best a multiple of {@link #BATCH});
     * {@code resources} is closed with the classification (what later passes read through).
     */
    PageClassification scan(List<PfnRun> runs, DumpLevel level, PageVotes votes, long windowPfns, AutoCloseable resources)
            throws IOException, FormatException {
        if (windowPfns <= 0) {
            throw new IllegalArgumentException("window of " + windowPfns + " pfns");
        }
        return PageClassification.firstPass(() -> new Pass(runs, level, votes), maxMapnr, windowPfns,
                new ClassWindow(Math.min(windowPfns, maxMapnr)), resources);
    }

    /**
     * One walk over the pfn space in ascending windows (makedumpfile's cycles). What a struct
     * page decides for a whole block (a buddy block, a compound page) may reach into the next
     * windows: the pass carries it over.
     */
    final class Pass {
        private final List<PfnRun> runs;
        private final PageClassifier classifier;
        private final StructPageView view = new StructPageView(layout);
        private final byte[] batch = new byte[(BATCH + 1) * layout.size()];
        private int ri;
        private long resume;
        private long carryEnd;
        private ExclusionClass carryWhy = ExclusionClass.NONE;
        private long uncertain;
        private long missing;
        private long buddy;

        private final DumpLevel level;
        private final PageVotes votes;

        Pass(List<PfnRun> runs, DumpLevel level, PageVotes votes) {
            this.runs = runs;
            this.level = level;
            this.votes = votes;
            this.classifier = new PageClassifier(flags, layout, level, PageScanner.this::plausibleAnonMapping);
        }

        /** Fills {@code w} (already reset to its range, the next after the last one) with the classes of its pfns. */
        void classify(ClassWindow w) throws IOException, FormatException {
            long wStart = w.start();
            long wEnd = Math.min(w.end(), maxMapnr);
            if (carryEnd > wStart) {
                mark(w, ri, wStart, Math.min(carryEnd, wEnd), carryWhy);
            }
            int size = layout.size();
            while (ri < runs.size() && runs.get(ri).start() < wEnd) {
                PfnRun run = runs.get(ri);
                long pfn = Math.max(Math.max(run.start(), resume), wStart);
                long end = Math.min(run.end(), wEnd);
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
                        // makedumpfile master's order: a keep vote before every test (tail pages too),
                        // a drop vote only where no dump-level test excluded the page
                        Vote vote = votes == PageVotes.NONE ? Vote.NO_OPINION : votes.vote(pfn, batch, i * size, size);
                        if (vote == Vote.KEEP || classifier.isTail(view)) {
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
                            if (vote == Vote.DROP) {
                                mark(w, ri, pfn, pfn + 1, ExclusionClass.EXTENSION); // this page only, as makedumpfile
                            }
                            continue;
                        }
                        // the block's end, at most the pfn space's: 2^63 pages (order 63, which a corrupt
                        // compound order at pfn 0 gives) is a negative long and would send the walk back
                        long last = Long.compareUnsigned(d.pages(), maxMapnr - pfn) >= 0 ? maxMapnr : pfn + d.pages();
                        mark(w, ri, pfn, Math.min(last, wEnd), d.exclusion());
                        if (last > wEnd) {
                            carryEnd = last;
                            carryWhy = d.exclusion();
                        }
                        pfn = last - 1; // the block is decided: go on after it, as makedumpfile does
                        resume = last;
                    }
                }
                if (run.end() > wEnd) {
                    break; // the rest of this run belongs to the next window
                }
                ri++;
            }
        }

        /** Sets the class of the backed pfns of [from, to); memory holes stay out of it (they are in no bitmap). */
        private void mark(ClassWindow w, int fromRun, long from, long to, ExclusionClass why) {
            for (int i = fromRun; i < runs.size() && runs.get(i).start() < to; i++) {
                long s = Math.max(from, runs.get(i).start());
                long e = Math.min(to, runs.get(i).end());
                for (long q = s; q < e; q++) {
                    w.set(q, why);
                }
            }
        }

        /** The pass's findings, once it has seen every window, as the user is told them. */
        PageClassification.Findings findings() throws IOException {
            List<String> warnings = new ArrayList<>();
            if (uncertain > 0) {
                warnings.add(uncertain + " pages look like user data but their struct page's mapping is no kernel "
                        + "pointer (a kernel newer than known?); kept and counted as uncertain");
            }
            if (missing > 0) {
                warnings.add(missing + " pages have no struct page in the vmcore (mem_map not present or not dumped); kept");
            }
            new FreePageCrossCheck(model).check(buddy, level).ifPresent(warnings::add);
            return new PageClassification.Findings(uncertain, missing, buddy, warnings);
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
