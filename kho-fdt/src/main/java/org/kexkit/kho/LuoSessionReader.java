package org.kexkit.kho;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;

/**
 * Decodes what struct luo_ser's sessions_pa points at, from the old kernel's memory: the chain of
 * serialization blocks of struct luo_session_ser, each session's block chain of struct
 * luo_file_ser, and for memfd-v2 files struct memfd_luo_ser with its folio array (a kho_vmalloc).
 * Checks as kho_block_set_restore() does: a block's count is 1..entries per block, no cycles, at
 * most KHO_MAX_BLOCKS blocks.
 */
public final class LuoSessionReader {
    private static final String SOURCE = "physical memory";

    private final PhysicalMemory memory;

    public LuoSessionReader(PhysicalMemory memory) {
        this.memory = memory;
    }

    public List<LuoSession> sessions(long sessionsPa) throws FormatException, IOException {
        List<LuoSession> sessions = new ArrayList<>();
        for (ByteCursor c : entries(sessionsPa, LuoAbi.SESSION_SER_SIZE)) {
            String name = string(c, LuoAbi.SESSION_NAME_LENGTH, "session name");
            long files = c.u64();
            long count = c.u64();
            List<LuoSession.LuoFile> list = new ArrayList<>();
            for (ByteCursor f : entries(files, LuoAbi.FILE_SER_SIZE)) {
                list.add(file(f));
            }
            if (list.size() != count) {
                throw new FormatException(SOURCE, c.absolute() - 8, "session " + name + " records " + count + " files, its blocks hold " + list.size());
            }
            sessions.add(new LuoSession(name, files, count, list));
        }
        return sessions;
    }

    private LuoSession.LuoFile file(ByteCursor c) throws FormatException, IOException {
        String compatible = string(c, LuoAbi.FILE_COMPATIBLE_LENGTH, "file handler compatible");
        long data = c.u64();
        long token = c.u64();
        LuoSession.Memfd memfd = compatible.equals(KhoAbi.MEMFD_COMPATIBLE) ? memfd(data) : null;
        return new LuoSession.LuoFile(compatible, data, token, memfd);
    }

    /** struct memfd_luo_ser at {@code pa} and its folios. */
    public LuoSession.Memfd memfd(long pa) throws FormatException, IOException {
        ByteCursor c = ByteCursor.of(memory.read(pa, LuoAbi.MEMFD_SER_SIZE), SOURCE, pa);
        long pos = c.u64();
        long size = c.u64();
        long seals = c.u32();
        long flags = c.u32();
        long nrFolios = c.u64();
        long firstChunk = c.u64();
        long totalPages = c.u32();
        c.u16(); // kho_vmalloc flags
        int order = c.u16();
        byte[] array = vmalloc(firstChunk, totalPages, order, pa + 24);
        if (nrFolios * LuoAbi.MEMFD_FOLIO_SER_SIZE > array.length) {
            throw new FormatException(SOURCE, pa + 24, nrFolios + " folios do not fit the " + array.length + "-byte folio array");
        }
        ByteCursor a = ByteCursor.of(array, SOURCE + " (memfd folio array)", 0);
        List<LuoSession.Folio> folios = new ArrayList<>();
        for (long i = 0; i < nrFolios; i++) {
            long word = a.u64();
            folios.add(new LuoSession.Folio(word & ((1L << 52) - 1), (int) (word >>> 52), a.u64()));
        }
        return new LuoSession.Memfd(pos, size, seals, flags, nrFolios, folios);
    }

    /** The pages a kho_vmalloc lists, concatenated: chunks of u64 next; u64 phys[511]. */
    private byte[] vmalloc(long firstChunk, long totalPages, int order, long where) throws FormatException, IOException {
        int pageBytes = LuoAbi.BLOCK_SIZE << order;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Set<Long> seen = new HashSet<>();
        long pages = 0;
        for (long chunk = firstChunk; chunk != 0 && pages < totalPages; ) {
            if (!seen.add(chunk) || seen.size() > LuoAbi.MAX_BLOCKS) {
                throw new FormatException(SOURCE, where, "kho_vmalloc chunk list loops at 0x" + Long.toHexString(chunk));
            }
            ByteCursor c = ByteCursor.of(memory.read(chunk, LuoAbi.BLOCK_SIZE), SOURCE, chunk);
            long next = c.u64();
            for (int i = 0; i < LuoAbi.VMALLOC_CHUNK_ENTRIES && pages < totalPages; i++) {
                long phys = c.u64();
                if (phys == 0) {
                    break;
                }
                out.writeBytes(memory.read(phys, pageBytes));
                pages++;
            }
            chunk = next;
        }
        if (pages != totalPages) {
            throw new FormatException(SOURCE, where, "kho_vmalloc lists " + pages + " of its " + totalPages + " pages");
        }
        return out.toByteArray();
    }

    /** The entries of a kho_block chain starting at {@code headPa}, each as its own cursor. */
    List<ByteCursor> entries(long headPa, int entrySize) throws FormatException, IOException {
        int perBlock = LuoAbi.entriesPerBlock(entrySize);
        List<ByteCursor> entries = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long block = headPa; block != 0; ) {
            ByteCursor c = ByteCursor.of(memory.read(block, LuoAbi.BLOCK_SIZE), SOURCE, block);
            if (!seen.add(block)) {
                throw new FormatException(SOURCE, block, "kho_block chain loops back to this block");
            }
            if (seen.size() > LuoAbi.MAX_BLOCKS) {
                throw new FormatException(SOURCE, block, "kho_block chain is longer than KHO_MAX_BLOCKS (" + LuoAbi.MAX_BLOCKS + ")");
            }
            long next = c.u64();
            long count = c.u64();
            if (count == 0 || count > perBlock) {
                throw new FormatException(SOURCE, block + 8, "block entry count " + count + " is not 1.." + perBlock);
            }
            for (int i = 0; i < count; i++) {
                entries.add(c.slice(entrySize));
            }
            block = next;
        }
        return entries;
    }

    private static String string(ByteCursor c, int length, String what) throws FormatException {
        long at = c.absolute();
        byte[] field = c.bytes(length);
        int end = 0;
        while (end < field.length && field[end] != 0) {
            end++;
        }
        if (end == field.length) {
            throw new FormatException(SOURCE, at, what + " has no NUL in its " + length + " bytes");
        }
        return new String(field, 0, end, StandardCharsets.UTF_8);
    }
}
