package org.kexkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfHeader;
import org.kexkit.elfcore.ProgramHeader;

/** The JSON start every ELF report shares: the file, its size and the ELF header. */
final class ElfHeaderJson {
    private ElfHeaderJson() {}

    /** A mutable root object for the report to add its own keys to. */
    static Map<String, Object> root(ElfCore core) {
        ElfHeader h = core.header();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", core.source());
        root.put("size", core.fileSize());
        Map<String, Object> elf = new LinkedHashMap<>();
        elf.put("class", "ELF64");
        elf.put("data", "little-endian");
        elf.put("type", ElfHeader.typeName(h.type()));
        elf.put("machine", ElfHeader.machineName(h.machine()));
        elf.put("entry", hex(h.entry()));
        elf.put("phoff", h.programHeaderOffset());
        elf.put("phnum", h.programHeaderCount());
        root.put("elf_header", elf);
        return root;
    }

    /** One program header; the offset is a number (an elfcorehdr report may put a hex string in its place). */
    static Map<String, Object> programHeader(ProgramHeader ph) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", ph.index());
        entry.put("type", ph.typeName());
        entry.put("offset", ph.offset());
        entry.put("vaddr", hex(ph.vaddr()));
        entry.put("paddr", hex(ph.paddr()));
        entry.put("filesz", ph.filesz());
        entry.put("memsz", ph.memsz());
        entry.put("flags", ph.flagsText());
        return entry;
    }

    /** Addresses in JSON are strings such as "0xffffffff81000000": JSON numbers lose 64-bit precision. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
