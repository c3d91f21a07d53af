package org.kexkit.kho;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;
import org.kexkit.kho.fdt.FdtWriter;

/**
 * Blobs of every KHO and LUO generation, laid out as each generation's writer in the kernel lays
 * them out (docs/KHO-ABI.md, "Generations"):
 * <ul>
 * <li>kho-v1 root: __kho_finalize() and kho_add_subtree() of kernel/kexec_handover.c (6.16 to 6.19,
 * PROP_SUB_FDT "fdt"); its memory map: kho_mem_serialize() (struct khoser_mem_chunk);</li>
 * <li>kho-v2: include/linux/kho/abi/kexec_handover.h at "kho-v2" (subtree "preserved-data", radix tree);</li>
 * <li>kho-v3 and kho-v4: the same header with KHO_SUB_TREE_SIZE_PROP_NAME "blob-size"
 * (kernel/liveupdate/kexec_handover.c kho_add_subtree(); kho-v4 as in the 7.2.13 samples);</li>
 * <li>luo-v1: luo_fdt_setup() of kernel/liveupdate/luo_core.c (liveupdate-number, luo-session, luo-flb);
 * luo-v2: the same with luo-abi-header; luo-v3 to v5: luo_state_setup(), a packed struct luo_ser.</li>
 * </ul>
 */
public final class KhoGenerationBlobs {
    /** Where the test blobs claim the subtrees are. */
    public static final long MEMBLOCK_PA = 0x5a2000L;
    public static final long LUO_PA = 0x5ae000L;
    public static final long MEMORY_MAP = 0x100000L;

    private KhoGenerationBlobs() {
    }

    /** A root FDT of {@code generation} with a memblock and a LUO subtree. */
    public static byte[] root(KhoGeneration generation) {
        List<FdtNode> children = new ArrayList<>();
        children.add(subtree(generation, "memblock", MEMBLOCK_PA, 0xd2));
        children.add(subtree(generation, "LUO", LUO_PA, 0x20));
        return FdtWriter.write(Fdt.of(new FdtNode("", List.of(string("compatible", generation.compatible()),
                u64("preserved-memory-map", MEMORY_MAP)), children)));
    }

    /** A root FDT with another compatible (an unknown generation), otherwise kho-v4's layout. */
    public static byte[] root(String compatible) {
        return FdtWriter.write(Fdt.of(new FdtNode("", List.of(string("compatible", compatible),
                u64("preserved-memory-map", MEMORY_MAP)), List.of())));
    }

    private static FdtNode subtree(KhoGeneration generation, String name, long pa, long size) {
        List<FdtProperty> properties = new ArrayList<>();
        if (generation.blobSizes()) {
            // libfdt's setprop puts the newer property first, as in the 7.2.13 samples
            properties.add(u64("blob-size", size));
        }
        properties.add(u64(generation.dataProperty(), pa));
        return new FdtNode(name, properties, List.of());
    }

    /** The LUO subtree blob of {@code generation}. */
    public static byte[] luo(LuoGeneration generation, long liveupdateNum, long sessions, long flbs) {
        return switch (generation.blob()) {
            case FDT_NODES -> FdtWriter.write(Fdt.of(new FdtNode("", List.of(string("compatible",
                    generation.compatible()), u64("liveupdate-number", liveupdateNum)), List.of(
                    new FdtNode("luo-session", List.of(string("compatible", "luo-session-v1"),
                            u64("luo-session-header", sessions)), List.of()),
                    new FdtNode("luo-flb", List.of(string("compatible", "luo-flb-v1"), u64("luo-flb-header", flbs)),
                            List.of())))));
            case FDT_POINTER -> FdtWriter.write(Fdt.of(new FdtNode("", List.of(string("compatible",
                    generation.compatible()), u64("luo-abi-header", sessions)), List.of())));
            case PACKED -> {
                ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
                b.put(generation.compatible().getBytes(StandardCharsets.US_ASCII));
                b.position(8);
                yield b.putLong(liveupdateNum).putLong(sessions).putLong(flbs).array();
            }
        };
    }

    /**
     * kho-v1's chunk list at {@link #MEMORY_MAP}: an order-0 chunk preserving the pages at 0x200000
     * and 0x201000 and an order-9 chunk preserving 2 MiB at 0x4000000, with bitmaps of
     * {@code bitmapBytes} (512 before 6.18: kmalloc'ed, here at an address that is not page-aligned;
     * 4096 since).
     */
    public static PhysicalMemory v1ChunkList(int bitmapBytes) {
        Map<Long, byte[]> pages = new HashMap<>();
        long bitmap0 = bitmapBytes == 4096 ? 0x102000L : 0x102200L;
        long bitmap9 = bitmapBytes == 4096 ? 0x103000L : 0x103200L;
        chunk(pages, MEMORY_MAP, MEMORY_MAP + 0x1000, 0, 0, bitmap0);
        chunk(pages, MEMORY_MAP + 0x1000, 0, 9, 0, bitmap9);
        setBit(pages, bitmap0, 0x200);
        setBit(pages, bitmap0, 0x201);
        setBit(pages, bitmap9, 0x4000000L >> (12 + 9));
        return new PagedMemory(pages::get);
    }

    /** A radix tree at {@link #MEMORY_MAP} preserving the order-0 page at 0x200000 (key (1 << 52) | 0x200). */
    public static PhysicalMemory radixTree() {
        Map<Long, byte[]> pages = new HashMap<>();
        long key = (1L << 52) | (0x200000L >> 12);
        long node = MEMORY_MAP;
        for (int level = 5; level >= 1; level--) {
            int index = (int) ((key >>> (15 + 9 * (level - 1))) & 511);
            long child = node + 0x1000;
            ByteBuffer.wrap(pages.computeIfAbsent(node, a -> new byte[4096])).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(index * 8, child);
            node = child;
        }
        setBit(pages, node, (int) (key & 0x7fff));
        return new PagedMemory(pages::get);
    }

    private static void chunk(Map<Long, byte[]> pages, long at, long next, int order, long physStart, long bitmap) {
        ByteBuffer b = ByteBuffer.wrap(pages.computeIfAbsent(at, a -> new byte[4096])).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, next).putInt(8, order).putInt(12, 1).putLong(16, physStart).putLong(24, bitmap);
    }

    private static void setBit(Map<Long, byte[]> pages, long bitmap, long bit) {
        byte[] page = pages.computeIfAbsent(bitmap & -4096L, a -> new byte[4096]);
        int at = (int) (bitmap & 4095) + (int) (bit / 8);
        page[at] |= (byte) (1 << (bit % 8));
    }

    static FdtProperty string(String name, String value) {
        return new FdtProperty(name, (value + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    static FdtProperty u64(String name, long value) {
        return new FdtProperty(name, KhoDecodingTest.le64(value));
    }
}
