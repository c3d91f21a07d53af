package org.kexkit.elfcore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes ELF notes as {@link NoteParser} reads them: {@code struct elf64_note} (n_namesz with
 * the NUL, n_descsz, n_type), the name and the desc, each padded to 4 bytes.
 */
public final class NoteWriter {
    private NoteWriter() {
    }

    /** The encoded size of one note. */
    public static int size(String name, int descSize) {
        return NoteParser.HEADER_SIZE + align4(name.getBytes(StandardCharsets.US_ASCII).length + 1) + align4(descSize);
    }

    /** One note's bytes. */
    public static byte[] encode(String name, long type, byte[] desc) {
        ByteBuffer out = ByteBuffer.allocate(size(name, desc.length)).order(ByteOrder.LITTLE_ENDIAN);
        put(out, name, type, desc);
        return out.array();
    }

    /** Writes one note at the buffer's position, which ends after its padding. */
    public static void put(ByteBuffer out, String name, long type, byte[] desc) {
        byte[] text = name.getBytes(StandardCharsets.US_ASCII);
        int start = out.position();
        out.putInt(text.length + 1);      // n_namesz, NUL included
        out.putInt(desc.length);          // n_descsz
        out.putInt((int) type);           // n_type
        out.put(text).put((byte) 0);
        out.position(start + NoteParser.HEADER_SIZE + align4(text.length + 1));
        out.put(desc);
        out.position(start + size(name, desc.length));
    }

    private static int align4(int value) {
        return (value + NoteParser.ALIGNMENT - 1) & -NoteParser.ALIGNMENT;
    }
}
