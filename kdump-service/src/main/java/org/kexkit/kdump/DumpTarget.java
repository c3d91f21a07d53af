package org.kexkit.kdump;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where dumps go (kdump.conf's {@code target}): the closed set of kinds the capture knows how to reach.
 * Directories are absolute; a remote one holds only the characters {@link KdumpConfigParser} allows, so it
 * never needs quoting on the remote side.
 */
public sealed interface DumpTarget {
    /** The directory the per-dump directories are made in, on whatever holds it. */
    String directory();

    /** A directory of the system the capture runs on ({@code /var/crash}). */
    record LocalPath(Path path) implements DumpTarget {
        @Override
        public String directory() {
            return path.toString();
        }
    }

    /** A filesystem found by its UUID or LABEL ({@code UUID=...:/crash}); {@code directory} inside it. */
    record BlockDevice(Key key, String value, String directory) implements DumpTarget {
        public enum Key { UUID, LABEL }

        /** The spelling the config uses and /dev/disk/by-* names. */
        public String spec() {
            return key + "=" + value;
        }
    }

    /** {@code ssh user@host:/dir}: the dump streamed as makedumpfile's flattened format through ssh. */
    record Ssh(String user, String host, String directory, Optional<Path> key) implements DumpTarget {
        public String destination() {
            return user + "@" + host;
        }
    }

    /** {@code nfs server:/export/dir}: parsed and shown; the capture side does not mount NFS yet. */
    record Nfs(String server, String directory) implements DumpTarget {
    }
}
