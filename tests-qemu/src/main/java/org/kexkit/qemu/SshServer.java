package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.QemuRunException;

/**
 * An sshd of the test's own on the host's loopback, for the kdump ssh target: its config, host key, client key and
 * authorized_keys live in one run directory, it listens on 127.0.0.1 at a free high port, and the guest reaches it
 * through QEMU's user-mode network as {@link #GUEST_HOST}. The host's own sshd and its config are never touched;
 * OpenSSH's server is installed when the host lacks it. It accepts the one client key only, as the user running
 * the test (an sshd that is not root can log in no one else).
 */
public final class SshServer implements AutoCloseable {
    /** The host as QEMU's user-mode network shows it to the guest (slirp's gateway, forwarded to the host's loopback). */
    public static final String GUEST_HOST = "10.0.2.2";
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process process;

    private SshServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts one in {@code dir} (made owner-only); it runs until {@link #close}. */
    public static SshServer start(Path dir) {
        HostPackages.ensure("the kdump ssh target's test server", List.of("openssh-server", "openssh-client"));
        HarnessCache.privateDirectory(dir);
        try {
            for (String key : List.of("host_key", "client_key")) {
                Files.deleteIfExists(dir.resolve(key));
                Files.deleteIfExists(dir.resolve(key + ".pub"));
                HostCommand.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kexkit-test", "-f",
                        dir.resolve(key).toString()).timeout(60).output();
            }
            Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            int port = freePort();
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_key"),
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "AuthenticationMethods publickey",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "StrictModes no", // the run directory's parents are the test user's, not sshd's business
                    "AllowUsers " + System.getProperty("user.name"),
                    "Subsystem sftp internal-sftp",
                    "LogLevel VERBOSE", ""));
            // run as root, sshd wants its privilege separation directory (made by its service otherwise)
            if ("0".equals(HostCommand.of("id", "-u").output().strip()) && !Files.isDirectory(Path.of("/run/sshd"))) {
                Files.createDirectories(Path.of("/run/sshd"));
            }
            Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            SshServer server = new SshServer(dir, port, p);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test's sshd in " + dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new QemuRunException("the test's sshd ended at once: " + HostCommand.lastLines(
                        Files.readString(dir.resolve("sshd.log")), 6));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new QemuRunException("the test's sshd does not listen on 127.0.0.1:" + port);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuRunException("interrupted waiting for the test's sshd");
        }
    }

    public int port() {
        return port;
    }

    /** The login the guest uses: the user running the test. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The client's private key, for the guest's /root/.ssh. */
    public Path clientKey() {
        return dir.resolve("client_key");
    }

    /** A known_hosts file naming this server as the guest reaches it ([10.0.2.2]:PORT). */
    public Path knownHosts() {
        try {
            String[] pub = Files.readString(dir.resolve("host_key.pub")).strip().split("\\s+");
            return Files.writeString(dir.resolve("known_hosts"), "[" + GUEST_HOST + "]:" + port + " " + pub[0] + " "
                    + pub[1] + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What sshd logged (connections, logins), for a failure's message. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
