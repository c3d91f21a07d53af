package org.kexkit.dump;

import java.nio.file.Path;

/** The output file exists and the caller did not ask to replace it. */
public final class TargetExistsException extends DumpException {
    private static final long serialVersionUID = 1L;
    private final transient Path target;

    public TargetExistsException(Path target) {
        super(target + " already exists");
        this.target = target;
    }

    public Path target() {
        return target;
    }
}
