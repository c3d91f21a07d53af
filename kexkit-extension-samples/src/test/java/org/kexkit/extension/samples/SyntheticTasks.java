package org.kexkit.extension.samples;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.extension.ExtensionContext;
import org.kexkit.extension.Member;

/**
 * A small synthetic kernel as an extension sees it: 64 pages of physical memory in a direct map,
 * three processes on init_task's task list (one with a second thread on its signal's thread list),
 * and the BTF offsets of the members the samples read.
 */
final class SyntheticTasks implements ExtensionContext {
    static final int PAGE = 4096;
    static final long DIRECT = 0xffff888000000000L;
    /** task_structs of 128 bytes: tasks at 0, comm at 16, mm at 40, signal at 48, thread_node at 56. */
    static final long INIT = 0x1000;
    static final long SECRETD = 0x1100;
    static final long WORKER = 0x1200;
    static final long BASH = 0x1300;
    static final long SIGNAL = 0x2000;
    static final long MM_SECRETD = 0x3000;
    static final long MM_BASH = 0x3100;
    /** secretd's page tables: PGD, PUD, PMD, PTE at pfns 10-13; bash's PGD at 14 (empty, PUD shared). */
    static final int PGD = 10;
    static final int BASH_PGD = 14;
    /** secretd's PML5 with 5-level paging. */
    static final int PML5 = 15;

    private static final Map<String, Member> MEMBERS = Map.of(
            "task_struct.tasks", new Member(0, 16, 0, 0),
            "task_struct.comm", new Member(16, 16, 128, 0),
            "task_struct.mm", new Member(40, 8, 320, 0),
            "task_struct.signal", new Member(48, 8, 384, 0),
            "task_struct.thread_node", new Member(56, 16, 448, 0),
            "signal_struct.thread_head", new Member(0, 16, 0, 0),
            "mm_struct.pgd", new Member(0, 8, 0, 0));

    final byte[] memory = new byte[64 * PAGE];
    private final ByteBuffer m = ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN);
    final List<String> notes = new ArrayList<>();
    /** The extension's arguments, as the user gave them. */
    final Map<String, String> arguments = new java.util.HashMap<>();

    /** 0xffff888000000000, or with 5-level paging 0xff11000000000000 (the direct map's base in each layout). */
    final long direct;

    SyntheticTasks() {
        this(false);
    }

    /**
     * With {@code fiveLevel}, the direct map lies where 5-level paging puts it, and secretd's
     * mm_struct.pgd points to a PML5 (pfn 15) whose entry 0 holds the same PGD.
     */
    SyntheticTasks(boolean fiveLevel) {
        direct = fiveLevel ? 0xff11000000000000L : DIRECT;
        long[] leaders = {INIT, SECRETD, BASH};
        for (int i = 0; i < leaders.length; i++) {
            m.putLong((int) leaders[i], direct + leaders[(i + 1) % leaders.length]);
            m.putLong((int) leaders[i] + 8, direct + leaders[(i + 2) % leaders.length]);
        }
        comm(INIT, "swapper/0");
        comm(SECRETD, "secretd");
        comm(WORKER, "secretd-worker");
        comm(BASH, "bash");
        // secretd's thread list: signal.thread_head -> secretd.thread_node -> worker.thread_node -> head
        m.putLong((int) SECRETD + 48, direct + SIGNAL);
        m.putLong((int) WORKER + 48, direct + SIGNAL);
        m.putLong((int) SIGNAL, direct + SECRETD + 56);
        m.putLong((int) SECRETD + 56, direct + WORKER + 56);
        m.putLong((int) WORKER + 56, direct + SIGNAL);
        m.putLong((int) SECRETD + 40, direct + MM_SECRETD);
        m.putLong((int) WORKER + 40, direct + MM_SECRETD);
        m.putLong((int) BASH + 40, direct + MM_BASH);
        m.putLong((int) MM_SECRETD, direct + (long) (fiveLevel ? PML5 : PGD) * PAGE);
        entry(PML5, 0, PGD * PAGE | 0x67);
        m.putLong((int) MM_BASH, direct + (long) BASH_PGD * PAGE);
        // PGD[0] -> PUD, PUD[0] -> PMD, PMD[0] -> PTE (pfns 20-22), PMD[1]: a 2 MiB page at pfn 512
        entry(PGD, 0, 11 * PAGE | 0x67);
        entry(11, 0, 12 * PAGE | 0x67);
        entry(12, 0, 13 * PAGE | 0x67);
        entry(12, 1, 512L * PAGE | 0x80 | 0x67);
        entry(13, 0, 20 * PAGE | 0x67);
        entry(13, 1, 21 * PAGE | 0x67);
        entry(13, 2, 22 * PAGE | 0x67);
        entry(13, 3, 23 * PAGE); // not present
        entry(PGD, 256, 30 * PAGE | 0x67); // the kernel half: not the process's pages
        entry(BASH_PGD, 1, 40 * PAGE); // not present
    }

    private void comm(long task, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, memory, (int) task + 16, Math.min(15, b.length));
    }

    private void entry(int tablePfn, int index, long value) {
        m.putLong(tablePfn * PAGE + index * 8, value);
    }

    String comm(long task) {
        int n = 0;
        while (n < 16 && memory[(int) task + 16 + n] != 0) {
            n++;
        }
        return new String(memory, (int) task + 16, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public Optional<String> argument(String key) {
        return Optional.ofNullable(arguments.get(key));
    }

    @Override
    public int apiVersion() {
        return ExtensionApi.VERSION;
    }

    @Override
    public int pageSize() {
        return PAGE;
    }

    @Override
    public OptionalLong symbol(String name) {
        return name.equals("init_task") ? OptionalLong.of(direct + INIT) : OptionalLong.empty();
    }

    @Override
    public Optional<Member> member(String struct, String member) {
        return Optional.ofNullable(MEMBERS.get(struct + "." + member));
    }

    @Override
    public OptionalLong structSize(String struct) {
        return OptionalLong.empty();
    }

    @Override
    public boolean readPhysical(long paddr, byte[] dst, int at, int length) {
        if (paddr < 0 || paddr + length > memory.length) {
            return false;
        }
        System.arraycopy(memory, (int) paddr, dst, at, length);
        return true;
    }

    @Override
    public boolean readVirtual(long vaddr, byte[] dst, int at, int length) {
        return readPhysical(vaddr - direct, dst, at, length);
    }

    @Override
    public OptionalLong toPhysical(long vaddr) {
        long p = vaddr - direct;
        return p >= 0 && p < memory.length ? OptionalLong.of(p) : OptionalLong.empty();
    }

    @Override
    public void note(String line) {
        notes.add(line);
    }
}
