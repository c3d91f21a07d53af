package org.kexkit.dump.symbols;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * One place kernel symbol addresses come from (VMCOREINFO, the dump's kallsyms, a symbol file, a
 * vmlinux), stacked in {@link KernelSymbols} as drgn stacks its symbol finders: the first source
 * that knows a name answers.
 */
public interface SymbolSource {
    /** What this source is, for messages: "VMCOREINFO", "kallsyms in vmcore", "System.map-6.1.0 (shifted by 0xca00000)". */
    String describe();

    /** The run-time (relocated) address of {@code name}, or empty when this source does not know it. */
    OptionalLong address(String name) throws IOException;
}
