package org.kexkit.dump.symbols;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the user gives besides the dump, each optional: a symbol file (System.map or a
 * /proc/kallsyms snapshot), a BTF file (/sys/kernel/btf/vmlinux copied at load time) and a vmlinux
 * with symbols.
 */
public record SymbolFiles(Optional<Path> kallsyms, Optional<Path> btf, Optional<Path> vmlinux) {
    public static final SymbolFiles NONE = new SymbolFiles(Optional.empty(), Optional.empty(), Optional.empty());
}
