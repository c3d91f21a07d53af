package org.kexkit.kexec;

import java.nio.file.Path;
import java.util.Optional;

/** A kernel to load with kexec_file_load: image, optional initrd, full command line, crash or not. */
public record LoadRequest(Path kernel, Optional<Path> initrd, String cmdline, boolean crash) {
    public KexecOperation operation() {
        return crash ? KexecOperation.LOAD_CRASH : KexecOperation.LOAD;
    }
}
