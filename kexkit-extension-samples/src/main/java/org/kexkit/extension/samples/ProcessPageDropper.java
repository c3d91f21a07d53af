package org.kexkit.extension.samples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import org.kexkit.extension.Extension;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.extension.ExtensionContext;
import org.kexkit.extension.ExtensionException;
import org.kexkit.extension.Member;
import org.kexkit.extension.Needs;
import org.kexkit.extension.PageVoter;
import org.kexkit.extension.Vote;

/**
 * Drops every page mapped in the user address space of the processes whose comm is the argument
 * {@value #COMM} ({@code process-page-dropper.comm=NAME}; extension API version 2): their task_structs are found on the task list, the
 * pages by walking each one's page tables (mm_struct.pgd, x86-64 4- or 5-level paging, 2 MiB and 1 GiB
 * pages included). Every present frame counts: pages shared with other processes (a library's page
 * cache) and kernel pages mapped into the process (the vDSO) go too. As with every
 * drop vote, a page the dump level already excludes stays counted there, and only head pages of
 * compound pages are dropped (makedumpfile master's rule).
 */
public final class ProcessPageDropper implements Extension, PageVoter {
    /** The argument naming the processes (a comm, up to 15 characters) whose pages go. */
    public static final String COMM = "comm";
    /** x86-64 page table entry: present (bit 0), page size (bit 7), the frame address bits 12-51 (SDM vol. 3, 4.5). */
    private static final long PRESENT = 1;
    private static final long PAGE_SIZE_BIT = 1 << 7;
    private static final long ADDRESS = 0x000ffffffffff000L;
    /** The user half of the address space: entries 0-255 of 512 of the top table (PGD, or PML5 with 5-level paging). */
    private static final int USER_PGD_ENTRIES = 256;
    /**
     * The direct map, where mm_struct.pgd points, starts at 0xffff888000000000 with 4-level paging and
     * at 0xff11000000000000 with 5-level paging (Documentation/arch/x86/x86_64/mm.rst; KASLR moves it
     * up within its region): a pgd below this address means the top table is a PML5.
     */
    private static final long FOUR_LEVEL_KERNEL_HALF = 0xffff800000000000L;
    private static final int PAGE_SHIFT = 12;

    private final BitSet pfns = new BitSet();
    private String wanted;

    @Override
    public String name() {
        return "process-page-dropper";
    }

    @Override
    public int apiVersion() {
        return ExtensionApi.VERSION;
    }

    @Override
    public Map<String, String> arguments() {
        return Map.of(COMM, "the name (comm) of the processes whose pages are left out");
    }

    @Override
    public Needs needs() {
        return Needs.builder().symbol("init_task").member("task_struct", "tasks").member("task_struct", "comm")
                .member("task_struct", "mm").member("mm_struct", "pgd").build();
    }

    @Override
    public void start(ExtensionContext c) throws ExtensionException {
        wanted = c.argument(COMM).orElse("");
        if (wanted.isEmpty()) {
            throw new ExtensionException("no process name: give the argument " + name() + "." + COMM + "=NAME");
        }
        Member comm = c.member("task_struct", "comm").orElseThrow();
        long mm = c.member("task_struct", "mm").orElseThrow().offset();
        long pgd = c.member("mm_struct", "pgd").orElseThrow().offset();
        int processes = 0;
        for (long task : TaskList.tasks(c)) {
            byte[] name = new byte[(int) comm.size()];
            if (!c.readVirtual(task + comm.offset(), name, 0, name.length) || !wanted.equals(cString(name))) {
                continue;
            }
            long m = TaskList.read(c, task + mm, "task_struct.mm");
            if (m == 0) {
                continue; // a kernel thread
            }
            long table = TaskList.read(c, m + pgd, "mm_struct.pgd");
            long top = c.toPhysical(table).orElseThrow(() -> new ExtensionException(String.format(
                    "the page table of %s at 0x%x is not in the dump", wanted, table)));
            walk(c, top, Long.compareUnsigned(table, FOUR_LEVEL_KERNEL_HALF) < 0 ? 5 : 4, USER_PGD_ENTRIES);
            processes++;
        }
        c.note(processes + " processes named " + wanted + ", " + pfns.cardinality() + " pages to drop");
    }

    /** Adds the frames mapped under the table at {@code paddr}, of level 5 (PML5) or 4 (PGD) down to 1 (PTE). */
    private void walk(ExtensionContext c, long paddr, int level, int entries) {
        byte[] table = new byte[entries * 8];
        if (!c.readPhysical(paddr, table, 0, table.length)) {
            return; // a table the dump left out: its pages cannot be found
        }
        ByteBuffer b = ByteBuffer.wrap(table).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries; i++) {
            long e = b.getLong(i * 8);
            if ((e & PRESENT) == 0) {
                continue;
            }
            long frame = e & ADDRESS;
            if (level == 1 || (level <= 3 && (e & PAGE_SIZE_BIT) != 0)) {
                long pages = 1L << ((level - 1) * 9); // 1, 512 (2 MiB), 262144 (1 GiB)
                long first = (frame >>> PAGE_SHIFT) & ~(pages - 1);
                if (first + pages <= Integer.MAX_VALUE) {
                    pfns.set((int) first, (int) (first + pages));
                }
            } else {
                walk(c, frame, level - 1, 512);
            }
        }
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public Vote vote(long pfn, ByteBuffer structPage) {
        return pfn < Integer.MAX_VALUE && pfns.get((int) pfn) ? Vote.DROP : Vote.NO_OPINION;
    }

    /** The pfns found (tests). */
    BitSet pfns() {
        return (BitSet) pfns.clone();
    }
}
