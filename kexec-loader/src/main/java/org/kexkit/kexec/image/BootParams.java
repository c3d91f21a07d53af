package org.kexkit.kexec.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The zero page (struct boot_params, arch/x86/include/uapi/asm/bootparam.h)
 * for the next kernel, together with what follows it in the same segment:
 *
 * <pre>
 *   base + 0      struct boot_params (4096 bytes)
 *   base + 4096   command line, NUL-terminated
 *   then          setup_data chain, 8-byte aligned (E820_EXT first, if needed)
 * </pre>
 *
 * kexec-tools lays out its setup segment the same way (command line after the
 * copied setup area). Physical pointers inside are only known once the
 * segment is placed, so {@link #build(long)} takes the segment's base.
 */
public final class BootParams {
    /** sizeof(struct boot_params). */
    public static final int SIZE = 4096;

    // Offsets into struct boot_params, as commented in bootparam.h.
    static final int ACPI_RSDP_ADDR = 0x070;
    static final int EXT_RAMDISK_IMAGE = 0x0c0;
    static final int EXT_RAMDISK_SIZE = 0x0c4;
    static final int EXT_CMD_LINE_PTR = 0x0c8;
    static final int EFI_INFO = 0x1c0;
    static final int ALT_MEM_K = 0x1e0;
    static final int E820_ENTRIES = 0x1e8;
    static final int SENTINEL = 0x1ef;
    static final int E820_TABLE = 0x2d0;
    // struct setup_header fields at their boot_params offsets (hdr starts at 0x1f1).
    static final int TYPE_OF_LOADER = 0x210;
    static final int LOADFLAGS = 0x211;
    static final int RAMDISK_IMAGE = 0x218;
    static final int RAMDISK_SIZE = 0x21c;
    static final int CMD_LINE_PTR = 0x228;
    static final int HARDWARE_SUBARCH = 0x23c;
    static final int HARDWARE_SUBARCH_DATA = 0x240;
    static final int SETUP_DATA = 0x250;

    /** E820_MAX_ENTRIES_ZEROPAGE, bootparam.h. */
    public static final int E820_MAX_ZEROPAGE = 128;
    /** LOADER_TYPE_KEXEC (0x0D) in the high nibble, as kexec-tools writes type_of_loader. */
    public static final int LOADER_TYPE_KEXEC = 0xD0;
    /** loadflags KASLR_FLAG, bootparam.h: set by the decompressor itself when it randomises. */
    static final int KASLR_FLAG = 1 << 1;
    /** efi_info is 32 bytes (struct efi_info, bootparam.h). */
    public static final int EFI_INFO_BYTES = 32;

    private final BzImage image;
    private String cmdline = "";
    private long ramdiskImage;
    private long ramdiskSize;
    private List<E820Entry> e820 = List.of();
    private long acpiRsdpAddr;
    private Integer hardwareSubarch;
    private long hardwareSubarchData;
    private Long altMemK;
    private byte[] efiInfo;
    private final List<SetupData> setupData = new ArrayList<>();

    /** A zero page for {@code image}: its setup header copied in, loader type kexec. */
    public BootParams(BzImage image) {
        this.image = image;
    }

    /** The command line without its NUL; longer than the kernel's cmdline_size is an error. */
    public BootParams cmdline(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > image.cmdlineSize()) {
            throw new IllegalArgumentException("command line is " + bytes.length + " bytes, " + image.name()
                    + " takes at most " + image.cmdlineSize() + " (cmdline_size at offset 0x238)");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("command line contains a NUL character");
        }
        this.cmdline = text;
        return this;
    }

    public BootParams ramdisk(long physicalAddress, long size) {
        this.ramdiskImage = physicalAddress;
        this.ramdiskSize = size;
        return this;
    }

    /** The memory map; entries past the 128 of the zero page go into a SETUP_E820_EXT node. */
    public BootParams e820(List<E820Entry> entries) {
        this.e820 = List.copyOf(entries);
        return this;
    }

    public BootParams acpiRsdp(long physicalAddress) {
        this.acpiRsdpAddr = physicalAddress;
        return this;
    }

    /** X86_SUBARCH_* (bootparam.h enum x86_hardware_subarch); the image's own value otherwise. */
    public BootParams hardwareSubarch(int subarch, long data) {
        this.hardwareSubarch = subarch;
        this.hardwareSubarchData = data;
        return this;
    }

    /** alt_mem_k in KiB; when not set, derived from the highest RAM end in the e820 map. */
    public BootParams altMemK(long kib) {
        this.altMemK = kib;
        return this;
    }

    /** struct efi_info as the running kernel got it (32 bytes), for EFI runtime handover. */
    public BootParams efiInfo(byte[] info) {
        if (info.length != EFI_INFO_BYTES) {
            throw new IllegalArgumentException("efi_info is " + EFI_INFO_BYTES + " bytes, got " + info.length);
        }
        this.efiInfo = info.clone();
        return this;
    }

    /** Appends a setup_data node (e.g. the KHO FDT); order is kept. */
    public BootParams addSetupData(SetupData node) {
        setupData.add(node);
        return this;
    }

    /** The cmdline's physical address relative to the segment base. */
    public static int cmdlineOffset() {
        return SIZE;
    }

    /**
     * An upper bound of {@link #size()} whatever command line (up to the
     * kernel's cmdline_size) is set later: plan with this when the command
     * line depends on the placement (elfcorehdr=).
     */
    public int sizeLimit() {
        return SetupDataChain.align8(cmdlineOffset() + (int) Math.min(image.cmdlineSize(), 1 << 20) + 1)
                + SetupDataChain.size(allSetupData());
    }

    /** Bytes of the whole segment content (zero page, cmdline, setup_data chain). */
    public int size() {
        return chainOffset() + SetupDataChain.size(allSetupData());
    }

    /** The segment content for a segment placed at {@code base} (8-byte aligned, below 2^64). */
    public byte[] build(long base) {
        if ((base & 7) != 0) {
            throw new IllegalArgumentException("boot_params base 0x" + Long.toHexString(base) + " is not 8-byte aligned");
        }
        List<SetupData> nodes = allSetupData();
        ByteBuffer out = ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(BzImage.SETUP_HEADER_OFFSET, image.setupHeader());

        out.put(TYPE_OF_LOADER, (byte) LOADER_TYPE_KEXEC);
        // We enter at the 64-bit entry, so the kernel is "loaded high"; KASLR_FLAG
        // belongs to the decompressor, which sets it when it randomises.
        int loadflags = (image.loadflags() | BzImage.LOADED_HIGH) & ~KASLR_FLAG;
        out.put(LOADFLAGS, (byte) loadflags);

        long cmdlinePtr = base + cmdlineOffset();
        out.putInt(CMD_LINE_PTR, (int) cmdlinePtr);
        out.putInt(EXT_CMD_LINE_PTR, (int) (cmdlinePtr >>> 32));
        out.putInt(RAMDISK_IMAGE, (int) ramdiskImage);
        out.putInt(EXT_RAMDISK_IMAGE, (int) (ramdiskImage >>> 32));
        out.putInt(RAMDISK_SIZE, (int) ramdiskSize);
        out.putInt(EXT_RAMDISK_SIZE, (int) (ramdiskSize >>> 32));
        out.putLong(ACPI_RSDP_ADDR, acpiRsdpAddr);
        if (hardwareSubarch != null) {
            out.putInt(HARDWARE_SUBARCH, hardwareSubarch);
            out.putLong(HARDWARE_SUBARCH_DATA, hardwareSubarchData);
        }
        if (efiInfo != null) {
            out.put(EFI_INFO, efiInfo);
        }
        out.putInt(ALT_MEM_K, (int) Math.min(0xffffffffL, altMemK != null ? altMemK : derivedAltMemK()));

        int inZeroPage = Math.min(e820.size(), E820_MAX_ZEROPAGE);
        out.put(E820_ENTRIES, (byte) inZeroPage);
        out.position(E820_TABLE);
        for (int i = 0; i < inZeroPage; i++) {
            putE820(out, e820.get(i));
        }

        byte[] line = cmdline.getBytes(StandardCharsets.UTF_8);
        out.put(cmdlineOffset(), line); // the NUL is already there
        long chainBase = base + chainOffset();
        out.putLong(SETUP_DATA, nodes.isEmpty() ? 0 : chainBase);
        out.put(chainOffset(), SetupDataChain.serialise(nodes, chainBase));
        return out.array();
    }

    private int chainOffset() {
        return SetupDataChain.align8(cmdlineOffset() + cmdline.getBytes(StandardCharsets.UTF_8).length + 1);
    }

    /** The caller's nodes, preceded by SETUP_E820_EXT when the map exceeds the zero page. */
    private List<SetupData> allSetupData() {
        List<SetupData> nodes = new ArrayList<>();
        if (e820.size() > E820_MAX_ZEROPAGE) {
            List<E820Entry> rest = e820.subList(E820_MAX_ZEROPAGE, e820.size());
            ByteBuffer data = ByteBuffer.allocate(rest.size() * E820Entry.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            rest.forEach(entry -> putE820(data, entry));
            nodes.add(new SetupData(SetupData.SETUP_E820_EXT, data.array()));
        }
        nodes.addAll(setupData);
        return nodes;
    }

    private static void putE820(ByteBuffer out, E820Entry entry) {
        out.putLong(entry.start()).putLong(entry.size()).putInt(entry.type());
    }

    /** KiB of memory above 1 MiB up to the highest RAM end (what alt_mem_k has always meant). */
    private long derivedAltMemK() {
        long top = 0;
        for (E820Entry entry : e820) {
            if (entry.type() == E820Entry.RAM) {
                top = Math.max(top, entry.endExclusive());
            }
        }
        return top > (1L << 20) ? (top - (1L << 20)) >> 10 : 0;
    }
}
