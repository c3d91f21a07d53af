package org.kexkit.dump.extension;

import org.kexkit.dump.DumpException;

/** An extension jar cannot be loaded, or an extension failed while the dump was made; one line. */
public class ExtensionLoadException extends DumpException {
    private static final long serialVersionUID = 1L;

    public ExtensionLoadException(String message) {
        super(message);
    }

    public ExtensionLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
