package org.kexkit.dump.erase;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.btf.Btf;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.symbols.KernelView;
import org.kexkit.dump.symbols.SymbolException;

/**
 * What erase rules read of the crashed kernel: symbols and BTF of the kernel image or of a loaded
 * module, and kernel virtual memory. {@link #of(KernelView)} is the real one; tests build their own.
 */
public interface EraseKernel {
    /** The section name of the kernel image in a configuration. */
    String VMLINUX = "vmlinux";

    /** The address of {@code name} in {@code module} ("vmlinux" or a loaded module), or empty. */
    OptionalLong symbol(String module, String name) throws IOException, SymbolException, FormatException;

    /** The BTF of {@code module}; a module's BTF is split BTF over the kernel's. Empty when there is none. */
    Optional<Btf> btf(String module) throws IOException, SymbolException, FormatException;

    /** True for "vmlinux" and for modules loaded in the dump's kernel. */
    boolean loaded(String module) throws IOException, SymbolException, FormatException;

    /** The dump's kernel virtual memory. */
    KernelAddressSpace space();

    static EraseKernel of(KernelView view) {
        return new EraseKernel() {
            @Override
            public OptionalLong symbol(String module, String name) throws IOException, SymbolException, FormatException {
                return module.equals(VMLINUX) ? view.symbol(name) : view.moduleSymbol(module, name);
            }

            @Override
            public Optional<Btf> btf(String module) throws IOException, SymbolException, FormatException {
                return module.equals(VMLINUX) ? Optional.of(view.btf()) : view.moduleBtf(module);
            }

            @Override
            public boolean loaded(String module) throws IOException, SymbolException, FormatException {
                return module.equals(VMLINUX) || view.moduleLoaded(module);
            }

            @Override
            public KernelAddressSpace space() {
                return view.space();
            }
        };
    }
}
