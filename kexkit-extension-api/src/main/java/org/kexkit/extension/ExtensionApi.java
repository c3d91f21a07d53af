package org.kexkit.extension;

/**
 * The version of this API. An extension returns {@link #VERSION} from {@link Extension#apiVersion()}:
 * being a compile-time constant, the number is the one the extension was built against.
 *
 * <p>How the API grows without breaking a jar built earlier: a new hook is a new interface that an
 * extension may implement (the host finds hooks with {@code instanceof}, so an older extension
 * simply lacks it); a new method on an existing interface an extension implements comes with a
 * default; a new method on {@link ExtensionContext} (which the host implements) is called by an
 * extension only after checking {@link ExtensionContext#apiVersion()}. Nothing is ever removed or
 * changed in signature. Version 1: {@link PageVoter}, {@link EraseSource}, {@link PageDataHook}.
 * Version 2: arguments given to an extension by the user ({@link Extension#arguments()} says which
 * it takes, {@link ExtensionContext#argument(String)} reads them).
 */
public final class ExtensionApi {
    /** The API version of this jar. */
    public static final int VERSION = 2;

    private ExtensionApi() {
    }
}
