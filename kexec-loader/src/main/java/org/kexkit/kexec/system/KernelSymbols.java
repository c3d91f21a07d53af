package org.kexkit.kexec.system;

/** The addresses from /proc/kallsyms that the kernel text PT_LOAD needs: _text, _stext and _end. */
public record KernelSymbols(long text, long stext, long end) {
    /** _end - _text: the size of the kernel text PT_LOAD (crash_prepare_elf64_headers). */
    public long imageSize() {
        return end - text;
    }
}
