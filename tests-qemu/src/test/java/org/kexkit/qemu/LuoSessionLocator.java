package org.kexkit.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.LuoAbi;
import org.kexkit.kho.LuoSession;
import org.kexkit.qemu.run.QemuRunException;

/**
 * Finds a LUO session's first serialization block in a memory dump of the kernel that received it.
 * Its address (struct luo_ser's sessions_pa) is gone by then: LUO frees the luo_ser page early in
 * boot. The block is a page starting with struct kho_block_header_ser {next, count} followed by
 * struct luo_session_ser, whose name kexkit chose, so a page-by-page search finds it.
 */
final class LuoSessionLocator {
    private static final int PAGE = 4096;
    private static final int WINDOW = 2 << 20;

    private LuoSessionLocator() {}

    /** The physical address of the block holding session {@code name} first, if any page looks like one. */
    public static Optional<Long> find(PhysicalMemory dump, String name, long memoryBytes) throws IOException {
        byte[] wanted = java.util.Arrays.copyOf(name.getBytes(StandardCharsets.UTF_8), name.length() + 1);
        int perBlock = LuoAbi.entriesPerBlock(LuoAbi.SESSION_SER_SIZE);
        byte[] window = new byte[WINDOW];
        for (long base = 0; base < memoryBytes; base += WINDOW) {
            if (!dump.read(base, window, 0, WINDOW)) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(window).order(ByteOrder.LITTLE_ENDIAN);
            for (int page = 0; page < WINDOW; page += PAGE) {
                long next = b.getLong(page);
                long count = b.getLong(page + 8);
                if (count < 1 || count > perBlock || next % PAGE != 0 || next >= memoryBytes) {
                    continue;
                }
                if (java.util.Arrays.equals(window, page + 16, page + 16 + wanted.length, wanted, 0, wanted.length)) {
                    return Optional.of(base + page);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every page the decoded sessions were read from, keyed by address: the blocks, the memfd
     * states, their folio arrays and chunks, and the data pages of files no larger than
     * {@code smallFile} bytes. What a fixture needs to decode the sessions again without the dump.
     */
    public static TreeMap<Long, byte[]> pages(PhysicalMemory memory, long sessionsPa, List<LuoSession> sessions, long smallFile)
            throws IOException {
        java.util.Set<Long> addresses = new java.util.TreeSet<>();
        PhysicalMemory recording = new PhysicalMemory() {
            @Override
            public boolean read(long address, byte[] dst, int at, int length) throws IOException {
                for (long p = address & ~(PAGE - 1L); p < address + length; p += PAGE) {
                    addresses.add(p);
                }
                return memory.read(address, dst, at, length);
            }

            @Override
            public String name() {
                return memory.name();
            }
        };
        try {
            new org.kexkit.kho.LuoSessionReader(recording).sessions(sessionsPa);
        } catch (org.kexkit.bin.FormatException e) {
            throw new QemuRunException("the dumped LUO sessions no longer decode: " + e.getMessage(), e);
        }
        for (LuoSession s : sessions) {
            for (LuoSession.LuoFile f : s.files()) {
                if (f.memfd() != null && f.memfd().size() <= smallFile) {
                    f.memfd().folios().forEach(folio -> addresses.add(folio.physicalAddress()));
                }
            }
        }
        TreeMap<Long, byte[]> out = new TreeMap<>();
        for (long a : new ArrayList<>(addresses)) {
            out.put(a, memory.read(a, PAGE));
        }
        return out;
    }
}
