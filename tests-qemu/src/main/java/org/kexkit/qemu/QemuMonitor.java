package org.kexkit.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.kexkit.qemu.run.QemuRunException;

/**
 * QEMU's human monitor on a unix socket ({@code -monitor unix:PATH,server=on,wait=off}): one command
 * at a time, answered when the next "(qemu)" prompt comes. Used to dump the guest's physical memory
 * (dump-guest-memory, which pauses the guest while it writes an ELF file).
 */
public final class QemuMonitor {
    private QemuMonitor() {}

    public static String[] arguments(Path socket) {
        return new String[] {"-monitor", "unix:" + socket + ",server=on,wait=off"};
    }

    /** Runs one command and returns what the monitor printed for it. */
    public static String command(Path socket, String command, long timeoutSeconds) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            StringBuilder seen = new StringBuilder();
            readUntilPrompt(channel, seen, 1, deadline);
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            int before = seen.length();
            readUntilPrompt(channel, seen, 2, deadline);
            return seen.substring(before);
        } catch (IOException e) {
            throw new QemuRunException("QEMU monitor " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void readUntilPrompt(SocketChannel channel, StringBuilder seen, int prompts, long deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (count(seen, "(qemu)") < prompts) {
            if (System.nanoTime() > deadline) {
                throw new QemuRunException("QEMU monitor did not answer in time; it printed: " + seen);
            }
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new QemuRunException("QEMU monitor closed; it printed: " + seen);
            }
            seen.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
        }
    }

    private static int count(StringBuilder text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
