package org.kexkit.elfcore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.bin.PhysRange;

/**
 * Builds the crash ELF core header ("elfcorehdr") that a kexec_load crash
 * load puts in its own segment and names on the capture kernel's command line.
 * The capture kernel's fs/proc/vmcore.c reads it, reads each PT_NOTE from its
 * physical address, merges the notes and rewrites all offsets for the
 * /proc/vmcore it exports.
 *
 * <p>Program headers come in the order of both kexec-tools
 * (kexec/crashdump-elf.c) and the kernel's crash_prepare_elf64_headers()
 * (kernel/crash_core.c): a PT_NOTE per CPU, the PT_NOTE of VMCOREINFO, the
 * kernel text PT_LOAD, then a PT_LOAD per memory range in address order. For
 * every entry p_offset = p_paddr (a physical address, not a file offset),
 * p_align = 0; notes have p_vaddr 0 and p_flags 0, loads PF_R|PF_W|PF_X and
 * p_vaddr = direct-map base + p_paddr. Persistent-memory loads, emitted only
 * when given, carry PF_DEV as well (REFERENCE 5.1).
 *
 * <p>Room for CPU/memory hotplug: a kernel with CONFIG_CRASH_HOTPLUG, loaded
 * with KEXEC_UPDATE_ELFCOREHDR, rebuilds the whole header itself on a hotplug
 * event and copies it over the elfcorehdr segment, which it finds by the ELF
 * magic at the segment's start (kernel/crash_core.c crash_handle_hotplug_event);
 * it refuses when the new header is larger than the segment's memsz
 * (arch/x86/kernel/crash.c arch_crash_handle_hotplug_event, "update elfcorehdr
 * elfsz > memsz"). The size it plans for is arch_crash_get_elfcorehdr_size():
 * (2 + CONFIG_NR_CPUS_DEFAULT [+ CONFIG_CRASH_MAX_MEMORY_RANGES]) program
 * headers, published as /sys/kernel/crash_elfcorehdr_size. {@link
 * #spareProgramHeaders(int)} reserves that room as zeroed entries after the
 * table (a zeroed entry is PT_NULL); they are not counted in e_phnum, so the
 * capture kernel never sees them unless the kernel rewrites the header.
 *
 * <p>Notes of kexkit's own ({@link #ownNotes}) travel in the same buffer, after the program
 * headers and the spare slots, with a PT_NOTE after VMCOREINFO's pointing at them: the capture
 * kernel reserves the whole elfcorehdr segment (it is not in its usable memory map), reads every
 * PT_NOTE from old memory and merges them into /proc/vmcore. Their PT_NOTE needs the buffer's
 * physical address, so {@link #toBytes(long)} takes it; the size does not depend on it. A hotplug
 * rewrite by the kernel keeps the bytes (they lie past the room it rewrites) but drops the PT_NOTE.
 */
public final class CrashElfHeaderBuilder {
    /** kexec-tools pads the header buffer to 1 KiB (ELF_CORE_HEADER_ALIGN in kexec/crashdump.h). */
    public static final int HEADER_BUFFER_ALIGN = 1024;
    private static final long LOAD_FLAGS = ProgramHeader.PF_R | ProgramHeader.PF_W | ProgramHeader.PF_X;

    private final List<NoteLocation> cpuNotes = new ArrayList<>();
    private NoteLocation vmcoreInfo;
    private KernelTextMapping kernelText;
    private final List<PhysRange> ram = new ArrayList<>();
    private final List<PhysRange> pmem = new ArrayList<>();
    private Long directMapBase;
    private int spareProgramHeaders;
    private byte[] ownNotes = new byte[0];

    /** One CPU's crash_notes buffer; call in CPU order. */
    public CrashElfHeaderBuilder addCpuNote(NoteLocation note) {
        cpuNotes.add(note);
        return this;
    }

    public CrashElfHeaderBuilder cpuNotes(List<NoteLocation> notes) {
        cpuNotes.clear();
        cpuNotes.addAll(notes);
        return this;
    }

    /** The VMCOREINFO note (/sys/kernel/vmcoreinfo). Left out, as kexec-tools does with KEXEC_PRESERVE_CONTEXT, when never set. */
    public CrashElfHeaderBuilder vmcoreInfo(NoteLocation note) {
        vmcoreInfo = note;
        return this;
    }

    public CrashElfHeaderBuilder kernelText(KernelTextMapping text) {
        kernelText = text;
        return this;
    }

    /** The System RAM ranges to dump (already without the crash region, GART, low 1 MiB). */
    public CrashElfHeaderBuilder ramRanges(List<PhysRange> ranges) {
        ram.clear();
        ram.addAll(ranges);
        return this;
    }

    /** Persistent-memory ranges to dump, marked PF_DEV; none unless asked for. */
    public CrashElfHeaderBuilder pmemRanges(List<PhysRange> ranges) {
        pmem.clear();
        pmem.addAll(ranges);
        return this;
    }

    /** Encoded notes of kexkit's own (see the class comment); none unless given. */
    public CrashElfHeaderBuilder ownNotes(byte[] notes) {
        ownNotes = notes.clone();
        return this;
    }

    /** The virtual address of physical 0 in the direct map (page_offset_base). */
    public CrashElfHeaderBuilder directMapBase(long base) {
        directMapBase = base;
        return this;
    }

