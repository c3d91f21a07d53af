package org.kexkit.extension;

/** An extension cannot do its work on this dump; the message says why in one line. */
public class ExtensionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExtensionException(String message) {
        super(message);
    }

    public ExtensionException(String message, Throwable cause) {
        super(message, cause);
    }
}
