package org.kexkit.elfcore;

/**
 * Where the first kernel keeps a note buffer that the capture kernel reads:
 * a CPU's crash_notes (filled at panic) or the VMCOREINFO note. A PT_NOTE of
 * the crash core header points at it by physical address.
 */
public record NoteLocation(long paddr, long size) {
    public NoteLocation {
        if (size <= 0) {
            throw new IllegalArgumentException("note size must be positive, found " + size);
        }
    }
}
