package org.kexkit.kho;

import java.io.IOException;
import org.kexkit.bin.PhysicalMemory;

/** Physical memory for tests: 4 KiB pages looked up by their address; a missing page is not in memory. */
final class PagedMemory implements PhysicalMemory {
    /** A page's bytes, or null where there is none. */
    @FunctionalInterface
    interface Pages {
        byte[] page(long address) throws IOException;
    }

    private static final int PAGE = 4096;
    private final Pages pages;

    PagedMemory(Pages pages) {
        this.pages = pages;
    }

    @Override
    public boolean read(long paddr, byte[] dst, int at, int length) throws IOException {
        int done = 0;
        while (done < length) {
            long a = paddr + done;
            byte[] page = pages.page(a & -PAGE);
            if (page == null) {
                return false;
            }
            int in = (int) (a & (PAGE - 1));
            int n = Math.min(length - done, PAGE - in);
            System.arraycopy(page, in, dst, at + done, n);
            done += n;
        }
        return true;
    }

    @Override
    public String name() {
        return "test memory";
    }

}
