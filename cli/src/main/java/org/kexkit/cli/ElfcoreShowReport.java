package org.kexkit.cli;

import static org.kexkit.cli.ElfHeaderText.line;
import static org.kexkit.cli.ElfHeaderText.mib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfHeader;
import org.kexkit.elfcore.ProgramHeader;

/** What `kexkit elfcore show` prints: the ELF header and the program header table, as text or JSON. */
final class ElfcoreShowReport {
    private final ElfCore core;

    ElfcoreShowReport(ElfCore core) {
        this.core = core;
    }

    String text() {
        StringBuilder out = new StringBuilder();
        ElfHeaderText.appendHeaders(out, core);
        List<ProgramHeader> loads = core.loads();
        long loadBytes = loads.stream().mapToLong(ProgramHeader::memsz).sum();
        long devLoads = loads.stream().filter(ElfcoreShowReport::isDevice).count();
        line(out, "  %d PT_LOAD segments, %d bytes (%s) of memory%s", loads.size(), loadBytes,
                mib(loadBytes), devLoads == 0 ? "" : ", " + devLoads + " marked PF_DEV");
        line(out, "  flags: R read, W write, E execute, D PF_DEV (0x10, device/persistent memory)");
        line(out, "");
        List<ProgramHeader> notes = notes();
        line(out, "Notes: %d PT_NOTE segments (not read: p_offset is a physical address in an elfcorehdr)",
                notes.size());
        for (ProgramHeader ph : notes) {
            line(out, "  %4d phys 0x%016x size %d", ph.index(), ph.paddr(), ph.filesz());
        }
        long spare = spareBytes();
        if (spare > 0) {
            line(out, "");
            line(out, "Room after the program header table: %d bytes (%d more program headers)", spare,
                    spare / ProgramHeader.SIZE);
        }
        return out.toString();
    }

    String json() {
        Map<String, Object> root = ElfHeaderJson.root(core);
        List<Object> headers = new ArrayList<>();
        for (ProgramHeader ph : core.programHeaders()) {
            Map<String, Object> entry = ElfHeaderJson.programHeader(ph);
            entry.put("offset", ElfHeaderJson.hex(ph.offset())); // replaces the number, keeps the key's place
            entry.put("pf_dev", isDevice(ph));
            headers.add(entry);
        }
        root.put("program_headers", headers);
        List<Object> notes = new ArrayList<>();
        for (ProgramHeader ph : notes()) {
            Map<String, Object> note = new LinkedHashMap<>();
            note.put("index", ph.index());
            note.put("paddr", ElfHeaderJson.hex(ph.paddr()));
            note.put("size", ph.filesz());
            notes.add(note);
        }
        root.put("notes", notes);
        root.put("spare_bytes", spareBytes());
        return Json.write(root);
    }

    private List<ProgramHeader> notes() {
        return core.programHeaders().stream().filter(ProgramHeader::isNote).toList();
    }

    private static boolean isDevice(ProgramHeader ph) {
        return (ph.flags() & ProgramHeader.PF_DEV) != 0;
    }

    /** Bytes after the program header table up to the end of the file: hotplug room in an elfcorehdr. */
    private long spareBytes() {
        ElfHeader h = core.header();
        long tableEnd = h.programHeaderOffset() + h.programHeaderCount() * ProgramHeader.SIZE;
        long lastSegmentEnd = core.programHeaders().stream()
                .filter(ph -> ph.isLoad() || ph.isNote())
                .mapToLong(ProgramHeader::fileEnd)
                .filter(end -> end > tableEnd && end <= core.fileSize())
                .max().orElse(tableEnd);
        // a real core file has its data after the table; only a headers-only blob has spare room
        return lastSegmentEnd > tableEnd ? 0 : Math.max(0, core.fileSize() - tableEnd);
    }
}
