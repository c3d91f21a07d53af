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

    /**
     * {@code ssh user@host:/dir}: the dump streamed as makedumpfile's flattened format through ssh.
     *
     * @param port the sshd's port (kdump.conf's ssh_port, 22 by default)
     * @param key  kdump.conf's ssh_key; empty: {@link #DEFAULT_KEY}
     */
    record Ssh(String user, String host, int port, String directory, Optional<Path> key) implements DumpTarget {
        /** The private key kdump-tools (SSH_KEY) and kdump-utils (sshkey) use when none is configured. */
        public static final Path DEFAULT_KEY = Path.of("/root/.ssh/kdump_id_rsa");
        public static final int DEFAULT_PORT = 22;

        public String destination() {
            return user + "@" + host;
        }

        /** The private key ssh is given. */
        public Path identity() {
            return key.orElse(DEFAULT_KEY);
        }

        /** The host as known_hosts names it: {@code [host]:port} off port 22 (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT). */
        public String knownHostsName() {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return port == DEFAULT_PORT ? bare : "[" + bare + "]:" + port;
        }
    }

    /** {@code nfs server:/export/dir}: parsed and shown; the capture side does not mount NFS yet. */
    record Nfs(String server, String directory) implements DumpTarget {
    }
}
