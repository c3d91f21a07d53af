package org.kexkit.kexec.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A minimal ELF64 file with a .rodata section (and .shstrtab), for the payload and scanner tests. */
public final class TinyElf {
    private TinyElf() {
    }

    /** rodata at offset 0x1000, then zero filler up to {@code size} bytes, then the section table. */
    public static byte[] withRodata(byte[] rodata, int size) {
        return withRodataAndBtf(rodata, new byte[0], size);
    }

    /** The same with a .BTF section after .rodata (none when {@code btf} is empty). */
    public static byte[] withRodataAndBtf(byte[] rodata, byte[] btf, int size) {
        byte[] names = "\0.rodata\0.shstrtab\0.BTF\0".getBytes(StandardCharsets.US_ASCII);
        int btfAt = 0x1000 + rodata.length;
        int namesAt = btfAt + btf.length;
        int count = btf.length > 0 ? 4 : 3;
        int shoff = Math.max(size, namesAt + names.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + count * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(0x10, (short) 2).putShort(0x12, (short) 62).putInt(0x14, 1);
        b.putLong(0x28, shoff).putShort(0x34, (short) 64).putShort(0x3a, (short) 64).putShort(0x3c, (short) count)
                .putShort(0x3e, (short) 2);
        b.put(0x1000, rodata).put(btfAt, btf).put(namesAt, names);
        section(b, shoff + 64, 1, 1, 0x2, 0x1000, rodata.length);
        section(b, shoff + 128, 9, 3, 0, namesAt, names.length);
        if (btf.length > 0) {
            section(b, shoff + 192, 19, 1, 0x2, btfAt, btf.length);
        }
        // a few bytes of varied content so the compressors have something to do
        for (int i = 0; i < 2000 && namesAt + names.length + 0x100 + i < shoff; i++) {
            b.put(namesAt + names.length + 0x100 + i, (byte) (i * 31 % 251));
        }
        return b.array();
    }

    private static void section(ByteBuffer b, int at, int name, int type, long flags, long offset, long size) {
        b.putInt(at, name).putInt(at + 4, type).putLong(at + 8, flags).putLong(at + 24, offset).putLong(at + 32, size);
    }
}
