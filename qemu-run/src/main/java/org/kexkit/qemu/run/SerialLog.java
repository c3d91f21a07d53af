package org.kexkit.qemu.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The guest's serial console, line by line, each line stamped with host time since QEMU started,
 * kept in memory for the checks and written to a log file for people.
 */
public final class SerialLog {
    /** One console line and when the host saw it. */
    public record Line(double seconds, String text) {}

    private final List<Line> lines = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Path path;
    private final BufferedWriter file;
    private final boolean echo;
    /** The console's input (QEMU's stdin), while QEMU runs. */
    private OutputStream input;

    public SerialLog(Path logFile, boolean echo) {
        try {
            this.file = Files.newBufferedWriter(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.path = logFile;
        this.echo = echo;
    }

    /** Where the stamped lines are written. */
    public Path file() {
        return path;
    }

    /** Reads the stream to its end on a daemon thread. */
    public Thread follow(InputStream in) {
        Thread t = new Thread(() -> {
            StringBuilder cur = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    for (char c : s.toCharArray()) {
                        if (c == '\n') {
                            add(cur.toString());
                            cur.setLength(0);
                        } else if (c != '\r') {
                            cur.append(c);
                        }
                    }
                }
            } catch (IOException ignored) {
                // QEMU went away; keep what was read
            }
            if (cur.length() > 0) {
                add(cur.toString());
            }
            close();
        }, "serial-log");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private synchronized void add(String text) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        lines.add(new Line(s, text));
        String stamped = String.format("[host %8.3f] %s", s, text);
        try {
            file.write(stamped);
            file.newLine();
            file.flush();
        } catch (IOException ignored) {
            // the log file is a convenience; the in-memory lines are what checks use
        }
        if (echo) {
            System.out.println(stamped);
        }
    }

    /** Connects the console's input; null when QEMU has gone. */
    synchronized void attachInput(OutputStream in) {
        this.input = in;
    }

    /**
     * Types one line on the guest's console, which a guest script waiting with {@code read} takes:
     * how the host tells the guest that it did what the guest waits for (a memory dump, say).
     */
    public synchronized void send(String line) {
        if (input == null) {
            throw new QemuRunException("cannot answer the guest: QEMU is not running (console log: " + path + ")");
        }
        try {
            input.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            input.flush();
        } catch (IOException e) {
            throw new QemuRunException("cannot answer the guest on its console: " + e.getMessage(), e);
        }
    }

    private synchronized void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing more to write
        }
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The n-th (0-based) line containing {@code needle}. */
    public synchronized Optional<Line> find(String needle, int nth) {
        return lines.stream().filter(l -> l.text().contains(needle)).skip(nth).findFirst();
    }

    public synchronized Optional<Line> find(Predicate<String> p) {
        return lines.stream().filter(l -> p.test(l.text())).findFirst();
    }

    public synchronized String tail(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.size() - n); i < lines.size(); i++) {
            sb.append(lines.get(i).text()).append('\n');
        }
        return sb.toString();
    }
}
