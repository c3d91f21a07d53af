package org.kexkit.dump.filter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.kexkit.bin.FormatException;

/**
 * The outcome of classifying every struct page of a vmcore at one dump level, held a window of
 * pfns at a time (makedumpfile's cyclic mode) so that memory stays bounded whatever the RAM:
 * the first pass, made when this is built, gives the counts and warnings; {@link #exclusion}
 * answers from the current window and classifies the next one when asked past it, or walks the
 * pfn space again from the start when asked before it (each pass gives the same classes). A pfn
 * space that fits in one window is classified once and kept.
 *
 * <p>Not thread-safe. Close it when done: later passes read the vmcore through what it holds.
 */
public final class PageClassification implements PageFilter, AutoCloseable {
    /**
     * What the first pass found.
     *
     * @param uncertainPages pages kept because they looked like user data but their mapping was no kernel pointer
     * @param noStructPage   backed pfns whose struct page was not in the vmcore (kept)
     * @param buddyPages     pfns in free buddy blocks found (at any level), for the cross-check
     * @param warnings       one line each, for the user
     */
    record Findings(long uncertainPages, long noStructPage, long buddyPages, List<String> warnings) {
        Findings {
            warnings = List.copyOf(warnings);
        }
    }

    /** Starts a new pass over the pfn space. */
    @FunctionalInterface
    interface Passes {
        PageScanner.Pass start();
    }

    private final Passes passes;
    private final long maxMapnr;
    private final long windowPfns;
    private final ClassWindow window;
    private final AutoCloseable resources;
    private final Findings findings;
    private PageScanner.Pass pass;
    private long windowsClassified;

    private PageClassification(Passes passes, long maxMapnr, long windowPfns, ClassWindow window,
            AutoCloseable resources, Findings findings) {
        this.passes = passes;
        this.maxMapnr = maxMapnr;
        this.windowPfns = windowPfns;
        this.window = window;
        this.resources = resources;
        this.findings = findings;
    }

    /** Runs the first pass over every window; leaves the last window in place. */
    static PageClassification firstPass(Passes passes, long maxMapnr, long windowPfns, ClassWindow window,
            AutoCloseable resources) throws IOException, FormatException {
        PageScanner.Pass first = passes.start();
        long windows = 0;
        for (long from = 0; from < maxMapnr; from += windowPfns) {
            window.reset(from, Math.min(from + windowPfns, maxMapnr));
            first.classify(window);
            windows++;
        }
        PageClassification c = new PageClassification(passes, maxMapnr, windowPfns, window, resources, first.findings());
        c.pass = first;
        c.windowsClassified = windows;
        if (windows <= 1) {
            c.closeResources(); // one window: it is all there is, nothing is read again
        }
        return c;
    }

    @Override
    public ExclusionClass exclusion(long pfn) {
        if (pfn < 0 || pfn >= maxMapnr) {
            return ExclusionClass.NONE;
        }
        if (!window.contains(pfn)) {
            moveTo(pfn);
        }
        return window.get(pfn);
    }

    @Override
    public void exclusions(long from, int count, ExclusionClass[] into) {
        int i = 0;
        while (i < count) {
            long pfn = from + i;
            if (pfn < 0 || pfn >= maxMapnr) {
                into[i++] = ExclusionClass.NONE;
                continue;
            }
            if (!window.contains(pfn)) {
                moveTo(pfn);
            }
            int n = (int) Math.min(count - i, window.end() - pfn);
            window.get(pfn, n, into, i);
            i += n;
        }
    }

    /** Classifies windows up to the one holding {@code pfn}, from a new pass if it lies behind. */
    private void moveTo(long pfn) {
        try {
            if (pfn < window.start()) {
                pass = passes.start();
                window.reset(0, 0);
            }
            long from = window.end();
            while (!window.contains(pfn)) {
                window.reset(from, Math.min(from + windowPfns, maxMapnr));
                pass.classify(window);
                windowsClassified++;
                from = window.end();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FormatException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    public long uncertainPages() {
        return findings.uncertainPages();
    }

    public long noStructPage() {
        return findings.noStructPage();
    }

    public long buddyPages() {
        return findings.buddyPages();
    }

    public List<String> warnings() {
        return findings.warnings();
    }

    /** Windows classified so far, over all passes: how often the struct pages were walked. */
    public long windowsClassified() {
        return windowsClassified;
    }

    @Override
    public void close() throws IOException {
        closeResources();
    }

    private void closeResources() throws IOException {
        try {
            resources.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
