package org.kexkit.elfcore;

import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * What kexkit reads from an NT_PRSTATUS note: which CPU's note it is (its
 * place among the NT_PRSTATUS notes) and the pid of the task that ran there.
 */
public record PrStatus(int cpu, int pid, long noteOffset) {
    /** struct elf_prstatus.pr_pid on x86-64: after elf_siginfo (12), pr_cursig + pad (4), pr_sigpend, pr_sighold. */
    public static final int PID_OFFSET = 32;
    /** sizeof(struct elf_prstatus) on x86-64. */
    public static final int SIZE = 336;

    static PrStatus read(int cpu, ElfNote note, String source) throws FormatException {
        ByteCursor desc = ByteCursor.of(note.desc(), source, note.descOffset());
        if (desc.remaining() < PID_OFFSET + 4) {
            throw new FormatException(source, note.offset(), "NT_PRSTATUS note " + cpu
                    + ": expected a desc of at least " + (PID_OFFSET + 4) + " bytes (elf_prstatus), found "
                    + desc.remaining());
        }
        desc.seek(PID_OFFSET);
        return new PrStatus(cpu, desc.s32(), note.offset());
    }
}
