package org.kexkit.kexec.kho;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.kexec.image.SetupData;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.PreservedBlock;
import org.kexkit.kho.PreservedMemoryMapWriter;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;
import org.kexkit.kho.fdt.FdtWriter;
import org.kexkit.kho.system.ScratchArea;

/**
 * The two kexec_load segments of a KHO handover and the setup_data entry that names them, as the
 * next kernel's kho_populate() reads them (kernel/liveupdate/kexec_handover.c,
 * arch/x86/kernel/setup.c add_kho()):
 *
 * <pre>
 *   KHO data segment (outside the scratch areas, clear of preserved memory):
 *     +0            root FDT, one page: compatible, preserved-memory-map, one node per blob
 *     then          each blob in its own 2^order pages, aligned to their size (kho_alloc_preserve())
 *     then          the radix tree of preserved memory, root page first
 *   scratch array segment: struct kho_scratch { u64 addr; u64 size; } per area
 *   setup_data SETUP_KEXEC_KHO: struct kho_data { u64 fdt_addr, fdt_size, scratch_addr, scratch_size; }
 * </pre>
 *
 * The tree preserves the root FDT page, each blob's pages (one block each, as the consumers
 * restore them with kho_restore_folio()) and the reserve_mem regions (split as
 * kho_preserve_pages() splits them). Its own pages are not preserved: the next kernel only walks
 * them, early in boot, as it walks the running kernel's tree after kexec_file_load.
 */
public final class KhoHandoverLayout {
    static final long PAGE = KhoAbi.RADIX_PAGE_SIZE;
    /** struct kho_scratch: phys_addr_t addr, size (include/linux/kexec_handover.h). */
    public static final int SCRATCH_ENTRY_BYTES = 16;
    /** struct kho_data: fdt_addr, fdt_size, scratch_addr, scratch_size (setup_data.h). */
    public static final int KHO_DATA_BYTES = 32;
    /** kho_fill_kimage() aligns the scratch array's segment to 64 KiB ("makes it easier to map"). */
    public static final long SCRATCH_ARRAY_ALIGN = 64 * 1024;

    private final KhoCarryOver carry;
    private final long[] blobOffsets;
    private final int[] blobOrders;
    private final long treeOffset;
    private final int treePages;
    private final long alignment;

    public KhoHandoverLayout(KhoCarryOver carry) {
        this.carry = carry;
        int n = carry.blobs().size();
        blobOffsets = new long[n];
        blobOrders = new int[n];
        long at = PAGE; // the root FDT's page
        long align = PAGE;
        for (int i = 0; i < n; i++) {
            int order = order(carry.blobs().get(i).data().length);
            long size = PAGE << order;
            at = (at + size - 1) & -size;
            blobOffsets[i] = at;
            blobOrders[i] = order;
            at += size;
            align = Math.max(align, size);
        }
        treeOffset = at;
        int blocks = 1 + n;
        for (SubtreeContent.ReserveMem r : carry.regions()) {
            blocks += PreservedMemoryMapWriter.blocksOf(r.start(), r.size()).size();
        }
        treePages = PreservedMemoryMapWriter.pagesAtMost(blocks);
        alignment = align;
    }

    /** Bytes of the KHO data segment (whole pages). */
    public long size() {
        return treeOffset + treePages * PAGE;
    }

    /** What the segment's base must be aligned to: the largest blob block. */
    public long alignment() {
        return alignment;
    }

    /** The blocks the next kernel will find preserved when the segment sits at {@code base}. */
    public List<PreservedBlock> preserved(long base) {
        requireAligned(base);
        List<PreservedBlock> blocks = new ArrayList<>();
        blocks.add(new PreservedBlock(base, 0));
        for (int i = 0; i < blobOffsets.length; i++) {
            blocks.add(new PreservedBlock(base + blobOffsets[i], blobOrders[i]));
        }
        for (SubtreeContent.ReserveMem r : carry.regions()) {
            blocks.addAll(PreservedMemoryMapWriter.blocksOf(r.start(), r.size()));
        }
        return blocks;
    }

    /** The segment's content for {@code base}: the root FDT at {@code base}, the blobs, the tree. */
    public byte[] build(long base) {
        List<PreservedBlock> blocks = preserved(base);
        byte[] tree = PreservedMemoryMapWriter.write(blocks, base + treeOffset);
        if (tree.length > treePages * PAGE) {
            throw new IllegalStateException("radix tree of " + tree.length + " bytes exceeds its " + treePages + " pages");
        }
        byte[] out = new byte[(int) (treeOffset + tree.length)];
        byte[] fdt = rootFdt(base);
        System.arraycopy(fdt, 0, out, 0, fdt.length);
        for (int i = 0; i < blobOffsets.length; i++) {
            byte[] data = carry.blobs().get(i).data();
            System.arraycopy(data, 0, out, (int) blobOffsets[i], data.length);
        }
        System.arraycopy(tree, 0, out, (int) treeOffset, tree.length);
        return out;
    }

    /**
     * The root FDT for a segment at {@code base}, laid out as the kernel's (kho_out_fdt_setup(),
     * kho_add_subtree()): compatible, then preserved-memory-map as a raw u64; per blob a node with
     * blob-size and preserved-data, raw u64s.
     */
    public byte[] rootFdt(long base) {
        List<FdtNode> children = new ArrayList<>();
        for (int i = 0; i < blobOffsets.length; i++) {
            KhoCarryOver.Blob blob = carry.blobs().get(i);
            children.add(new FdtNode(blob.name(), List.of(new FdtProperty(KhoAbi.BLOB_SIZE, u64(blob.data().length)),
                    new FdtProperty(carry.generation().dataProperty(), u64(base + blobOffsets[i]))), List.of()));
        }
        FdtNode root = new FdtNode("", List.of(
                new FdtProperty("compatible", (carry.generation().compatible() + "\0").getBytes(StandardCharsets.US_ASCII)),
                new FdtProperty(KhoAbi.PRESERVED_MEMORY_MAP, u64(base + treeOffset))), children);
        byte[] fdt = FdtWriter.write(Fdt.of(root));
        if (fdt.length > PAGE) {
            throw new IllegalStateException("the KHO root FDT takes " + fdt.length + " bytes, more than its page");
        }
        return fdt;
    }

    /** The struct kho_scratch array, the running kernel's areas in its order. */
    public byte[] scratchArray() {
        ByteBuffer out = ByteBuffer.allocate(carry.scratch().size() * SCRATCH_ENTRY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (ScratchArea area : carry.scratch()) {
            out.putLong(area.address()).putLong(area.size());
        }
        return out.array();
    }

    /** The SETUP_KEXEC_KHO entry: the root FDT (one page, as the x86 kexec_file_load loader says) and the array. */
    public SetupData setupData(long fdtAddress, long scratchArrayAddress) {
        ByteBuffer data = ByteBuffer.allocate(KHO_DATA_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(fdtAddress).putLong(PAGE).putLong(scratchArrayAddress).putLong(scratchArray().length);
        return new SetupData(SetupData.SETUP_KEXEC_KHO, data.array());
    }

    /** get_order(): the smallest order whose pages hold {@code bytes}. */
    static int order(long bytes) {
        long pages = Math.max(1, (bytes + PAGE - 1) / PAGE);
        return 64 - Long.numberOfLeadingZeros(pages - 1);
    }

    private void requireAligned(long base) {
        if ((base & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("KHO data segment at 0x" + Long.toHexString(base) + " is not aligned to 0x"
                    + Long.toHexString(alignment));
        }
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
