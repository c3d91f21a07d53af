package org.kexkit.dump.erase;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.btf.Btf;
import org.kexkit.btf.BtfBuilder;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.X86PageTableWalk;

/**
 * A small kernel for erase rules: five pages of physical memory seen through the direct map, a BTF
 * with {@code struct task} (list_head tasks at 0, char comm[16] at 16, char *name at 32, struct
 * task *next at 40, unsigned long len at 48; 56 bytes), and symbols: {@code init_task} (a BTF
 * variable), {@code runqueue_len} (a per-cpu one), {@code tasks_array} (struct task *[4], no BTF variable), {@code secret_len}.
 * init_task's list holds three more tasks, the last one straddling pages 1 and 2.
 */
final class SyntheticKernel implements EraseKernel {
    static final int PAGE = 4096;
    static final long DIRECT = 0xffff888000000000L;
    static final long INIT = 0x100;
    static final long[] TASKS = {0x400, 0x800, 2 * PAGE - 20};
    static final long ARRAY = 0x3000;
    static final long NAME = 0x3100;
    static final long SECRET_LEN = 0x3200;
    static final int COMM = 16;
    static final int NAME_PTR = 32;
    static final int NEXT = 40;

    final byte[] memory = new byte[5 * PAGE]; // page 4: an empty top page table
    final Btf btf;
    final Map<String, Long> symbols = new HashMap<>();
    private final KernelAddressSpace space;

    SyntheticKernel() throws Exception {
        BtfBuilder b = new BtfBuilder();
        int charType = b.integer("char", 1);
        int ulong = b.integer("long unsigned int", 8);
        int comm = b.array(charType, 16);
        // ids are given in order, so "struct task *" (added after struct task) is known before it exists
        int taskPtr = 7;
        int listHead = b.struct("list_head", 16, "next", taskPtr, 0, "prev", taskPtr, 8);
        int charPtr = b.pointer(charType);
        int task = b.struct("task", 56, "tasks", listHead, 0, "comm", comm, 16, "name", charPtr, 32,
                "next", taskPtr, 40, "len", ulong, 48);
        if (b.pointer(task) != taskPtr) {
            throw new IllegalStateException("type ids moved");
        }
        b.variable("init_task", task);
        b.variable("secret_len", ulong);
        b.typedef("u64", ulong);
        b.datasec(".data..percpu", b.variable("runqueue_len", ulong));
        btf = Btf.read(b.bytes(), "synthetic BTF");
        symbols.put("init_task", DIRECT + INIT);
        symbols.put("tasks_array", DIRECT + ARRAY);
        symbols.put("secret_len", DIRECT + SECRET_LEN);
        symbols.put("runqueue_len", 0x1000L); // a per-cpu offset
        long[] all = {INIT, TASKS[0], TASKS[1], TASKS[2]};
        for (int i = 0; i < all.length; i++) {
            long self = all[i];
            long next = all[(i + 1) % all.length];
            long prev = all[(i + all.length - 1) % all.length];
            putLong(self, DIRECT + next);
            putLong(self + 8, DIRECT + prev);
            byte[] name = ("task-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, memory, (int) self + COMM, name.length);
            putLong(self + NEXT, i + 1 < all.length ? DIRECT + all[i + 1] : 0);
            putLong(self + 48, 0x5a5a5a5a5a5a5a5aL);
        }
        putLong(INIT + NAME_PTR, DIRECT + NAME);
        System.arraycopy("hunter2\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, memory, (int) NAME, 8);
        putLong(ARRAY, DIRECT + TASKS[0]);
        putLong(ARRAY + 16, DIRECT + TASKS[1]);
        putLong(SECRET_LEN, 5);
        PhysicalMemory phys = new PhysicalMemory() {
            @Override
            public boolean read(long paddr, byte[] dst, int at, int length) {
                if (paddr < 0 || paddr + length > memory.length) {
                    return false;
                }
                System.arraycopy(memory, (int) paddr, dst, at, length);
                return true;
            }

            @Override
            public String name() {
                return "synthetic memory";
            }
        };
        space = new KernelAddressSpace(phys, DIRECT, 46, 0, new X86PageTableWalk(phys, 4 * PAGE, false, 0));
    }

    private void putLong(long at, long value) {
        ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN).putLong((int) at, value);
    }

    @Override
    public OptionalLong symbol(String module, String name) {
        Long a = module.equals(VMLINUX) ? symbols.get(name) : null;
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }

    @Override
    public Optional<Btf> btf(String module) {
        return module.equals(VMLINUX) ? Optional.of(btf) : Optional.empty();
    }

    @Override
    public boolean loaded(String module) {
        return module.equals(VMLINUX);
    }

    @Override
    public KernelAddressSpace space() {
        return space;
    }
}
