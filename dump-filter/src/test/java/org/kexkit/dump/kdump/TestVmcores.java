package org.kexkit.dump.kdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.kexkit.elfcore.ElfCoreWriter;

/**
 * Synthetic ELF vmcores: RAM at pfns 0..63 and 256..287 (a hole between),
 * with zero pages, incompressible pages and compressible text pages.
 */
final class TestVmcores {
    static final int PAGE = 4096;
    static final long LOW_START = 0;
    static final int LOW_PAGES = 64;
    static final long HIGH_START = 256;
    static final int HIGH_PAGES = 32;
    static final long MAX_MAPNR = HIGH_START + HIGH_PAGES;

    private TestVmcores() {
    }

    /** Page content of pfn: zero when pfn % 4 == 0, random when pfn % 4 == 1, text otherwise. */
    static byte[] page(long pfn) {
        byte[] p = new byte[PAGE];
        if (pfn % 4 == 0) {
            return p;
        }
        if (pfn % 4 == 1) {
            new Random(pfn).nextBytes(p);
            return p;
        }
        byte[] text = ("pfn " + pfn + " holds some compressible kernel text; ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < PAGE; i++) {
            p[i] = text[i % text.length];
        }
        return p;
    }

    static byte[] range(long startPfn, int pages) {
        byte[] out = new byte[pages * PAGE];
        for (int i = 0; i < pages; i++) {
            System.arraycopy(page(startPfn + i), 0, out, i * PAGE, PAGE);
        }
        return out;
    }

    static boolean backed(long pfn) {
        return (pfn >= LOW_START && pfn < LOW_START + LOW_PAGES) || (pfn >= HIGH_START && pfn < HIGH_START + HIGH_PAGES);
    }

    static final String VMCOREINFO = "OSRELEASE=6.1.0-test-amd64\nPAGESIZE=4096\nCRASHTIME=1700000000\n"
            + "NUMBER(phys_base)=16777216\n";

    static Path write(Path dir) throws IOException {
        Path vmcore = dir.resolve("vmcore");
        new ElfCoreWriter()
                .addPrStatus(1).addPrStatus(0)
                .addVmcoreInfo(VMCOREINFO)
                .addLoad(0xffff888000000000L, LOW_START * PAGE, range(LOW_START, LOW_PAGES))
                .addLoad(0xffff888000000000L + HIGH_START * PAGE, HIGH_START * PAGE, range(HIGH_START, HIGH_PAGES))
                .write(vmcore);
        return vmcore;
    }

    static boolean isZero(byte[] page) {
        return Arrays.equals(page, new byte[page.length]);
    }
}
