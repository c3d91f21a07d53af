package org.kexkit.extension;

/**
 * A dump extension, found with {@link java.util.ServiceLoader} in its jar
 * ({@code META-INF/services/org.kexkit.extension.Extension}). It implements one or more hook
 * interfaces beside this one ({@link PageVoter}, {@link EraseSource}, {@link PageDataHook}); the
 * host calls only those it implements. One instance serves one dump; calls come from one thread.
 */
public interface Extension {
    /** A short name for messages and statistics. */
    String name();

    /** The API version the extension was built against: return {@link ExtensionApi#VERSION}. */
    int apiVersion();

    /** The symbols and struct members the extension needs; a missing mandatory one skips the extension. */
    default Needs needs() {
        return Needs.none();
    }

    /**
     * Called once before any hook, after the needs were found. Throwing skips the extension with the
     * exception's message.
     */
    default void start(ExtensionContext context) throws ExtensionException {
    }
}
