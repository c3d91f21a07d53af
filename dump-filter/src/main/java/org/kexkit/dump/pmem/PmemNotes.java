package org.kexkit.dump.pmem;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ElfNote;
import org.kexkit.elfcore.NoteParser;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutNote;

/** The pmem layout a dump carries in kexkit's note, if it does (a -c capture, or a dump made from one). */
public final class PmemNotes {
    private PmemNotes() {
    }

    public static Optional<PmemLayout> layout(VmcoreSource source) throws IOException, FormatException {
        byte[] notes = source.noteBytes();
        if (notes.length == 0) {
            return Optional.empty();
        }
        List<ElfNote> parsed = NoteParser.parse(ByteCursor.of(notes, source.name(), 0), "notes");
        return PmemLayoutNote.find(parsed, source.name());
    }
}
