package org.kexkit.dump.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.dump.extension.ExtensionFailedException;
import org.kexkit.dump.extension.ExtensionHost;
import org.kexkit.dump.extension.ExtensionJars;
import org.kexkit.dump.filter.PageVotes;
import org.kexkit.extension.EraseSink;
import org.kexkit.extension.EraseSource;
import org.kexkit.extension.Extension;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.extension.ExtensionContext;
import org.kexkit.extension.ExtensionException;
import org.kexkit.extension.Member;
import org.kexkit.extension.Needs;
import org.kexkit.extension.PageDataHook;
import org.kexkit.extension.PageVoter;
import org.kexkit.extension.Vote;

/** The extension host on the synthetic kernel of the erase tests: needs, start, votes, erase ranges, data hooks. */
class ExtensionHostTest {
    private static final int PAGE = SyntheticKernel.PAGE;

    private final List<String> lines = new ArrayList<>();

    private ExtensionHost host(Extension... extensions) throws Exception {
        List<ExtensionJars.Found> found = new ArrayList<>();
        for (Extension e : extensions) {
            found.add(new ExtensionJars.Found(Path.of("x.jar"), e));
        }
        return ExtensionHost.start(found, new SyntheticKernel(), PAGE, lines::add);
    }

    /** Named, the current API version, needing what it is given. */
    private abstract static class Base implements Extension {
        private final String name;
        private final Needs needs;

        Base(String name, Needs needs) {
            this.name = name;
            this.needs = needs;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int apiVersion() {
            return ExtensionApi.VERSION;
        }

        @Override
        public Needs needs() {
            return needs;
        }
    }

    /** Erases every comm on the task list, with the list and comm offsets from BTF. */
    private static final class CommEraser extends Base implements EraseSource {
        CommEraser() {
            super("comm", Needs.builder().symbol("init_task").member("task", "tasks").member("task", "comm").build());
        }

        @Override
        public void eraseRanges(ExtensionContext c, EraseSink sink) throws ExtensionException {
            long head = c.symbol("init_task").getAsLong();
            long tasks = c.member("task", "tasks").get().offset();
            Member comm = c.member("task", "comm").get();
            long task = head;
            for (int n = 0; n < 100; n++) {
                if (!sink.eraseVirtual(task + comm.offset(), comm.size())) {
                    throw new ExtensionException("comm of 0x" + Long.toHexString(task) + " not in the dump");
                }
                task = c.readLong(task + tasks).getAsLong() - tasks;
                if (task == head) {
                    return;
                }
            }
            throw new ExtensionException("the task list does not end");
        }
    }

    @Test
    void anExtensionMissingAMandatoryNeedIsSkippedWithOneLine() throws Exception {
        ExtensionHost h = host(new Base("needy", Needs.builder().symbol("init_task").symbol("no_such_symbol")
                .member("task", "no_member").optionalSymbol("nor_this").build()) { }, new CommEraser());
        assertEquals(List.of("extension needy (x.jar) skipped: the dump's kernel has no symbol no_such_symbol, "
                + "member task.no_member"), lines);
        assertEquals(List.of("comm"), h.started().stream().map(f -> f.extension().name()).toList());
    }

    @Test
    void anExtensionForANewerApiOrFailingItsStartIsSkipped() throws Exception {
        ExtensionHost h = host(new Base("future", Needs.none()) {
            @Override
            public int apiVersion() {
                return ExtensionApi.VERSION + 1;
            }
        }, new Base("refuses", Needs.none()) {
            @Override
            public void start(ExtensionContext c) throws ExtensionException {
                throw new ExtensionException("not on this kernel");
            }
        });
        assertEquals(List.of("extension future (x.jar) skipped: built for extension API version 3, this kexkit has version 2",
                "extension refuses (x.jar) skipped: not on this kernel"), lines);
        assertTrue(h.started().isEmpty());
        assertEquals(PageVotes.NONE, h.pageVotes());
    }

    @Test
    void eraseRangesJoinThePlanAndEraseEveryComm() throws Exception {
        ExtensionHost h = host(new CommEraser());
        ErasePlan plan = new ErasePlan(PAGE, h.eraseRanges(), "");
        byte[] m = new SyntheticKernel().memory.clone();
        for (int pfn = 0; pfn < m.length / PAGE; pfn++) {
            h.eraser(plan).erase(pfn, m, pfn * PAGE);
        }
        for (long task : new long[] {SyntheticKernel.INIT, SyntheticKernel.TASKS[0], SyntheticKernel.TASKS[1],
                SyntheticKernel.TASKS[2]}) {
            assertEquals("X".repeat(16), new String(m, (int) task + SyntheticKernel.COMM, 16, StandardCharsets.ISO_8859_1));
        }
        assertEquals(64, plan.erasedBytes());
        // the last task's comm crosses a page: two physical pieces
        assertEquals(5, h.eraseRanges().size());
    }

