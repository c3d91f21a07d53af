package org.kexkit.kexec.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.ByteCursor;
import org.kexkit.elfcore.CrashElfHeaderBuilder;
import org.kexkit.elfcore.NoteLocation;
import org.kexkit.elfcore.NoteParser;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.system.CpuCrashNote;
import org.kexkit.kexec.system.CrashSystemFacts;
import org.kexkit.kexec.system.KernelSymbols;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PmemDiscovery;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutNote;

class CrashHeaderFactoryTest {
    static CrashSystemFacts facts(List<CpuCrashNote> notes, Optional<NoteLocation> vmcoreInfo) throws Exception {
        return new CrashSystemFacts(DumpRangesTest.tree(), List.of(), vmcoreInfo, List.of(0), List.of(0), notes,
                "root=/dev/vda", OptionalLong.of(256L << 20), OptionalLong.empty(),
                new KernelSymbols(0xffffffff81000000L, 0xffffffff81000000L, 0xffffffff82000000L),
                0xff38b4e000000000L, Optional.empty(), List.of());
    }

    static final List<CpuCrashNote> ONE_CPU = List.of(new CpuCrashNote(0, new NoteLocation(0x5000000, 368)));
    static final Optional<NoteLocation> VMCOREINFO = Optional.of(new NoteLocation(0x4000000, 0x1024));

    @Test
    void pmemLoadsAndTheLayoutNoteOnlyWithPmem() throws Exception {
        CrashSystemFacts facts = facts(ONE_CPU, VMCOREINFO);
        List<ProgramHeader> without = CrashHeaderFactory.builder(facts, PmemLayout.NONE, false).programHeaders();
        PmemLayout pmem = PmemDiscovery.discover(facts.iomem().pmemResources(), NdBus.EMPTY, ns -> Optional.empty());
        CrashElfHeaderBuilder builder = CrashHeaderFactory.builder(facts, pmem, false);
        List<ProgramHeader> with = builder.programHeaders(0x6f000000L);
        assertEquals(4, with.size() - without.size()); // three PF_DEV loads and the note
        assertEquals(3, with.stream().filter(ph -> (ph.flags() & ProgramHeader.PF_DEV) != 0).count());
        ProgramHeader note = with.get(2);
        assertEquals(ProgramHeader.PT_NOTE, note.type());
        byte[] bytes = builder.toBytes(0x6f000000L);
        int at = (int) (note.paddr() - 0x6f000000L);
        var notes = NoteParser.parse(ByteCursor.of(Arrays.copyOfRange(bytes, at, at + (int) note.filesz()), "hdr", at), "note");
        assertEquals(Optional.of(pmem), PmemLayoutNote.find(notes, "hdr"));
        // kernel text: _text, "Kernel code" start, _end - _text
        ProgramHeader text = without.get(2);
        assertEquals(0xffffffff81000000L, text.vaddr());
        assertEquals(0x1000000, text.paddr());
        assertEquals(0x1000000, text.memsz());
        assertEquals(0xff38b4e000100000L, without.get(3).vaddr());
    }

    @Test
    void missingPiecesAreOneLineErrors() throws Exception {
        KexecException e = assertThrows(KexecException.class,
                () -> CrashHeaderFactory.builder(facts(List.of(), VMCOREINFO), PmemLayout.NONE, false));
        assertEquals("no CPU has /sys/devices/system/cpu/cpuN/crash_notes: the kernel was built without crash dump support",
                e.getMessage());
        e = assertThrows(KexecException.class,
                () -> CrashHeaderFactory.builder(facts(ONE_CPU, Optional.empty()), PmemLayout.NONE, false));
        assertEquals("/sys/kernel/vmcoreinfo is missing: the kernel was built without CONFIG_CRASH_CORE", e.getMessage());
        e = assertThrows(KexecException.class,
                () -> CrashHeaderFactory.builder(facts(ONE_CPU, VMCOREINFO), PmemLayout.NONE, true));
        assertEquals("/sys/kernel/crash_elfcorehdr_size is missing: the kernel has no CONFIG_CRASH_HOTPLUG", e.getMessage());
    }
}
