package org.kexkit.dump.extension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kexkit.dump.erase.EraseRange;
import org.kexkit.dump.erase.ErasePlan;
import org.kexkit.dump.filter.PageVotes;
import org.kexkit.dump.erase.EraseKernel;
import org.kexkit.dump.write.PageEraser;
import org.kexkit.extension.EraseSink;
import org.kexkit.extension.EraseSource;
import org.kexkit.extension.Extension;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.extension.ExtensionException;
import org.kexkit.extension.Need;
import org.kexkit.extension.PageDataHook;
import org.kexkit.extension.PageVoter;
import org.kexkit.extension.Vote;

/**
 * The extensions started on one dump and their hooks, found by the interfaces each implements.
 * Starting: an extension built for a newer API, one whose mandatory needs the kernel lacks, or one
 * whose {@link Extension#start} throws is skipped with one line saying why. Then:
 * <ul>
 * <li>{@link #pageVotes()}: every voter asked about each page; any KEEP wins, else any DROP, else no
 *     opinion (makedumpfile master's arbitration); against the dump level see {@link PageVotes};</li>
 * <li>{@link #eraseRanges()}: gathered once, before any page is written, added to the erase plan;</li>
 * <li>{@link #eraser(ErasePlan)}: the erase plan, then each data hook, on each written page.</li>
 * </ul>
 * Erasure and data hooks change bytes only, never which pages are dumped.
 */
public final class ExtensionHost {
    private final List<ExtensionJars.Found> started;
    private final Map<Extension, KernelContext> contexts;
    private final List<Extension> voters = new ArrayList<>();
    private final List<Extension> dataHooks = new ArrayList<>();

    private ExtensionHost(List<ExtensionJars.Found> started, Map<Extension, KernelContext> contexts) {
        this.started = List.copyOf(started);
        this.contexts = contexts;
        for (ExtensionJars.Found f : started) {
            if (f.extension() instanceof PageVoter) {
                voters.add(f.extension());
            }
            if (f.extension() instanceof PageDataHook) {
                dataHooks.add(f.extension());
            }
        }
    }

