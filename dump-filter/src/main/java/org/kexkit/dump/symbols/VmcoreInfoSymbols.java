package org.kexkit.dump.symbols;

import java.util.OptionalLong;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/** The SYMBOL(name) lines of VMCOREINFO: few, but always there and already relocated. */
public final class VmcoreInfoSymbols implements SymbolSource {
    private final VmcoreInfo info;

    public VmcoreInfoSymbols(VmcoreInfo info) {
        this.info = info;
    }

    @Override
    public String describe() {
        return "VMCOREINFO";
    }

    @Override
    public OptionalLong address(String name) {
        return info.symbol(name);
    }
}
