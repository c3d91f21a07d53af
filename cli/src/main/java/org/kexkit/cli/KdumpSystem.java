package org.kexkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The running system's facts the kdump commands need besides kexec's: its release and host name. */
final class KdumpSystem {
    private KdumpSystem() {
    }

    /** The running kernel's release (/proc/sys/kernel/osrelease). */
    static String release(Path root) {
        try {
            return Files.readString(root.resolve("proc/sys/kernel/osrelease"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new CommandFailure(root.resolve("proc/sys/kernel/osrelease") + ": cannot read the running kernel's"
                    + " release: " + ErrorReporter.expectedMessage(e));
        }
    }

    /** The host name (/proc/sys/kernel/hostname), or empty. */
    static String hostname(Path root) {
        try {
            return Files.readString(root.resolve("proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
