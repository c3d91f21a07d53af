package org.kexkit.kdump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ssh target: every step is one ssh run started with an argument vector (never a local shell). The remote
 * command is built only from the target's directory and names this service makes, which the config parser and
 * {@link DumpNaming} restrict to characters no shell interprets. Files arrive on ssh's stdin under a temporary
 * name created with noclobber and umask 077, and are renamed when complete.
 */
public record SshStore(DumpTarget.Ssh target, Starter starter) implements DumpStore {
    /** Starts a process from an argument vector (tests run the remote side locally). */
    @FunctionalInterface
    public interface Starter {
        Process start(List<String> argv) throws IOException;
    }

    /** The real ssh, its stderr on the console. */
    public static Starter processes() {
        return argv -> new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Override
    public String describe() {
        return "ssh " + target.destination() + ":" + target.directory();
    }

    /**
     * ssh's argument vector for {@code remote}: batch mode (no password prompt in a capture kernel), the host key
     * checked against known_hosts and never accepted unseen, the port and the key.
     */
    public List<String> argv(String remote) {
        return List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=30",
                "-p", Integer.toString(target.port()), "-i", target.identity().toString(), "--", target.destination(),
                remote);
    }

    private String path(String dir) {
        checkName(dir);
        return target.directory() + "/" + dir;
    }

    @Override
    public void createDirectory(String name) throws IOException {
        run("umask 077 && mkdir -p " + target.directory() + " && mkdir " + path(name), null);
    }

    @Override
    public void writeFile(String dir, String file, byte[] bytes) throws IOException {
        run(upload(dir, file), out -> out.write(bytes));
    }

    @Override
    public String writeDump(String dir, CaptureDumper dumper) throws Exception {
        String[] summary = new String[1];
        run(upload(dir, DumpNaming.DUMP_FLATTENED), out -> summary[0] = dumper.dumpFlattened(out));
        return summary[0];
    }

    private String upload(String dir, String file) {
        checkName(file);
        String partial = path(dir) + "/." + file + ".partial";
        return "umask 077 && set -C && cat > " + partial + " && mv " + partial + " " + path(dir) + "/" + file;
    }

    @Override
    public List<String> list() throws IOException {
        // no directory yet (no capture so far) is no names, as for a local target
        byte[] out = run("test ! -d " + target.directory() + " || ls -1 " + target.directory(), null);
        List<String> names = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    @Override
    public Optional<byte[]> readFile(String dir, String file, int maxBytes) throws IOException {
        checkName(file);
        String p = path(dir) + "/" + file;
        byte[] out = run("test ! -f " + p + " || head -c " + maxBytes + " " + p, null);
        // a missing file and an empty one read alike: neither holds a record
        return out.length == 0 ? Optional.empty() : Optional.of(out);
    }

    @Override
    public String describe(String dir) {
        return target.destination() + ":" + path(dir);
    }

    @Override
    public void delete(String name) throws IOException {
        if (!DumpNaming.isDumpDirectory(name)) {
            throw new IllegalArgumentException("not a dump directory: " + name);
        }
        run("rm -rf " + path(name), null);
    }

    private static void checkName(String name) {
        if (!KdumpConfigParser.safeName(name) || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain name: " + name);
        }
    }

    @FunctionalInterface
    private interface Feed {
        void into(OutputStream stdin) throws Exception;
    }

    /** Runs ssh with {@code remote}, feeding its stdin; returns its stdout. A non-zero exit is an IOException. */
    private byte[] run(String remote, Feed feed) throws IOException {
        Process p = starter.start(argv(remote));
        try {
            Thread reader;
            byte[][] out = new byte[1][];
            try (InputStream stdout = p.getInputStream()) {
                reader = new Thread(() -> {
                    try {
                        out[0] = stdout.readAllBytes();
                    } catch (IOException e) {
                        out[0] = new byte[0];
                    }
                }, "kexkit-ssh-stdout");
                reader.start();
                try (OutputStream stdin = p.getOutputStream()) {
                    if (feed != null) {
                        feed.into(stdin);
                    }
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    p.destroy();
                    throw new IOException(describe() + ": " + e.getMessage(), e);
                }
                int status = p.waitFor();
                reader.join();
                if (status != 0) {
                    throw new IOException(describe() + ": '" + remote + "' failed (ssh exit status " + status + ")");
                }
                return out[0] == null ? new byte[0] : out[0];
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(describe() + ": interrupted", e);
        }
    }
}
