package org.kexkit.pmem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;

/**
 * The info block a pfn (fsdax) or dax (devdax) device writes at byte {@value #OFFSET} of its
 * namespace: struct nd_pfn_sb (drivers/nvdimm/pfn.h), 4096 bytes, little-endian. It says where the
 * user data starts ({@code dataoff}, from the namespace start plus {@code start_pad}) and where
 * the struct page array lives ({@code mode}); with {@link PfnMode#PMEM} the array lies on the device
 * between the first 8 KiB (SZ_8K, labels and this block) and the data.
 *
 * <p>{@link #read} checks what drivers/nvdimm/pfn_devs.c nd_pfn_validate checks and the layout
 * needs: the signature, the Fletcher-64 checksum (nd_sb_checksum), the parent uuid, the mode, and a
 * data offset that is page aligned and inside the namespace; fields newer than the block's
 * version_minor read as the kernel defaults them. Every failure names the namespace and the byte
 * offset of the bad field inside it.
 *
 * @param signature      PFN or DAX
 * @param uuid           of the pfn/dax device (16 bytes)
 * @param parentUuid     the namespace's uuid, zero for a label-less namespace (16 bytes)
 * @param dataOffset     dataoff: user data at namespace start + startPad + dataOffset
 * @param npfns          npfns: data pages when the block was written
 * @param startPad       start_pad (minor 1+; always 0 from Linux 5.6 on)
 * @param endTrunc       end_trunc (minor 1+): bytes at the end left unused
 * @param align          align (minor 2+): the mapping alignment, 0 when unrecorded
 * @param pageSize       page_size (minor 4+, else 4096)
 * @param pageStructSize page_struct_size (minor 4+, else 64: MAX_STRUCT_PAGE_SIZE)
 */
