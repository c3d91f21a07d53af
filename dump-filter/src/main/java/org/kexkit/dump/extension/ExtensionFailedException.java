package org.kexkit.dump.extension;

import java.io.IOException;
import org.kexkit.bin.OneLine;

/**
 * An extension's hook threw while the dump was made. An I/O failure of the dump as far as callers
 * go (the dump cannot be completed as asked; nothing half-written is kept), in one line naming the
 * extension and the page.
 */
public final class ExtensionFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public ExtensionFailedException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
    }
}
