package org.kexkit.cli;

import java.util.Locale;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfHeader;
import org.kexkit.elfcore.ProgramHeader;

/** The text start every ELF report shares: the file, the ELF header and the program header table. */
final class ElfHeaderText {
    private ElfHeaderText() {}

    static void appendHeaders(StringBuilder out, ElfCore core) {
        ElfHeader h = core.header();
        line(out, "File: %s (%d bytes)", core.source(), core.fileSize());
        line(out, "ELF header: ELF64 little-endian %s %s, entry 0x%x, %d program headers at 0x%x",
                ElfHeader.machineName(h.machine()), ElfHeader.typeName(h.type()), h.entry(), h.programHeaderCount(),
                h.programHeaderOffset());
        line(out, "");
        line(out, "Program headers:");
        line(out, "  %4s %-8s %-18s %-18s %-18s %-18s %-18s %s", "#", "Type", "Offset", "VirtAddr", "PhysAddr",
                "FileSiz", "MemSiz", "Flg");
        for (ProgramHeader ph : core.programHeaders()) {
            line(out, "  %4d %-8s 0x%016x 0x%016x 0x%016x 0x%016x 0x%016x %s", ph.index(), ph.typeName(),
                    ph.offset(), ph.vaddr(), ph.paddr(), ph.filesz(), ph.memsz(), ph.flagsText());
        }
    }

    /** One line; {@code format} is used as it is when there are no arguments. */
    static void line(StringBuilder out, String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
}