public record PfnInfoBlock(InfoBlockSignature signature, byte[] uuid, byte[] parentUuid, long flags, int versionMajor,
        int versionMinor, long dataOffset, long npfns, PfnMode mode, long startPad, long endTrunc, long align,
        long pageSize, int pageStructSize) {
    /** Where in the namespace the block is: nvdimm_read_bytes(ndns, SZ_4K, ...) in nd_pfn_validate. */
    public static final long OFFSET = 4096;
    /** sizeof(struct nd_pfn_sb) (BUILD_BUG_ON in claim.c nd_sb_checksum). */
    public static final int SIZE = 4096;
    /** The namespace's first bytes that hold labels and this block: SZ_8K (nd_info_block_reserve). */
    public static final long RESERVED = 8192;
    /** The struct page size the kernel assumes for blocks before minor 4 (MAX_STRUCT_PAGE_SIZE). */
    public static final int DEFAULT_PAGE_STRUCT_SIZE = 64;
    private static final long DEFAULT_PAGE_SIZE = 4096;

    // struct nd_pfn_sb field offsets (drivers/nvdimm/pfn.h)
    static final int SIGNATURE = 0;
    static final int UUID = 16;
    static final int PARENT_UUID = 32;
    static final int FLAGS = 48;
    static final int VERSION_MAJOR = 52;
    static final int VERSION_MINOR = 54;
    static final int DATAOFF = 56;
    static final int NPFNS = 64;
    static final int MODE = 72;
    static final int START_PAD = 76;
    static final int END_TRUNC = 80;
    static final int ALIGN = 84;
    static final int PAGE_SIZE_FIELD = 88;
    static final int PAGE_STRUCT_SIZE = 92;
    /** The last field, __le64 checksum, after u8 padding[3994]. */
    static final int CHECKSUM = SIZE - 8;

    public PfnInfoBlock {
        uuid = uuid.clone();
        parentUuid = parentUuid.clone();
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    @Override
    public byte[] parentUuid() {
        return parentUuid.clone();
    }

    /**
     * Reads and checks the block of namespace {@code namespace}.
     *
     * @param block         the 4096 bytes at {@link #OFFSET} of the namespace
     * @param namespaceSize the namespace's size in bytes (its resource)
     * @param namespaceUuid the namespace's uuid (16 bytes), all zero for a label-less namespace
     * @throws FormatException naming the namespace and the offset of the field inside it
     */
    public static PfnInfoBlock read(byte[] block, String namespace, long namespaceSize, byte[] namespaceUuid)
            throws FormatException {
        ByteCursor in = ByteCursor.of(block, namespace, OFFSET);
        if (block.length < SIZE) {
            throw new FormatException(namespace, OFFSET + block.length, "expected the " + SIZE + "-byte info block,"
                    + " found " + block.length + " bytes");
        }
        byte[] sigField = in.bytes(InfoBlockSignature.LENGTH);
        InfoBlockSignature signature = InfoBlockSignature.of(sigField)
                .filter(s -> s != InfoBlockSignature.BTT)
                .orElseThrow(() -> in.errorAt(SIGNATURE, "expected info block signature NVDIMM_PFN_INFO or"
                        + " NVDIMM_DAX_INFO, found " + printable(sigField)));
        long stored = LittleEndian.u64(block, CHECKSUM);
        long computed = checksum(block);
        if (stored != computed) {
            throw in.errorAt(CHECKSUM, String.format("expected info block checksum 0x%016x (Fletcher-64 of the block),"
                    + " found 0x%016x", computed, stored));
        }
        byte[] uuid = in.bytes(16);
        byte[] parent = in.bytes(16);
        if (!Arrays.equals(parent, namespaceUuid)) {
            throw in.errorAt(PARENT_UUID, "expected parent_uuid " + uuidText(namespaceUuid) + " (the namespace's), found "
                    + uuidText(parent));
        }
        long flags = in.u32();
        int major = in.u16();
        int minor = in.u16();
        long dataOffset = in.u64();
        long npfns = in.u64();
        long modeValue = in.u32();
        long startPad = in.u32();
        long endTrunc = in.u32();
        long align = in.u32();
        long pageSize = in.u32();
        int pageStructSize = in.u16();
        if (minor < 1) {
            startPad = 0;
            endTrunc = 0;
        }
        if (minor < 2) {
            align = 0;
        }
        if (minor < 4) {
            pageStructSize = DEFAULT_PAGE_STRUCT_SIZE;
            pageSize = DEFAULT_PAGE_SIZE;
        }
        PfnMode mode = PfnMode.ofValue(modeValue).filter(m -> m != PfnMode.NONE).orElseThrow(() -> in.errorAt(MODE,
                "expected mode 1 (memmap in RAM) or 2 (memmap on the device), found " + modeValue));
        if (Long.compareUnsigned(dataOffset, namespaceSize) >= 0
                || Long.compareUnsigned(dataOffset, namespaceSize - startPad - endTrunc) >= 0) {
            throw in.errorAt(DATAOFF, String.format("expected dataoff inside the namespace (0x%x bytes), found 0x%x",
                    namespaceSize, dataOffset));
        }
        if (dataOffset % DEFAULT_PAGE_SIZE != 0 || (align != 0 && (startPad + dataOffset) % align != 0)) {
            throw in.errorAt(DATAOFF, String.format("expected dataoff aligned to the page and to align 0x%x, found 0x%x",
                    align, dataOffset));
        }
        if (dataOffset < RESERVED) {
            throw in.errorAt(DATAOFF, String.format("expected dataoff past the first 0x%x bytes (labels and this"
                    + " block), found 0x%x", RESERVED, dataOffset));
        }
        return new PfnInfoBlock(signature, uuid, parent, flags, major, minor, dataOffset, npfns, mode, startPad,
                endTrunc, align, pageSize, pageStructSize);
    }

    /** nd_sb_checksum: the Fletcher-64 of the block with its checksum field taken as zero. */
    public static long checksum(byte[] block) {
        byte[] copy = Arrays.copyOf(block, SIZE);
        Arrays.fill(copy, CHECKSUM, SIZE, (byte) 0);
        return Fletcher64.of(copy, 0, SIZE);
    }

    /** The block as the kernel writes it (nd_pfn_init, version 1.4), checksum included. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(SIGNATURE, signature.bytes());
        b.put(UUID, uuid);
        b.put(PARENT_UUID, parentUuid);
        b.putInt(FLAGS, (int) flags);
        b.putShort(VERSION_MAJOR, (short) versionMajor);
        b.putShort(VERSION_MINOR, (short) versionMinor);
        b.putLong(DATAOFF, dataOffset);
        b.putLong(NPFNS, npfns);
        b.putInt(MODE, mode.value());
        b.putInt(START_PAD, (int) startPad);
        b.putInt(END_TRUNC, (int) endTrunc);
        b.putInt(ALIGN, (int) align);
        b.putInt(PAGE_SIZE_FIELD, (int) pageSize);
        b.putShort(PAGE_STRUCT_SIZE, (short) pageStructSize);
        byte[] out = b.array();
        b.putLong(CHECKSUM, checksum(out));
        return b.array();
    }

    /** The uuid as sysfs prints it (%pUb: lower-case hex, bytes in order, 8-4-4-4-12). */
    public static String uuidText(byte[] uuid) {
        String hex = HexFormat.of().formatHex(uuid);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
                + "-" + hex.substring(20);
    }

    private static String printable(byte[] field) {
        StringBuilder b = new StringBuilder("'");
        for (byte c : field) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : c == 0 ? "\\0" : String.format("\\x%02x", c & 0xff));
        }
        return b.append('\'').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PfnInfoBlock p && p.signature == signature && Arrays.equals(p.uuid, uuid)
                && Arrays.equals(p.parentUuid, parentUuid) && p.flags == flags && p.versionMajor == versionMajor
                && p.versionMinor == versionMinor && p.dataOffset == dataOffset && p.npfns == npfns && p.mode == mode
                && p.startPad == startPad && p.endTrunc == endTrunc && p.align == align && p.pageSize == pageSize
                && p.pageStructSize == pageStructSize;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(dataOffset) * 31 + Arrays.hashCode(uuid);
    }

    @Override
    public String toString() {
        return String.format("PfnInfoBlock[%s %d.%d mode=%s dataoff=0x%x npfns=%d start_pad=0x%x end_trunc=0x%x align=0x%x]",
                signature, versionMajor, versionMinor, mode, dataOffset, npfns, startPad, endTrunc, align);
    }

}
