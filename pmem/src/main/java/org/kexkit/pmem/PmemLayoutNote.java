package org.kexkit.pmem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.elfcore.ElfNote;
import org.kexkit.elfcore.NoteWriter;

/**
 * The ELF note kexkit puts beside the crash notes when it builds the core header itself
 * (kexec_load): owner "KEXKIT", type {@value #TYPE}, desc the layout in {@link PmemLayoutText}'s
 * form. The capture kernel merges it into /proc/vmcore with the others, and every dump written from
 * that vmcore keeps it, so whoever filters the dump later still knows which pfns are pmem metadata.
 */
public final class PmemLayoutNote {
    /** The note's owner name: kexkit's own, so no other program's notes are taken for it. */
    public static final String NAME = "KEXKIT";
    /** n_type of the pmem layout under that owner. */
    public static final long TYPE = 1;

    private PmemLayoutNote() {
    }

    /** The whole note (header, name, desc, padding). */
    public static byte[] encode(PmemLayout layout) {
        return NoteWriter.encode(NAME, TYPE, PmemLayoutText.write(layout).getBytes(StandardCharsets.US_ASCII));
    }

    /** The layout of the first kexkit pmem note among {@code notes}. */
    public static Optional<PmemLayout> find(List<ElfNote> notes, String source) throws FormatException {
        for (ElfNote note : notes) {
            if (note.is(NAME, TYPE)) {
                String text = new String(note.desc(), StandardCharsets.US_ASCII);
                try {
                    return Optional.of(PmemLayoutText.read(text, source));
                } catch (FormatException e) {
                    throw new FormatException(source, note.descOffset() + e.offset(), "the kexkit pmem layout note: "
                            + e.problem());
                }
            }
        }
        return Optional.empty();
    }
}
