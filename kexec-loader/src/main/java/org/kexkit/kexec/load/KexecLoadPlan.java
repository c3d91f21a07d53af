package org.kexkit.kexec.load;

import java.util.List;
import java.util.Optional;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.kexec.image.E820Entry;
import org.kexkit.kexec.image.KexecImage;
import org.kexkit.pmem.PmemLayout;

/**
 * Everything a kexec_load will hand the kernel, and what went into it, for --dry-run.
 *
 * @param image the segments and the entry point (the purgatory)
 * @param cmdline the next kernel's final command line (with elfcorehdr= for a crash load)
 * @param e820 the memory map the next kernel gets in boot_params
 * @param elfcorehdr the crash ELF core header bytes (crash loads only)
 * @param elfcorehdrHeaders its program headers (crash loads only)
 * @param crash whether this is a crash (panic) load
 * @param pmem the persistent memory the ELF core header lists (crash loads), with its layout note
 * @param warnings one line each, for the user (pmem a dump will not have, KHO subtrees not handed over)
 * @param notes one line each for --dry-run (what a KHO handover carries)
 */
public record KexecLoadPlan(KexecImage image, String cmdline, List<E820Entry> e820, Optional<byte[]> elfcorehdr,
        List<ProgramHeader> elfcorehdrHeaders, boolean crash, PmemLayout pmem, List<String> warnings, List<String> notes) {
    public KexecLoadPlan {
        e820 = List.copyOf(e820);
        elfcorehdrHeaders = List.copyOf(elfcorehdrHeaders);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    public KexecLoadPlan(KexecImage image, String cmdline, List<E820Entry> e820, Optional<byte[]> elfcorehdr,
            List<ProgramHeader> elfcorehdrHeaders, boolean crash, PmemLayout pmem, List<String> warnings) {
        this(image, cmdline, e820, elfcorehdr, elfcorehdrHeaders, crash, pmem, warnings, List.of());
    }

    /** The dry-run text: segments, command line, memory map and, for a crash load, the ELF core header. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(crash ? "crash" : "kexec").append(" kernel image via kexec_load: entry 0x")
                .append(Long.toHexString(image.entry())).append(", ").append(image.segments().size()).append(" segments\n");
        out.append(image.table());
        out.append("command line: ").append(cmdline).append('\n');
        out.append("memory map for the next kernel (e820):\n");
        for (E820Entry e : e820) {
            out.append(String.format("  0x%016x-0x%016x %s%n", e.start(), e.start() + e.size() - 1, typeName(e.type())));
        }
        if (crash) {
            out.append("ELF core header (elfcorehdr): ").append(elfcorehdr.map(b -> b.length).orElse(0)).append(" bytes\n");
            out.append(String.format("  %4s %-8s %-18s %-18s %-18s %s%n", "#", "Type", "VirtAddr", "PhysAddr", "MemSiz", "Flg"));
            for (ProgramHeader ph : elfcorehdrHeaders) {
                out.append(String.format("  %4d %-8s 0x%016x 0x%016x 0x%016x %s%n", ph.index(), ph.typeName(), ph.vaddr(),
                        ph.paddr(), ph.memsz(), ph.flagsText()));
            }
            if (!pmem.isEmpty()) {
                out.append(String.format("pmem: %d PF_DEV loads (%d MiB), metadata %d KiB kept, in the KEXKIT layout note of"
                        + " the header%n", pmem.pmemRanges().size(), pmem.pmemBytes() >> 20, pmem.metadataBytes() >> 10));
            }
            warnings.forEach(w -> out.append("warning: ").append(w).append('\n'));
        }
        notes.forEach(n -> out.append(n).append('\n'));
        return out.toString();
    }

    static String typeName(int type) {
        return switch (type) {
            case E820Entry.RAM -> "usable";
            case E820Entry.RESERVED -> "reserved";
            case E820Entry.ACPI -> "ACPI data";
            case E820Entry.NVS -> "ACPI NVS";
            case E820Entry.PMEM -> "persistent (type 7)";
            case E820Entry.PRAM -> "persistent (type 12)";
            default -> "type " + type;
        };
    }
}
