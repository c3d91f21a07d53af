package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.function.LongPredicate;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.VmcoreSource;

/** The pages a dump holds, read through kexkit's reader and compared with the vmcore's. */
final class DumpPages {
    private DumpPages() {
    }

    /** Every page {@code dump} holds equals that page of {@code vmcore}, byte for byte; returns how many it holds. */
    static long presentMatch(Path dump, Path vmcore) throws Exception {
        return presentMatchBut(dump, vmcore, pfn -> false).matched();
    }

    /** How many pages a dump holds matched the vmcore's, and how many were passed over as known lost. */
    record Match(long matched, long passed) {
    }

    /**
     * The same, passing over the pages {@code lost} names (held by the dump, but known not to have
     * reached the disk: their bytes there are not the page's); every other page must match.
     */
    static Match presentMatchBut(Path dump, Path vmcore, LongPredicate lost) throws Exception {
        long present = 0;
        long passed = 0;
        try (VmcoreSource ours = VmcoreSources.open(dump); VmcoreSource whole = VmcoreSources.open(vmcore);
                VmcoreSource.PageReader a = ours.pageReader(false);
                VmcoreSource.PageReader b = whole.pageReader(false)) {
            byte[] got = new byte[ours.pageSize()];
            byte[] want = new byte[whole.pageSize()];
            for (PfnRun run : ours.memory().runs()) {
                for (long pfn = run.start(); pfn < run.end(); pfn++) {
                    if (ours.excluded(pfn)) {
                        continue;
                    }
                    if (lost.test(pfn)) {
                        passed++;
                        continue;
                    }
                    a.read(pfn, got, 0);
                    b.read(pfn, want, 0);
                    assertArrayEquals(want, got, dump + ": pfn " + pfn);
                    present++;
                }
            }
        }
        return new Match(present, passed);
    }
}
