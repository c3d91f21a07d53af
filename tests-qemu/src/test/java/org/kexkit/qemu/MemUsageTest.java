package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `kexkit makedumpfile --mem-usage /proc/kcore` in a running Debian 6.1 and 7.2 guest: the table
 * parses; its total is exactly the kernel's System RAM pages less the crash kernel reservation
 * (/proc/iomem: kcore's RAM loads are the System RAM ranges, and no vmcore holds the
 * reservation); FREE lies within 5% of the MemFree samples taken while kexkit ran. Debian sid's
 * makedumpfile 1.7.8 runs on the same /proc/kcore. Its total is larger by the reservation and the
 * kernel text: it means to cut the reservation out (elf_info.c exclude_segment) but on these
 * kernels does not, so the reservation's pages show up, mostly as ZERO, and it counts the text
 * load, which overlaps RAM, a second time (in KERN_DATA). Less those, its rows must be within 8%
 * of the total of kexkit's. They cannot be equal: the JVM's own pages are in use (USER) while
 * kexkit counts and free again when makedumpfile does, and on 7.2 makedumpfile 1.7.8 takes slab
 * tail pages for user pages (see FilterOracleTest), so ZERO, USER and KERN_DATA are compared as
 * one sum.
 */
@Tag("qemu")
class MemUsageTest {
    static final double FREE_SLACK = 0.05;
    static final double ROW_SLACK = 0.08;

    private static QemuFixture qemu;

    @BeforeAll
    static void prepare() {
        qemu = QemuFixture.prepare();
    }

    @ParameterizedTest(name = "Debian {0} kernel: --mem-usage /proc/kcore against the kernel's numbers and makedumpfile 1.7.8")
    @ValueSource(strings = {"6.1", "7.2"})
    void memUsageOfTheRunningKernel(String label) {
        GuestKernel kernel = qemu.kernels.byLabel(label);
        MemUsageRun.Report r = new MemUsageRun(qemu.setup, PanicCapture.Options.defaults()).run(kernel, true);
        MemUsageTable ours = r.kexkit();
        System.out.println(format(r));

        assertEquals(4096, ours.pageSize());
        assertEquals(r.ramPages() - r.crashPages(), ours.totalPages(),
                "System RAM pages less the crash reservation (/proc/iomem)");
        assertEquals(ours.totalPages() * 4096, ours.totalBytes());
        assertEquals(ours.totalPages(), ours.rowSum(), "the rows add up to the total");
        long freeKiB = ours.get("FREE") * 4;
        assertTrue(freeKiB >= r.memFreeMinDuringKiB() * (1 - FREE_SLACK) && freeKiB <= r.memFreeMaxDuringKiB() * (1 + FREE_SLACK),
                "FREE " + freeKiB + " KiB against MemFree " + r.memFreeMinDuringKiB() + "-" + r.memFreeMaxDuringKiB()
                        + " KiB while kexkit ran");

        MemUsageTable theirs = r.makedumpfile().orElseThrow();
        assertEquals(ours.totalPages() + r.crashPages() + r.textPages(), theirs.totalPages(),
                "makedumpfile 1.7.8's total keeps the crash reservation and counts the kernel text (_text.._end) twice");
        long slack = (long) (ours.totalPages() * ROW_SLACK);
        List<String> off = new ArrayList<>();
        for (String type : List.of("NON_PRI_CACHE", "PRI_CACHE", "FREE")) {
            if (Math.abs(theirs.get(type) - ours.get(type)) > slack) {
                off.add(type);
            }
        }
        long oursKept = ours.get("ZERO") + ours.get("USER") + ours.get("KERN_DATA");
        long theirsKept = theirs.get("ZERO") + theirs.get("USER") + theirs.get("KERN_DATA") - r.crashPages() - r.textPages();
        if (Math.abs(theirsKept - oursKept) > slack) {
            off.add("ZERO+USER+KERN_DATA less the crash reservation and text");
        }
        assertEquals(List.of(), off, "rows further than " + slack + " pages from makedumpfile 1.7.8's");
    }

    static String format(MemUsageRun.Report r) {
        StringBuilder b = new StringBuilder(String.format("kernel %s: kexkit --mem-usage %.1f s, makedumpfile 1.7.8 %.1f s%n",
                r.kernelLabel(), r.kexkitSeconds(), r.makedumpfileSeconds()));
        b.append(String.format("  %-14s %12s %12s %10s%n", "TYPE", "kexkit", "makedumpfile", "difference"));
        for (String type : MemUsageTable.TYPES) {
            long ours = r.kexkit().get(type);
            String theirs = r.makedumpfile().map(t -> String.valueOf(t.get(type))).orElse("-");
            String diff = r.makedumpfile().map(t -> String.valueOf(t.get(type) - ours)).orElse("-");
            b.append(String.format("  %-14s %12d %12s %10s%n", type, ours, theirs, diff));
        }
        b.append(String.format("  %-14s %12d %12s%n", "total", r.kexkit().totalPages(),
                r.makedumpfile().map(t -> String.valueOf(t.totalPages())).orElse("-")));
        b.append(String.format("  kernel: System RAM %d pages, crash reservation %d, text %d; MemTotal %d KiB (%d pages)%n",
                r.ramPages(), r.crashPages(), r.textPages(), r.memTotalKiB(), r.memTotalKiB() / 4));
        b.append(String.format("  MemFree: before %d KiB, while kexkit ran %d-%d KiB (%d-%d pages), right after %d KiB (%d pages);"
                + " kexkit FREE %d pages%n", r.memFreeBeforeKiB(), r.memFreeMinDuringKiB(), r.memFreeMaxDuringKiB(),
                r.memFreeMinDuringKiB() / 4, r.memFreeMaxDuringKiB() / 4, r.memFreeAfterKiB(), r.memFreeAfterKiB() / 4,
                r.kexkit().get("FREE")));
        return b.toString();
    }
}
