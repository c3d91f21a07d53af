package org.kexkit.kexec.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * A 64-bit x86 bzImage: the real-mode setup part with its boot protocol
 * header (struct setup_header, arch/x86/include/uapi/asm/bootparam.h) and the
 * protected-mode kernel behind it. Only images kexkit can load with
 * kexec_load are accepted: protocol 2.12 or later, a 64-bit entry point and
 * loadable above 4 GiB (the checks kexec-tools' bzImage64 probe makes).
 */
public final class BzImage {
    /** struct setup_header starts at 0x1f1 in the file and in struct boot_params (bootparam.h "hdr"). */
    public static final int SETUP_HEADER_OFFSET = 0x1f1;
    static final int SETUP_SECTS = 0x1f1;
    static final int BOOT_FLAG = 0x1fe;
    /** setup_header.jump: a short jmp whose displacement (byte 0x201) ends the header. */
    static final int JUMP = 0x200;
    static final int HEADER = 0x202;
    static final int VERSION = 0x206;
    static final int LOADFLAGS = 0x211;
    static final int INITRD_ADDR_MAX = 0x22c;
    static final int KERNEL_ALIGNMENT = 0x230;
    static final int RELOCATABLE_KERNEL = 0x234;
    static final int MIN_ALIGNMENT = 0x235;
    static final int XLOADFLAGS = 0x236;
    static final int CMDLINE_SIZE = 0x238;
    static final int HARDWARE_SUBARCH = 0x23c;
    static final int PAYLOAD_OFFSET = 0x248;
    static final int PAYLOAD_LENGTH = 0x24c;
    static final int SETUP_DATA = 0x250;
    static final int PREF_ADDRESS = 0x258;
    static final int INIT_SIZE = 0x260;
    static final int HANDOVER_OFFSET = 0x264;
    static final int KERNEL_INFO_OFFSET = 0x268;
    /** struct boot_params.edd_mbr_sig_buffer: the copied header must end before it. */
    static final int SETUP_HEADER_LIMIT = 0x290;

    static final int BOOT_FLAG_MAGIC = 0xAA55;
    /** "HdrS" read little-endian. */
    static final long HEADER_MAGIC = 0x53726448L;
    /** Boot protocol 2.12: first with xloadflags (Documentation/arch/x86/boot.rst). */
    public static final int MIN_PROTOCOL = 0x020C;
    /** kernel_info_offset exists from protocol 2.15. */
    static final int PROTOCOL_KERNEL_INFO = 0x020F;
    /** loadflags LOADED_HIGH, bootparam.h. */
    public static final int LOADED_HIGH = 1;
    /** xloadflags bits, bootparam.h. */
    public static final int XLF_KERNEL_64 = 1;
    public static final int XLF_CAN_BE_LOADED_ABOVE_4G = 1 << 1;
    public static final int XLF_EFI_KEXEC = 1 << 4;
    /** The 64-bit entry (startup_64) is 0x200 past the protected-mode kernel's start (boot.rst, 64-bit boot protocol). */
    public static final long STARTUP_64_OFFSET = 0x200;
    static final int SECTOR = 512;

    private final String name;
    private final byte[] file;
    private final int setupSects;
    private final int version;
    private final int loadflags;
    private final long initrdAddrMax;
    private final long kernelAlignment;
    private final boolean relocatable;
    private final int minAlignment;
    private final int xloadflags;
    private final long cmdlineSize;
    private final long payloadOffset;
    private final long payloadLength;
    private final long prefAddress;
    private final long initSize;
    private final long handoverOffset;
    private final long kernelInfoOffset;
    private final int setupHeaderEnd;

    private BzImage(String name, byte[] file, ByteCursor in) throws FormatException {
        this.name = name;
        this.file = file;
        if (file.length < SETUP_HEADER_LIMIT) {
            throw new FormatException(name, file.length, "not a bzImage: " + file.length
                    + " bytes is shorter than the setup header (0x" + Integer.toHexString(SETUP_HEADER_LIMIT) + " bytes)");
        }
        in.seek(BOOT_FLAG);
        int bootFlag = in.u16();
        if (bootFlag != BOOT_FLAG_MAGIC) {
            throw in.errorAtLastValue("not a bzImage: boot_flag is 0x" + Integer.toHexString(bootFlag)
                    + ", expected 0xaa55");
        }
        in.seek(HEADER);
        long magic = in.u32();
        if (magic != HEADER_MAGIC) {
            throw in.errorAtLastValue("not a bzImage: no \"HdrS\" boot protocol signature (found 0x"
                    + Long.toHexString(magic) + ")");
        }
        version = in.u16();
        if (version < MIN_PROTOCOL) {
            throw in.errorAtLastValue("boot protocol " + protocol(version) + " is older than 2.12;"
                    + " kexkit loads only 64-bit kernels with protocol 2.12 or later (Linux 3.8+)");
        }
        in.seek(XLOADFLAGS);
        xloadflags = in.u16();
        if ((xloadflags & XLF_KERNEL_64) == 0) {
            throw in.errorAtLastValue("xloadflags 0x" + Integer.toHexString(xloadflags)
                    + " lacks XLF_KERNEL_64: the image has no 64-bit entry point (a 32-bit kernel?)");
        }
        if ((xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) == 0) {
            throw in.errorAtLastValue("xloadflags 0x" + Integer.toHexString(xloadflags)
                    + " lacks XLF_CAN_BE_LOADED_ABOVE_4G: the kernel cannot be loaded above 4 GiB");
        }
        in.seek(SETUP_SECTS);
        int sects = in.u8();
        setupSects = sects == 0 ? 4 : sects; // boot.rst: 0 means 4 for historical reasons
        in.seek(JUMP + 1);
        setupHeaderEnd = HEADER + in.u8();
        if (setupHeaderEnd > SETUP_HEADER_LIMIT || setupHeaderEnd < KERNEL_ALIGNMENT + 4) {
            throw in.errorAtLastValue("setup header length byte gives end 0x" + Integer.toHexString(setupHeaderEnd)
                    + ", expected 0x234..0x" + Integer.toHexString(SETUP_HEADER_LIMIT));
        }
        long setupBytes = (long) (setupSects + 1) * SECTOR;
        if (setupBytes > file.length) {
            throw in.errorAt(SETUP_SECTS, "setup_sects " + setupSects + " gives a setup part of " + setupBytes
                    + " bytes, but the file has only " + file.length);
        }
        if (setupBytes + STARTUP_64_OFFSET > file.length) {
            throw in.errorAt(file.length, "truncated: the kernel part ends before its 64-bit entry at 0x"
                    + Long.toHexString(setupBytes + STARTUP_64_OFFSET));
        }
        in.seek(LOADFLAGS);
        loadflags = in.u8();
        in.seek(INITRD_ADDR_MAX);
        initrdAddrMax = in.u32();
        kernelAlignment = in.u32();
        relocatable = in.u8() != 0;
        minAlignment = in.u8();
        in.seek(CMDLINE_SIZE);
        cmdlineSize = in.u32();
        in.seek(PAYLOAD_OFFSET);
        payloadOffset = in.u32();
        payloadLength = in.u32();
        in.seek(PREF_ADDRESS);
        prefAddress = in.u64();
        initSize = in.u32();
        handoverOffset = in.u32();
        kernelInfoOffset = version >= PROTOCOL_KERNEL_INFO ? in.u32() : 0;
        if (kernelAlignment == 0 || Long.bitCount(kernelAlignment) != 1) {
            throw in.errorAt(KERNEL_ALIGNMENT, "kernel_alignment 0x" + Long.toHexString(kernelAlignment)
                    + " is not a power of two");
        }
    }

    public static BzImage read(Path path) throws IOException, FormatException {
        return parse(Files.readAllBytes(path), path.toString());
    }

    public static BzImage parse(byte[] file, String name) throws FormatException {
        return new BzImage(name, file, ByteCursor.of(file, name, 0));
    }

    private static String protocol(int version) {
        return (version >> 8) + "." + (version & 0xff);
    }

    public String name() {
        return name;
    }

    /** setup_sects with 0 read as 4. */
    public int setupSects() {
        return setupSects;
    }

    /** Bytes of the real-mode part: (setup_sects + 1) * 512, the boot sector included. */
    public int setupSize() {
        return (setupSects + 1) * SECTOR;
    }

    /** The real-mode setup part (a copy). */
    public byte[] setup() {
        return Arrays.copyOf(file, setupSize());
    }

    /** The protected-mode kernel, loaded at the kernel segment's start (a copy). */
    public byte[] kernel() {
        return Arrays.copyOfRange(file, setupSize(), file.length);
    }

    /** Size of the protected-mode kernel part in the file. */
    public long kernelFileSize() {
        return file.length - (long) setupSize();
    }

    /**
     * struct setup_header as found in the file, from 0x1f1 to the end the
     * header gives itself (0x202 + the jump displacement at 0x201), which is
     * what a loader copies into boot_params.
     */
    public byte[] setupHeader() {
        return Arrays.copyOfRange(file, SETUP_HEADER_OFFSET, setupHeaderEnd);
    }

    /** Boot protocol version, e.g. 0x020f for 2.15. */
    public int version() {
        return version;
    }

    public String protocolVersion() {
        return protocol(version);
    }

    public int loadflags() {
        return loadflags;
    }

    public long initrdAddrMax() {
        return initrdAddrMax;
    }

    public long kernelAlignment() {
        return kernelAlignment;
    }

    public boolean relocatable() {
        return relocatable;
    }

    /** log2 of the minimum alignment the kernel accepts. */
    public int minAlignment() {
        return minAlignment;
    }

    public int xloadflags() {
        return xloadflags;
    }

    public boolean canBeLoadedAbove4G() {
        return (xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) != 0;
    }

    /** Longest command line the kernel takes, without the NUL. */
    public long cmdlineSize() {
        return cmdlineSize;
    }

    /** The compressed vmlinux, to unpack with {@link PayloadDecompressor}. */
    public KernelPayload payload() throws FormatException {
        return KernelPayload.of(this, file);
    }

    public long payloadOffset() {
        return payloadOffset;
    }

    public long payloadLength() {
        return payloadLength;
    }

    public long prefAddress() {
        return prefAddress;
    }

    /** Bytes the kernel needs from its load address until it has relocated itself. */
    public long initSize() {
        return initSize;
    }

    public long handoverOffset() {
        return handoverOffset;
    }

    public long kernelInfoOffset() {
        return kernelInfoOffset;
    }
}
