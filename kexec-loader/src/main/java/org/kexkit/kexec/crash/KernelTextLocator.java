package org.kexkit.kexec.crash;

import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.KernelTextMapping;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.system.IomemTree;
import org.kexkit.kexec.system.KernelSymbols;

/**
 * The kernel text PT_LOAD as the kernel's crash_prepare_elf64_headers() makes
 * it (kernel/crash_core.c): p_vaddr = _text, p_paddr = __pa_symbol(_text),
 * size = _end - _text. __pa_symbol(_text) is where "Kernel code" starts in
 * /proc/iomem (arch/x86/kernel/setup.c: code_resource.start =
 * __pa_symbol(_text)). kexec-tools instead takes the kcore text load rounded
 * to 1 MiB; the kernel's figures are exact and match its own header.
 */
public final class KernelTextLocator {
    private KernelTextLocator() {
    }

    public static KernelTextMapping locate(IomemTree iomem, KernelSymbols symbols) throws KexecException {
        PhysRange code = iomem.kernelCode().orElseThrow(
                () -> new KexecException("/proc/iomem has no \"Kernel code\" line: cannot place the kernel text"));
        if (Long.compareUnsigned(symbols.end(), symbols.text()) <= 0) {
            throw new KexecException("/proc/kallsyms: _end 0x" + Long.toHexString(symbols.end())
                    + " is not above _text 0x" + Long.toHexString(symbols.text()));
        }
        return new KernelTextMapping(symbols.text(), code.start(), symbols.imageSize());
    }
}
