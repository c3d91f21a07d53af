package org.kexkit.elfcore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.Elf64;

/**
 * Writes a small ELF64 x86-64 core in the layout /proc/vmcore has: the ELF
 * header, the program header table (one PT_NOTE holding all notes, then the
 * PT_LOADs), the notes, then each PT_LOAD's data on a page boundary. Built in
 * memory: meant for test cores and small dumps, not for copying RAM.
 */
public final class ElfCoreWriter {
    /** PT_LOAD data starts on a page boundary, as in /proc/vmcore. */
    public static final int LOAD_ALIGNMENT = 4096;

    private final List<NoteSpec> notes = new ArrayList<>();
    private final List<LoadSpec> loads = new ArrayList<>();

    private record NoteSpec(String name, long type, byte[] desc) {
    }

    private record LoadSpec(long vaddr, long paddr, long memsz, byte[] data) {
    }

    public ElfCoreWriter addNote(String name, long type, byte[] desc) {
        notes.add(new NoteSpec(name, type, desc.clone()));
        return this;
    }

    /** The VMCOREINFO note with {@code text} as its desc. */
    public ElfCoreWriter addVmcoreInfo(String text) {
        return addNote(ElfNote.VMCOREINFO, ElfNote.VMCOREINFO_TYPE, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** An NT_PRSTATUS note of a CPU whose current task had {@code pid}; registers are zero. */
    public ElfCoreWriter addPrStatus(int pid) {
        ByteBuffer desc = ByteBuffer.allocate(PrStatus.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        desc.putInt(PrStatus.PID_OFFSET, pid);
        return addNote(ElfNote.CORE, ElfNote.NT_PRSTATUS, desc.array());
    }

    /** A PT_LOAD whose file data is {@code data} (p_filesz == p_memsz). */
    public ElfCoreWriter addLoad(long vaddr, long paddr, byte[] data) {
        loads.add(new LoadSpec(vaddr, paddr, data.length, data.clone()));
        return this;
    }

    public byte[] toBytes() {
        int phnum = 1 + loads.size();
        int notesOffset = ElfHeader.SIZE + phnum * ProgramHeader.SIZE;
        byte[] noteBytes = encodeNotes();
        long dataOffset = alignUp(notesOffset + noteBytes.length, LOAD_ALIGNMENT);
        long[] loadOffsets = new long[loads.size()];
        long end = notesOffset + noteBytes.length;
        for (int i = 0; i < loads.size(); i++) {
            loadOffsets[i] = dataOffset;
            end = dataOffset + loads.get(i).data().length;
            dataOffset = alignUp(end, LOAD_ALIGNMENT);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(end)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(out, phnum);
        ProgramHeader.write(out, ProgramHeader.PT_NOTE, 0, notesOffset, 0, 0, noteBytes.length, noteBytes.length, 0);
        for (int i = 0; i < loads.size(); i++) {
            LoadSpec load = loads.get(i);
            ProgramHeader.write(out, ProgramHeader.PT_LOAD, ProgramHeader.PF_R | ProgramHeader.PF_W | ProgramHeader.PF_X,
                    loadOffsets[i], load.vaddr(), load.paddr(), load.data().length, load.memsz(), 0);
        }
        out.put(noteBytes);
        for (int i = 0; i < loads.size(); i++) {
            out.position((int) loadOffsets[i]);
            out.put(loads.get(i).data());
        }
        return out.array();
    }

    public void write(Path path) throws IOException {
        Files.write(path, toBytes());
    }

    /** The ELF64 x86-64 ET_CORE header with the program header table right after it (also used by {@link CrashElfHeaderBuilder}). */
    static void writeHeader(ByteBuffer out, int phnum) {
        out.put(ElfHeader.MAGIC);
        out.put((byte) ElfHeader.ELFCLASS64);
        out.put((byte) ElfHeader.ELFDATA2LSB);
        out.put((byte) ElfHeader.EV_CURRENT);
        out.position(Elf64.E_TYPE);
        out.putShort((short) ElfHeader.ET_CORE);       // e_type
        out.putShort((short) ElfHeader.EM_X86_64);     // e_machine
        out.putInt(ElfHeader.EV_CURRENT);              // e_version
        out.putLong(0);                                // e_entry
        out.putLong(ElfHeader.SIZE);                   // e_phoff: the table follows the header
        out.putLong(0);                                // e_shoff
        out.putInt(0);                                 // e_flags
        out.putShort((short) ElfHeader.SIZE);          // e_ehsize
        out.putShort((short) ProgramHeader.SIZE);      // e_phentsize
        out.putShort((short) phnum);                   // e_phnum
        out.putShort((short) 0);                       // e_shentsize
        out.putShort((short) 0);                       // e_shnum
        out.putShort((short) 0);                       // e_shstrndx
    }

    private byte[] encodeNotes() {
        int size = 0;
        for (NoteSpec note : notes) {
            size += NoteWriter.size(note.name(), note.desc().length);
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (NoteSpec note : notes) {
            NoteWriter.put(out, note.name(), note.type(), note.desc());
        }
        return out.array();
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