    /** Zeroed (PT_NULL) program-header slots after the table for a hotplug rewrite; see the class comment. */
    public CrashElfHeaderBuilder spareProgramHeaders(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spare program headers must be >= 0, found " + count);
        }
        spareProgramHeaders = count;
        return this;
    }

    /**
     * Spare slots so that the buffer holds an ELF header plus the kernel's
     * {@code crashElfcorehdrSize} bytes of program headers
     * (/sys/kernel/crash_elfcorehdr_size), given {@code usedProgramHeaders}.
     */
    public static int spareSlotsForHotplug(long crashElfcorehdrSize, int usedProgramHeaders) {
        long wanted = (crashElfcorehdrSize + ProgramHeader.SIZE - 1) / ProgramHeader.SIZE;
        return (int) Math.max(0, wanted - usedProgramHeaders);
    }

    /** The program headers in table order, for a buffer without notes of its own (see {@link #programHeaders(long)}). */
    public List<ProgramHeader> programHeaders() {
        if (ownNotes.length > 0) {
            throw new IllegalStateException("a header with notes of its own needs its load address: programHeaders(long)");
        }
        return programHeaders(0);
    }

    /**
     * The program headers in table order, with their index and the offset of each entry in the
     * buffer, for a buffer loaded at physical address {@code loadAddress}.
     */
    public List<ProgramHeader> programHeaders(long loadAddress) {
        List<ProgramHeader> out = new ArrayList<>();
        for (NoteLocation note : cpuNotes) {
            out.add(note(out.size(), note));
        }
        if (vmcoreInfo != null) {
            out.add(note(out.size(), vmcoreInfo));
        }
        if (ownNotes.length > 0) {
            out.add(note(out.size(), new NoteLocation(loadAddress + ownNotesOffset(), ownNotes.length)));
        }
        if (kernelText != null) {
            out.add(entry(out.size(), ProgramHeader.PT_LOAD, LOAD_FLAGS, kernelText.paddr(), kernelText.vaddr(),
                    kernelText.size()));
        }
        for (Load load : loadsInAddressOrder()) {
            PhysRange range = load.range();
            out.add(entry(out.size(), ProgramHeader.PT_LOAD, load.flags(), range.start(),
                    directMapBase + range.start(), range.size()));
        }
        if (out.size() + spareProgramHeaders >= ElfHeader.PN_XNUM) {
            throw new IllegalStateException("the crash core header would need " + out.size() + " program headers + "
                    + spareProgramHeaders + " spare, more than e_phnum can hold (" + (ElfHeader.PN_XNUM - 1) + ")");
        }
        return out;
    }

    /** The number of program headers, spare slots not counted. */
    private int programHeaderCount() {
        return cpuNotes.size() + (vmcoreInfo != null ? 1 : 0) + (ownNotes.length > 0 ? 1 : 0)
                + (kernelText != null ? 1 : 0) + ram.size() + pmem.size();
    }

    /** Where the own notes start in the buffer: after the table and the spare slots, 8-byte aligned. */
    private long ownNotesOffset() {
        long table = ElfHeader.SIZE + (long) (programHeaderCount() + spareProgramHeaders) * ProgramHeader.SIZE;
        return (table + 7) & -8L;
    }

    /** The size of the buffer {@link #toBytes(long)} returns: it does not depend on the load address. */
    public int size() {
        long used = ownNotes.length > 0 ? ownNotesOffset() + ownNotes.length
                : ElfHeader.SIZE + (long) (programHeaderCount() + spareProgramHeaders) * ProgramHeader.SIZE;
        return Math.toIntExact((used + HEADER_BUFFER_ALIGN - 1) / HEADER_BUFFER_ALIGN * HEADER_BUFFER_ALIGN);
    }

    /** The header buffer: ELF header, program headers, spare slots, zero padding to {@value #HEADER_BUFFER_ALIGN}. */
    public byte[] toBytes() {
        if (ownNotes.length > 0) {
            throw new IllegalStateException("a header with notes of its own needs its load address: toBytes(long)");
        }
        return toBytes(0);
    }

    /** The header buffer for loading at physical address {@code loadAddress}, own notes included. */
    public byte[] toBytes(long loadAddress) {
        List<ProgramHeader> headers = programHeaders(loadAddress);
        ByteBuffer out = ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN);
        ElfCoreWriter.writeHeader(out, headers.size());
        for (ProgramHeader ph : headers) {
            ph.write(out);
        }
        if (ownNotes.length > 0) {
            out.position((int) ownNotesOffset());
            out.put(ownNotes);
        }
        return out.array();
    }

    private record Load(PhysRange range, long flags) {
    }

    private List<Load> loadsInAddressOrder() {
        if ((!ram.isEmpty() || !pmem.isEmpty()) && directMapBase == null) {
            throw new IllegalStateException("memory PT_LOADs need the direct-map base (page_offset_base)");
        }
        List<Load> loads = new ArrayList<>();
        ram.forEach(r -> loads.add(new Load(r, LOAD_FLAGS)));
        pmem.forEach(r -> loads.add(new Load(r, LOAD_FLAGS | ProgramHeader.PF_DEV)));
        loads.sort((a, b) -> a.range().compareTo(b.range()));
        for (int i = 1; i < loads.size(); i++) {
            if (loads.get(i - 1).range().overlaps(loads.get(i).range())) {
                throw new IllegalArgumentException("memory ranges " + loads.get(i - 1).range() + " and "
                        + loads.get(i).range() + " overlap");
            }
        }
        return loads;
    }

    private static ProgramHeader note(int index, NoteLocation note) {
        return entry(index, ProgramHeader.PT_NOTE, 0, note.paddr(), 0, note.size());
    }

    private static ProgramHeader entry(int index, long type, long flags, long paddr, long vaddr, long size) {
        long entryOffset = ElfHeader.SIZE + (long) index * ProgramHeader.SIZE;
        return new ProgramHeader(index, entryOffset, type, flags, paddr, vaddr, paddr, size, size, 0);
    }
}
