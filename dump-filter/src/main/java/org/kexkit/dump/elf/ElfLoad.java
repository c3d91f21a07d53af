package org.kexkit.dump.elf;

import java.nio.ByteBuffer;
import org.kexkit.elfcore.ProgramHeader;

/**
 * One PT_LOAD of an ELF dump: a piece of an input PT_LOAD ({@code source},
 * whose p_flags and p_align it keeps) from {@code paddr}, whose first
 * {@code filesz} bytes are in the file at {@code offset} and the rest of
 * {@code memsz} were excluded.
 */
public record ElfLoad(ProgramHeader source, long offset, long vaddr, long paddr, long filesz, long memsz) {
    /** Writes the {@code struct elf64_phdr} little-endian at the buffer's position. */
    void write(ByteBuffer out) {
        ProgramHeader.write(out, ProgramHeader.PT_LOAD, source.flags(), offset, vaddr, paddr, filesz, memsz, source.align());
    }
}