    private static final class Voter extends Base implements PageVoter {
        private final Vote vote;

        Voter(String name, Vote vote) {
            super(name, Needs.none());
            this.vote = vote;
        }

        @Override
        public Vote vote(long pfn, ByteBuffer structPage) {
            if (pfn == 13) {
                throw new IllegalStateException("boom");
            }
            return pfn == structPage.getLong(0) ? vote : Vote.NO_OPINION;
        }
    }

    @Test
    void eachExtensionSeesItsOwnArguments() throws Exception {
        List<String> seen = new ArrayList<>();
        class Reader extends Base {
            Reader(String name) {
                super(name, Needs.none());
            }

            @Override
            public void start(ExtensionContext c) {
                seen.add(name() + ":" + c.argument("comm").orElse("(none)") + ":" + c.apiVersion());
            }
        }
        ExtensionHost.start(List.of(new ExtensionJars.Found(Path.of("a.jar"), new Reader("a"), java.util.Map.of("comm", "sshd")),
                new ExtensionJars.Found(Path.of("b.jar"), new Reader("b"))), new SyntheticKernel(), PAGE, lines::add);
        assertEquals(List.of("a:sshd:" + ExtensionApi.VERSION, "b:(none):" + ExtensionApi.VERSION), seen);
    }

    @Test
    void anyKeepWinsThenAnyDrop() throws Exception {
        byte[] pages = new byte[128];
        ByteBuffer.wrap(pages).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(64, 7);
        PageVotes v = host(new Voter("a", Vote.DROP), new Voter("b", Vote.KEEP), new Voter("c", Vote.NO_OPINION)).pageVotes();
        assertEquals(Vote.KEEP, v.vote(7, pages, 64, 64));
        assertEquals(Vote.NO_OPINION, v.vote(8, pages, 64, 64));
        assertEquals(Vote.DROP, host(new Voter("a", Vote.DROP), new Voter("c", Vote.NO_OPINION)).pageVotes().vote(7, pages, 64, 64));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> v.vote(13, pages, 64, 64));
        assertTrue(e.getCause() instanceof ExtensionFailedException);
        assertEquals("extension a failed in its vote hook on pfn 0xd: boom", e.getCause().getMessage());
    }

    @Test
    void dataHooksSeeEachPageAfterThePlan() throws Exception {
        List<Long> seen = new ArrayList<>();
        ExtensionHost h = host(new Base("zap", Needs.none()) { }, new DataHook(seen));
        ErasePlan plan = new ErasePlan(PAGE, List.of(new EraseRange(PAGE + 2, 2, EraseRange.ERASED)), "erase x\n");
        byte[] page = new byte[2 * PAGE];
        h.eraser(plan).erase(1, page, PAGE);
        assertEquals('X', page[PAGE + 2]);
        assertEquals('Z', page[PAGE], "the hook wrote at its buffer's position 0");
        assertEquals('X', page[PAGE + 3], "the hook saw the erased bytes");
        assertEquals(0, page[0]);
        assertEquals(List.of(1L), seen);
        assertEquals("erase x\n", new String(h.eraser(plan).eraseInfo(), StandardCharsets.US_ASCII));
    }

    private static final class DataHook extends Base implements PageDataHook {
        private final List<Long> seen;

        DataHook(List<Long> seen) {
            super("data", Needs.none());
            this.seen = seen;
        }

        @Override
        public void page(long pfn, ByteBuffer data) {
            seen.add(pfn);
            if (data.get(3) == 'X' && data.limit() == PAGE) {
                data.put(0, (byte) 'Z');
            }
        }
    }

    @Test
    void anEraseSourceFailureIsOneLine() throws Exception {
        ExtensionHost h = host(new Base("bad", Needs.none()) { }, new BadEraser());
        ExtensionFailedException e = assertThrows(ExtensionFailedException.class, h::eraseRanges);
        assertEquals("extension broken (x.jar): erase ranges: no such thing", e.getMessage());
    }

    private static final class BadEraser extends Base implements EraseSource {
        BadEraser() {
            super("broken", Needs.none());
        }

        @Override
        public void eraseRanges(ExtensionContext c, EraseSink sink) throws ExtensionException {
            throw new ExtensionException("no such thing");
        }
    }
}