    /**
     * Checks and starts {@code found} on the dump's kernel ({@link EraseKernel#of} its KernelView);
     * {@code lines} gets the skip lines and the extensions' notes.
     */
    public static ExtensionHost start(List<ExtensionJars.Found> found, EraseKernel kernel, int pageSize,
            Consumer<String> lines)
            throws ExtensionFailedException {
        List<ExtensionJars.Found> started = new ArrayList<>();
        Map<Extension, KernelContext> contexts = new IdentityHashMap<>();
        for (ExtensionJars.Found f : found) {
            String who = f.describe();
            KernelContext context = new KernelContext(kernel, pageSize, f.arguments(), line -> lines.accept("extension " + who + ": " + line));
            try {
                Extension e = f.extension();
                if (e.apiVersion() > ExtensionApi.VERSION) {
                    lines.accept("extension " + who + " skipped: built for extension API version " + e.apiVersion()
                            + ", this kexkit has version " + ExtensionApi.VERSION);
                    continue;
                }
                List<String> missing = new ArrayList<>();
                for (Need n : e.needs().all()) {
                    if (n.mandatory() && !found(n, context)) {
                        missing.add(n.describe());
                    }
                }
                if (!missing.isEmpty()) {
                    List<String> why = context.btfProblems();
                    lines.accept("extension " + who + " skipped: the dump's kernel has no " + String.join(", ", missing)
                            + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"));
                    continue;
                }
                e.start(context);
                started.add(f);
                contexts.put(e, context);
            } catch (ExtensionException e) {
                lines.accept("extension " + who + " skipped: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new ExtensionFailedException("extension " + who + ": " + e.getCause().getMessage(), e.getCause());
            } catch (RuntimeException | LinkageError e) {
                throw new ExtensionFailedException("extension " + who + " failed to start: " + ExtensionJars.oneLine(e), e);
            }
        }
        return new ExtensionHost(started, contexts);
    }

    private static boolean found(Need n, KernelContext c) {
        return switch (n.kind()) {
            case SYMBOL -> c.symbol(n.name()).isPresent();
            case STRUCT -> c.structSize(n.name()).isPresent();
            case MEMBER -> c.member(n.name(), n.member()).isPresent();
        };
    }

    /** The extensions that started, in order. */
    public List<ExtensionJars.Found> started() {
        return started;
    }

    /** True when some started extension votes on pages. */
    public boolean votesOnPages() {
        return !voters.isEmpty();
    }

    /** The votes of the started voters, or {@link PageVotes#NONE}. */
    public PageVotes pageVotes() {
        if (voters.isEmpty()) {
            return PageVotes.NONE;
        }
        return (pfn, structPages, at, size) -> {
            ByteBuffer page = ByteBuffer.wrap(structPages, at, size).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
            Vote result = Vote.NO_OPINION;
            for (Extension e : voters) {
                Vote v;
                try {
                    v = ((PageVoter) e).vote(pfn, page.duplicate().order(ByteOrder.LITTLE_ENDIAN));
                } catch (RuntimeException | LinkageError x) {
                    throw new UncheckedIOException(failed(e, "vote", pfn, x));
                }
                if (v == Vote.KEEP) {
                    return Vote.KEEP;
                }
                if (v == Vote.DROP) {
                    result = Vote.DROP;
                }
            }
            return result;
        };
    }

    /** Every erase range of the started erase sources (physical, as the erase plan takes them). */
    public List<EraseRange> eraseRanges() throws ExtensionFailedException {
        List<EraseRange> out = new ArrayList<>();
        for (ExtensionJars.Found f : started) {
            if (!(f.extension() instanceof EraseSource source)) {
                continue;
            }
            try {
                source.eraseRanges(contexts.get(f.extension()), new Sink(contexts.get(f.extension()), out));
            } catch (ExtensionException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                throw new ExtensionFailedException("extension " + f.describe() + ": erase ranges: "
                        + ExtensionJars.oneLine(cause), e);
            }
        }
        return out;
    }

    /** {@code plan}, then each data hook, on each page written. */
    public PageEraser eraser(ErasePlan plan) {
        if (dataHooks.isEmpty()) {
            return plan;
        }
        int pageSize = plan.pageSize();
        return new PageEraser() {
            @Override
            public void erase(long pfn, byte[] page, int at) {
                plan.erase(pfn, page, at);
                for (Extension e : dataHooks) {
                    try {
                        synchronized (e) { // writer threads: an extension sees one call at a time
                            ((PageDataHook) e).page(pfn, ByteBuffer.wrap(page, at, pageSize).slice()
                                    .order(ByteOrder.LITTLE_ENDIAN));
                        }
                    } catch (RuntimeException | LinkageError x) {
                        throw new UncheckedIOException(failed(e, "page data", pfn, x));
                    }
                }
            }

            @Override
            public byte[] eraseInfo() {
                return plan.eraseInfo();
            }
        };
    }

    private static IOException failed(Extension e, String hook, long pfn, Throwable x) {
        return new ExtensionFailedException(String.format("extension %s failed in its %s hook on pfn 0x%x: %s",
                e.name(), hook, pfn, ExtensionJars.oneLine(x)), x);
    }

    /** Turns what an erase source hands over into physical ranges. */
    private final class Sink implements EraseSink {
        private final KernelContext context;
        private final List<EraseRange> out;

        Sink(KernelContext context, List<EraseRange> out) {
            this.context = context;
            this.out = out;
        }

        @Override
        public void erase(long paddr, long length) {
            out.add(new EraseRange(paddr, length, EraseRange.ERASED));
        }

        @Override
        public void nullify(long paddr, long length) {
            out.add(new EraseRange(paddr, length, EraseRange.NULLIFIED));
        }

        @Override
        public boolean eraseVirtual(long vaddr, long length) {
            if (length <= 0) {
                throw new IllegalArgumentException("an erase range needs a positive length, found " + length);
            }
            int pageSize = context.pageSize();
            List<EraseRange> pieces = new ArrayList<>();
            for (long v = vaddr; v - vaddr < length; ) {
                long n = Math.min(pageSize - Long.remainderUnsigned(v, pageSize), length - (v - vaddr));
                var p = context.toPhysical(v);
                if (p.isEmpty()) {
                    return false;
                }
                pieces.add(new EraseRange(p.getAsLong(), n, EraseRange.ERASED));
                v += n;
            }
            out.addAll(pieces);
            return true;
        }
    }
}
