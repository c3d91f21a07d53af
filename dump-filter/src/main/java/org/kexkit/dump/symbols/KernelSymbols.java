package org.kexkit.dump.symbols;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Symbol sources stacked in order (drgn's symbol finders): VMCOREINFO, the dump's kallsyms, a
 * symbol file, a vmlinux. The first source that knows a name gives its address.
 */
public final class KernelSymbols implements SymbolSource {
    private final List<SymbolSource> sources;

    public KernelSymbols(List<SymbolSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<SymbolSource> sources() {
        return sources;
    }

    /** True when only VMCOREINFO's few symbols are known: no kallsyms, no symbol file, no vmlinux. */
    public boolean onlyVmcoreInfo() {
        return sources.stream().allMatch(s -> s instanceof VmcoreInfoSymbols);
    }

    @Override
    public String describe() {
        return sources.stream().map(SymbolSource::describe).collect(Collectors.joining(", "));
    }

    @Override
    public OptionalLong address(String name) throws IOException {
        for (SymbolSource s : sources) {
            OptionalLong a = s.address(name);
            if (a.isPresent()) {
                return a;
            }
        }
        return OptionalLong.empty();
    }
}
