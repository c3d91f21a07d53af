package org.kexkit.extension;

/** Where an {@link EraseSource} puts its ranges. Implemented by the host. */
public interface EraseSink {
    /** Bytes [paddr, paddr + length) become 'X' in the written dump (an erase rule's fill). */
    void erase(long paddr, long length);

    /** Bytes [paddr, paddr + length) become zeros in the written dump (a nullified pointer). */
    void nullify(long paddr, long length);

    /**
     * Bytes at a kernel virtual address to erase with 'X', split at page boundaries and translated by
     * the host. Returns false (erasing nothing) when some of them are not in the dump.
     */
    boolean eraseVirtual(long vaddr, long length);
}
