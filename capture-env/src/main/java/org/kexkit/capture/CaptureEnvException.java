package org.kexkit.capture;

/**
 * Why a capture environment cannot be built: a module that is neither a file of the module tree nor
 * built in, a dependency cycle, a module file that does not unpack. The message names the file or module;
 * the caller words the advice.
 */
public final class CaptureEnvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaptureEnvException(String message) {
        super(message);
    }

    public CaptureEnvException(String message, Throwable cause) {
        super(message, cause);
    }
}
