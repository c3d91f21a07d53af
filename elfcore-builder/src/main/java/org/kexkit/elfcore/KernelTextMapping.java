package org.kexkit.elfcore;

/**
 * The kernel image's own mapping for the crash core header's first PT_LOAD:
 * virtual address of _text, its physical address (__pa_symbol(_text), the
 * start of "Kernel code" in /proc/iomem) and _end - _text.
 */
public record KernelTextMapping(long vaddr, long paddr, long size) {
    public KernelTextMapping {
        if (size <= 0) {
            throw new IllegalArgumentException("kernel text size must be positive, found " + size);
        }
    }
}
