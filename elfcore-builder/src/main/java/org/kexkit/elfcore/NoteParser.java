package org.kexkit.elfcore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * Splits the bytes of a PT_NOTE segment into notes: {@code struct elf64_note}
 * (n_namesz, n_descsz, n_type, each u32), then the name (n_namesz includes
 * the NUL) and the desc, each padded to 4 bytes.
 */
public final class NoteParser {
    /** sizeof(struct elf64_note). */
    public static final int HEADER_SIZE = 12;
    /** Notes in ELF64 core files are 4-byte aligned, as Linux writes them. */
    public static final int ALIGNMENT = 4;

    private NoteParser() {
    }

    /**
     * Parses notes until the segment ends or an all-zero header, which ends
     * the notes in kernel note buffers (the rest of such a buffer is unused).
     */
    public static List<ElfNote> parse(ByteCursor segment, String what) throws FormatException {
        List<ElfNote> notes = new ArrayList<>();
        while (segment.hasRemaining()) {
            long headerOffset = segment.absolute();
            int index = notes.size();
            if (segment.remaining() < HEADER_SIZE) {
                if (allZero(segment.bytes(segment.remaining()))) {
                    break;
                }
                throw new FormatException(segment.source(), headerOffset, what + ": expected a note header ("
                        + HEADER_SIZE + " bytes) or the end, found " + (segment.limit() - (headerOffset - segment.baseOffset()))
                        + " stray bytes");
            }
            long nameSize = segment.u32();
            long descSize = segment.u32();
            long type = segment.u32();
            if (nameSize == 0 && descSize == 0 && type == 0) {
                break;
            }
            if (nameSize > segment.remaining()) {
                throw new FormatException(segment.source(), headerOffset, what + ": note " + index
                        + ": n_namesz 0x" + Long.toHexString(nameSize) + " runs past the end of the segment (0x"
                        + Integer.toHexString(segment.remaining()) + " bytes left)");
            }
            String name = name(segment.bytes((int) nameSize), segment.source(), headerOffset, what, index);
            alignWithin(segment);
            if (descSize > segment.remaining()) {
                throw new FormatException(segment.source(), headerOffset, what + ": note " + index + " (" + name
                        + "): n_descsz 0x" + Long.toHexString(descSize) + " runs past the end of the segment (0x"
                        + Integer.toHexString(segment.remaining()) + " bytes left)");
            }
            long descOffset = segment.absolute();
            byte[] desc = segment.bytes((int) descSize);
            alignWithin(segment);
            notes.add(new ElfNote(name, type, desc, headerOffset, descOffset));
        }
        return notes;
    }

    private static String name(byte[] raw, String source, long offset, String what, int index) throws FormatException {
        int length = raw.length;
        if (length > 0 && raw[length - 1] == 0) {
            length--;
        }
        for (int i = 0; i < length; i++) {
            if (raw[i] < 0x20 || raw[i] > 0x7e) {
                throw new FormatException(source, offset, what + ": note " + index
                        + ": expected a printable note name, found byte 0x"
                        + String.format("%02x", raw[i] & 0xff) + " in it");
            }
        }
        return new String(raw, 0, length, StandardCharsets.US_ASCII);
    }

    /** Padding of the last note may be cut off by the segment's end; that is harmless. */
    private static void alignWithin(ByteCursor segment) throws FormatException {
        int padding = (ALIGNMENT - segment.position() % ALIGNMENT) % ALIGNMENT;
        segment.skip(Math.min(padding, segment.remaining()));
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
