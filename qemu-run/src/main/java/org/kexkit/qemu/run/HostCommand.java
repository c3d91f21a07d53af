package org.kexkit.qemu.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one host program to completion and fails loudly, naming it, when it does not succeed. */
public final class HostCommand {
    private final List<String> argv;
    private Path directory;
    private Map<String, String> environment = Map.of();
    private long timeoutSeconds = 600;

    private HostCommand(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    public static HostCommand of(String... argv) {
        return new HostCommand(List.of(argv));
    }

    public static HostCommand of(List<String> argv) {
        return new HostCommand(argv);
    }

    public HostCommand in(Path dir) {
        this.directory = dir;
        return this;
    }

    public HostCommand env(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }

    public HostCommand timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Runs and returns standard output; standard error is kept for the failure message. */
    public String output() {
        Result r = run();
        if (r.exitCode != 0) {
            throw new QemuRunException(describe() + " failed with exit status " + r.exitCode + ": " + lastLines(r.stderr + r.stdout, 6));
        }
        return r.stdout;
    }

    /** Runs and returns the result whatever the exit status. */
    public Result run() {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            StreamCollector out = new StreamCollector(p.getInputStream());
            StreamCollector err = new StreamCollector(p.getErrorStream());
            out.start();
            err.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new QemuRunException(describe() + " did not finish within " + timeoutSeconds + " s");
            }
            out.join();
            err.join();
            return new Result(p.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            throw new QemuRunException("cannot run " + argv.get(0) + ": " + e.getMessage()
                    + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuRunException(describe() + " was interrupted", e);
        }
    }

    private String describe() {
        String joined = String.join(" ", argv);
        return "'" + (joined.length() > 160 ? joined.substring(0, 160) + "..." : joined) + "'";
    }

    public static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        List<String> tail = new ArrayList<>();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            tail.add(lines[i].strip());
        }
        return String.join(" | ", tail);
    }

    /** Exit status and both output streams of a finished program. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private static final class StreamCollector extends Thread {
        private final InputStream in;
        private byte[] bytes = new byte[0];

        StreamCollector(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                bytes = in.readAllBytes();
            } catch (IOException ignored) {
                // the process died; what was read is all there is
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
