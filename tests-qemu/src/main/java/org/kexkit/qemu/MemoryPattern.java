package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fill for a window of guest physical memory, keyed by address: the little-endian 64-bit word at
 * physical address a is a/8 mixed with a seed (multiplied by the golden-ratio constant and xored).
 * Any 8-aligned piece of the window can then be checked on its own, wherever it ended up, and a
 * piece that moved, or came from another run, does not match.
 */
public record MemoryPattern(long seed, long base, int length) {
    public MemoryPattern {
        if (base % 8 != 0 || length % 8 != 0) {
            throw new IllegalArgumentException("pattern window 0x" + Long.toHexString(base) + "+" + length + " is not 8-aligned");
        }
    }

    public long end() {
        return base + length;
    }

    /** Whether [address, address + size) lies inside the window. */
    public boolean covers(long address, long size) {
        return address >= base && address + size <= end();
    }

    /** What the pattern puts at [address, address + size); both 8-aligned. */
    public byte[] at(long address, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (long a = address; a < address + size; a += 8) {
            b.putLong(seed ^ ((a >>> 3) * 0x9E3779B97F4A7C15L));
        }
        return b.array();
    }

    /** The whole window, as a file for QEMU's generic loader device. */
    public Path write(Path file) {
        try {
            Files.write(file, at(base, length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The offset of the first byte of {@code actual}, read at {@code address}, that differs from the pattern, or -1. */
    public int firstDifference(long address, byte[] actual) {
        return java.util.Arrays.mismatch(at(address, actual.length), actual);
    }
}
