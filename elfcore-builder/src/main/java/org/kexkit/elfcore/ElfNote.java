package org.kexkit.elfcore;

import java.util.Arrays;

/**
 * One ELF note ({@code struct elf64_note} followed by name and desc).
 * {@code offset} is the absolute file offset of the note header and
 * {@code descOffset} that of the desc bytes.
 */
public record ElfNote(String name, long type, byte[] desc, long offset, long descOffset) {
    /** n_type of a CPU's register state, note name "CORE" (include/uapi/linux/elf.h). */
    public static final long NT_PRSTATUS = 1;
    public static final String CORE = "CORE";
    /** The note the kernel writes its VMCOREINFO text into (n_type 0). */
    public static final String VMCOREINFO = "VMCOREINFO";
    public static final long VMCOREINFO_TYPE = 0;

    public ElfNote {
        desc = desc.clone();
    }

    @Override
    public byte[] desc() {
        return desc.clone();
    }

    public int descSize() {
        return desc.length;
    }

    public boolean is(String noteName, long noteType) {
        return name.equals(noteName) && type == noteType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ElfNote note && note.name.equals(name) && note.type == type
                && note.offset == offset && note.descOffset == descOffset && Arrays.equals(note.desc, desc);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(desc);
    }

    @Override
    public String toString() {
        return "ElfNote[name=" + name + ", type=" + type + ", descSize=" + desc.length
                + ", offset=0x" + Long.toHexString(offset) + "]";
    }
}
