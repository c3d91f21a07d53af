package org.kexkit.elfcore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.VmcoreInfo;
import org.kexkit.vmcoreinfo.VmcoreInfoParser;

/**
 * A validated ELF64 core file: header, program headers and the notes of all
 * PT_NOTE segments. Holds no open file; segment data stays on disk.
 */
public final class ElfCore {
    private final String source;
    private final long fileSize;
    private final ElfHeader header;
    private final List<ProgramHeader> programHeaders;
    private final List<ElfNote> notes;

    ElfCore(String source, long fileSize, ElfHeader header, List<ProgramHeader> programHeaders, List<ElfNote> notes) {
        this.source = source;
        this.fileSize = fileSize;
        this.header = header;
        this.programHeaders = List.copyOf(programHeaders);
        this.notes = List.copyOf(notes);
    }

    /** The name used in messages (usually the path). */
    public String source() {
        return source;
    }

    public long fileSize() {
        return fileSize;
    }

    public ElfHeader header() {
        return header;
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    public List<ProgramHeader> loads() {
        return programHeaders.stream().filter(ProgramHeader::isLoad).toList();
    }

    public List<ElfNote> notes() {
        return notes;
    }

    /** The file offset past the last byte any segment or table uses. */
    public long dataEnd() {
        long end = header.programHeaderOffset() + header.programHeaderCount() * ProgramHeader.SIZE;
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() != ProgramHeader.PT_NULL) {
                end = Math.max(end, ph.fileEnd());
            }
        }
        return end;
    }

    /** The VMCOREINFO note (name "VMCOREINFO", type 0), if the core has one. */
    public Optional<ElfNote> vmcoreInfoNote() {
        return notes.stream().filter(n -> n.is(ElfNote.VMCOREINFO, ElfNote.VMCOREINFO_TYPE)).findFirst();
    }

    /** The parsed VMCOREINFO text, if there is such a note. */
    public Optional<VmcoreInfo> vmcoreInfo() throws FormatException {
        Optional<ElfNote> note = vmcoreInfoNote();
        if (note.isEmpty()) {
            return Optional.empty();
        }
        ElfNote n = note.get();
        return Optional.of(VmcoreInfoParser.parse(ByteCursor.of(n.desc(), source, n.descOffset())));
    }

    /** The NT_PRSTATUS notes of name "CORE": one per CPU that was online at the crash. */
    public List<ElfNote> prStatusNotes() {
        return notes.stream().filter(n -> n.is(ElfNote.CORE, ElfNote.NT_PRSTATUS)).toList();
    }

    /** CPU index and pid from every NT_PRSTATUS note. */
    public List<PrStatus> prStatus() throws FormatException {
        List<ElfNote> cpuNotes = prStatusNotes();
        List<PrStatus> result = new ArrayList<>(cpuNotes.size());
        for (int cpu = 0; cpu < cpuNotes.size(); cpu++) {
            result.add(PrStatus.read(cpu, cpuNotes.get(cpu), source));
        }
        return result;
    }
}
