package org.kexkit.dump.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysicalMemory;

/** 4- and 5-level walks over page tables laid out in a small byte-array memory. */
class X86PageTableWalkTest {
    private static final int PAGE = 4096;
    private static final long PRESENT_RW = 0x63;
    private static final long NX = 1L << 63;

    /** 64 pages of physical memory. */
    private final byte[] ram = new byte[64 * PAGE];
    private final PhysicalMemory memory = new ByteArrayMemory(ram, "ram");

    private void entry(int tablePage, long vaddr, int shift, long value) {
        int index = (int) ((vaddr >>> shift) & 0x1ff);
        ByteBuffer.wrap(ram).order(ByteOrder.LITTLE_ENDIAN).putLong(tablePage * PAGE + index * 8, value);
    }

    @Test
    void fourLevelToA4KiBPageDropsNxAndFlagBits() throws Exception {
        long v = 0xffffea0000003123L;
        entry(1, v, 39, 2L * PAGE | PRESENT_RW);
        entry(2, v, 30, 3L * PAGE | PRESENT_RW);
        entry(3, v, 21, 4L * PAGE | PRESENT_RW);
        entry(4, v, 12, 40L * PAGE | PRESENT_RW | NX);
        X86PageTableWalk walk = new X86PageTableWalk(memory, PAGE, false, 0);
        assertEquals(OptionalLong.of(40L * PAGE + 0x123), walk.translate(v));
    }

    @Test
    void fiveLevelUsesBits48To56First() throws Exception {
        long v = 0xffd4000000201008L; // 5-level vmemmap base + 2 MiB + 0x1008
        entry(1, v, 48, 2L * PAGE | PRESENT_RW);
        entry(2, v, 39, 3L * PAGE | PRESENT_RW);
        entry(3, v, 30, 4L * PAGE | PRESENT_RW);
        entry(4, v, 21, 5L * PAGE | PRESENT_RW);
        entry(5, v, 12, 41L * PAGE | PRESENT_RW);
        X86PageTableWalk walk = new X86PageTableWalk(memory, PAGE, true, 0);
        assertEquals(OptionalLong.of(41L * PAGE + 8), walk.translate(v));
    }

    @Test
    void largePagesAtPmdAndPudLevel() throws Exception {
        long twoMiB = 0xffffea0000212345L;
        entry(1, twoMiB, 39, 2L * PAGE | PRESENT_RW);
        entry(2, twoMiB, 30, 3L * PAGE | PRESENT_RW);
        entry(3, twoMiB, 21, 0x40000000L | 0x80 | PRESENT_RW); // PSE: 2 MiB page at 1 GiB
        long oneGiB = 0xffffeb0012345678L;
        entry(1, oneGiB, 39, 6L * PAGE | PRESENT_RW);
        entry(6, oneGiB, 30, 0x80000000L | 0x80 | PRESENT_RW | NX); // PSE: 1 GiB page at 2 GiB
        X86PageTableWalk walk = new X86PageTableWalk(memory, PAGE, false, 0);
        assertEquals(OptionalLong.of(0x40000000L + 0x12345), walk.translate(twoMiB));
        assertEquals(OptionalLong.of(0x80000000L + 0x12345678L), walk.translate(oneGiB));
    }

    @Test
    void smeMaskIsNotPartOfTheAddress() throws Exception {
        long sme = 1L << 47;
        long v = 0xffffea0000000000L;
        entry(1, v, 39, 2L * PAGE | PRESENT_RW | sme);
        entry(2, v, 30, 3L * PAGE | PRESENT_RW | sme);
        entry(3, v, 21, 4L * PAGE | PRESENT_RW | sme);
        entry(4, v, 12, 42L * PAGE | PRESENT_RW | sme);
        assertEquals(OptionalLong.of(42L * PAGE), new X86PageTableWalk(memory, PAGE, false, sme).translate(v));
    }

    @Test
    void notPresentOrOutsideMemoryIsEmpty() throws Exception {
        long v = 0xffffea0000000000L;
        entry(1, v, 39, 2L * PAGE); // not present
        assertTrue(new X86PageTableWalk(memory, PAGE, false, 0).translate(v).isEmpty());
        entry(1, v, 39, 0x7000000L | PRESENT_RW); // next table beyond memory
        assertTrue(new X86PageTableWalk(memory, PAGE, false, 0).translate(v).isEmpty());
    }

    @Test
    void directMapAndTextMappingNeedNoWalk() throws Exception {
        X86PageTableWalk none = new X86PageTableWalk(memory, PAGE, true, 0);
        KernelAddressSpace space = new KernelAddressSpace(memory, 0xff11000000000000L, 52, 0x1000000L, none);
        assertEquals(OptionalLong.of(0x3e4df000L), space.toPhysical(0xff1100003e4df000L));
        assertEquals(OptionalLong.of(0x1000000L + 0x2a10000L), space.toPhysical(0xffffffff82a10000L));
        assertTrue(space.inDirectMap(0xff11000000001000L));
        assertTrue(!space.inDirectMap(0xffd4000000000000L));
        assertTrue(space.toPhysical(0xffd4000000000000L).isEmpty());
    }
}
