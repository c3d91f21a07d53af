package org.kexkit.kexec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A kernel to load with kexec_file_load: image, optional initrd, full command line, crash or not,
 * and the optional flags to pass as well.
 */
public record LoadRequest(Path kernel, Optional<Path> initrd, String cmdline, boolean crash,
        Set<KexecFileOption> options) {
    public LoadRequest {
        // an EnumSet keeps the flags in bit order for messages
        options = options.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(options));
    }

    /** A load without optional flags. */
    public LoadRequest(Path kernel, Optional<Path> initrd, String cmdline, boolean crash) {
        this(kernel, initrd, cmdline, crash, Set.of());
    }

    public KexecOperation operation() {
        return crash ? KexecOperation.LOAD_CRASH : KexecOperation.LOAD;
    }
}
