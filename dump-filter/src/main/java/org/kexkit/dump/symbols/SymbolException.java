package org.kexkit.dump.symbols;

import org.kexkit.dump.DumpException;

/** A kernel symbol, type or piece of kernel memory that a rule or an extension needs is not to be had. */
public class SymbolException extends DumpException {
    private static final long serialVersionUID = 1L;

    public SymbolException(String message) {
        super(message);
    }

    public SymbolException(String message, Throwable cause) {
        super(message, cause);
    }
}
