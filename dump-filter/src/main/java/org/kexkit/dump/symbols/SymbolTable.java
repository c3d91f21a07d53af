package org.kexkit.dump.symbols;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Names and addresses of many symbols (a kernel has 100,000 to 200,000) held compactly: the names
 * back to back in one byte array and an open-addressing hash index, about 30 bytes a symbol where
 * a HashMap of Strings would take over 100, which a capture kernel's small heap notices. The first
 * of several symbols of one name wins (kallsyms and System.map list local symbols of the same name
 * once per object file).
 */
final class SymbolTable {
    private byte[] names = new byte[1 << 16];
    private int[] nameStart = new int[1024];
    private long[] addresses = new long[1024];
    private int count;
    private int used;
    private int[] index;

    /** Adds a symbol; call {@link #seal()} before looking names up. */
    void add(byte[] name, int from, int length, long address) {
        if (used + length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, used + length));
        }
        if (count + 1 >= nameStart.length) {
            nameStart = Arrays.copyOf(nameStart, nameStart.length * 2);
            addresses = Arrays.copyOf(addresses, addresses.length * 2);
        }
        System.arraycopy(name, from, names, used, length);
        nameStart[count] = used;
        addresses[count] = address;
        used += length;
        count++;
        nameStart[count] = used;
    }

    void add(String name, long address) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        add(b, 0, b.length, address);
    }

    /** Builds the index and trims the arrays. */
    SymbolTable seal() {
        names = Arrays.copyOf(names, used);
        nameStart = Arrays.copyOf(nameStart, count + 1);
        addresses = Arrays.copyOf(addresses, count);
        int size = Integer.highestOneBit(Math.max(16, count * 2)) << 1;
        index = new int[size];
        Arrays.fill(index, -1);
        for (int i = 0; i < count; i++) {
            int slot = hash(names, nameStart[i], nameStart[i + 1] - nameStart[i]) & (size - 1);
            boolean seen = false;
            while (index[slot] >= 0) {
                if (same(index[slot], names, nameStart[i], nameStart[i + 1] - nameStart[i])) {
                    seen = true;
                    break;
                }
                slot = (slot + 1) & (size - 1);
            }
            if (!seen) {
                index[slot] = i;
            }
        }
        return this;
    }

    /** Replaces every address by {@code f} of it (a table first filled with indexes, then given addresses). */
    void mapAddresses(java.util.function.LongUnaryOperator f) {
        for (int i = 0; i < count; i++) {
            addresses[i] = f.applyAsLong(addresses[i]);
        }
    }

    int size() {
        return count;
    }

    OptionalLong address(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        int slot = hash(b, 0, b.length) & (index.length - 1);
        while (index[slot] >= 0) {
            if (same(index[slot], b, 0, b.length)) {
                return OptionalLong.of(addresses[index[slot]]);
            }
            slot = (slot + 1) & (index.length - 1);
        }
        return OptionalLong.empty();
    }

    private boolean same(int i, byte[] b, int from, int length) {
        int s = nameStart[i];
        return nameStart[i + 1] - s == length && Arrays.equals(names, s, s + length, b, from, from + length);
    }

    private static int hash(byte[] b, int from, int length) {
        int h = 0x811c9dc5;
        for (int i = from; i < from + length; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
