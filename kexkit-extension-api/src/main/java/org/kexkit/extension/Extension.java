package org.kexkit.extension;

import java.util.Map;

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
     * The arguments the extension takes (API version 2): each key with a one-line description. The
     * user gives them as {@code NAME.KEY=VALUE} (NAME: {@link #name()}); the host refuses a key not
     * listed here before the dump starts, and {@link ExtensionContext#argument(String)} reads a value.
     * An extension built for version 2 or later returns {@link ExtensionApi#VERSION} 2 or more from
     * {@link #apiVersion()}, so that a version-1 host skips it rather than fail on the missing method.
     */
    default Map<String, String> arguments() {
        return Map.of();
    }

    /**
     * Called once before any hook, after the needs were found. Throwing skips the extension with the
     * exception's message.
     */
    default void start(ExtensionContext context) throws ExtensionException {
    }
}
