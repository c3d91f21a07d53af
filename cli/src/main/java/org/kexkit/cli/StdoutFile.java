package org.kexkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.kexkit.dump.io.SafeOutputFile;

/**
 * The regular file stdout may be redirected to ({@code makedumpfile -F > FILE}): a flattened dump
 * holds the crashed kernel's memory, so the file is made 0600 before its first byte, as kexkit's
 * own dump files are. The shell created it, with the umask's mode; a reader that opened it before
 * keeps its descriptor, which only a umask of 077 avoids. Pipes, terminals and devices are left alone.
 */
final class StdoutFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private StdoutFile() {
    }

    /**
     * Makes the regular file {@code name} (what stdout is open on) 0600 if anyone but its owner may
     * use it; returns a warning line when that was refused (a file of another owner).
     */
    static Optional<String> restrict(Optional<Path> name) {
        if (name.isEmpty() || !Files.isRegularFile(name.get())) {
            return Optional.empty();
        }
        Path file = name.get();
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().noneMatch(OTHERS::contains)) {
                return Optional.empty();
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            String why = e instanceof IOException io ? SafeOutputFile.reason(io) : "no POSIX modes here";
            return Optional.of("stdout is a file others may read, and it could not be made 0600 (" + why
                    + "): the flattened dump in it holds the crashed kernel's memory");
        }
    }
}
