package org.kexkit.vmcoreinfo;

/**
 * The VMCOREINFO keys written as {@code KIND(name)=value}, with the printf
 * format each uses in kernel/vmcore_info.c.
 */
public enum EntryKind {
    /** {@code SYMBOL(name)=%lx}: an address, hex without 0x. */
    SYMBOL,
    /** {@code OFFSET(struct.member)=%lu}: byte offset of a member, decimal. */
    OFFSET,
    /** {@code SIZE(name)=%lu}: sizeof a type, decimal. */
    SIZE,
    /** {@code LENGTH(name)=%lu}: number of elements of an array, decimal. */
    LENGTH,
    /** {@code NUMBER(name)=%ld}: a signed constant, decimal (some written as 0x%lx). */
    NUMBER;

    /** The kind whose key prefix is {@code word}, or null. */
    static EntryKind forWord(String word) {
        for (EntryKind kind : values()) {
            if (kind.name().equals(word)) {
                return kind;
            }
        }
        return null;
    }
}
