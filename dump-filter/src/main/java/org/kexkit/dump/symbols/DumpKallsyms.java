package org.kexkit.dump.symbols;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.EntryKind;

/**
 * The kernel's own symbol table decoded from the dump (kernel/kallsyms.c), found through the
 * SYMBOL(kallsyms_*) lines VMCOREINFO carries since Linux 6.0: kallsyms_num_syms (u32),
 * kallsyms_names (per symbol a length, one byte or, since 6.1, two when the first has bit 7 set,
 * then that many token numbers), kallsyms_token_index (256 u16 offsets into kallsyms_token_table,
 * whose tokens are NUL-terminated; the first character decoded is the nm type) and
 * kallsyms_offsets (s32 each). An offset becomes an address by whichever of the kernel's three
 * formulas gives SYMBOL(_stext) for _stext: absolute-percpu (v &gt;= 0 ? v : relative_base - 1 - v),
 * relative (relative_base + (u32) v) or place-relative (&amp;kallsyms_offsets[i] + v).
 */
public final class DumpKallsyms implements SymbolSource {
    /** The names and their table end are read this much at a time. */
    private static final int CHUNK = 64 << 10;
    /** More symbols than any kernel has: a larger kallsyms_num_syms is garbage. */
    private static final long MAX_SYMBOLS = 1 << 22;

    /** How offsets became addresses, for messages and tests. */
    public enum Formula { ABSOLUTE_PERCPU, RELATIVE, PLACE_RELATIVE }

    private final SymbolTable table;
    private final Formula formula;

    private DumpKallsyms(SymbolTable table, Formula formula) {
        this.table = table;
        this.formula = formula;
    }

    /** Empty when VMCOREINFO has no kallsyms lines (kernels before 6.0, or built without CONFIG_KALLSYMS). */
    public static Optional<DumpKallsyms> read(KernelAddressSpace space, VmcoreInfoLocation where)
            throws IOException, FormatException {
        var info = where.info();
        if (info.symbol("kallsyms_names").isEmpty()) {
            return Optional.empty();
        }
        long namesAt = where.require(EntryKind.SYMBOL, "kallsyms_names");
        long numAt = where.require(EntryKind.SYMBOL, "kallsyms_num_syms");
        long tokenTableAt = where.require(EntryKind.SYMBOL, "kallsyms_token_table");
        long tokenIndexAt = where.require(EntryKind.SYMBOL, "kallsyms_token_index");
        long offsetsAt = where.require(EntryKind.SYMBOL, "kallsyms_offsets");
        long stext = where.require(EntryKind.SYMBOL, "_stext");
        OptionalLong baseAt = info.symbol("kallsyms_relative_base");

        long num = LittleEndian.u32(read(space, where, "kallsyms_num_syms", numAt, 4), 0) & 0xffffffffL;
        if (num == 0 || num > MAX_SYMBOLS) {
            throw where.error("SYMBOL(kallsyms_num_syms)", "the vmcore holds " + num + " there, no plausible symbol count");
        }
        byte[] tokenIndex = read(space, where, "kallsyms_token_index", tokenIndexAt, 512);
        int tokenEnd = 0;
        for (int t = 0; t < 256; t++) {
            tokenEnd = Math.max(tokenEnd, LittleEndian.u16(tokenIndex, 2 * t));
        }
        byte[] tokenTable = read(space, where, "kallsyms_token_table", tokenTableAt, tokenEnd + 256);
        int[] tokenStart = new int[256];
        int[] tokenLength = new int[256];
        for (int t = 0; t < 256; t++) {
            int s = LittleEndian.u16(tokenIndex, 2 * t);
            int e = s;
            while (e < tokenTable.length && tokenTable[e] != 0) {
                e++;
            }
            if (e == tokenTable.length) {
                throw where.error("SYMBOL(kallsyms_token_table)", "token " + t + " has no NUL");
            }
            tokenStart[t] = s;
            tokenLength[t] = e - s;
        }
        byte[] offsets = read(space, where, "kallsyms_offsets", offsetsAt, Math.toIntExact(4 * num));
        long base = baseAt.isPresent()
                ? LittleEndian.u64(read(space, where, "kallsyms_relative_base", baseAt.getAsLong(), 8), 0) : 0;

        Names names = new Names(space, where, namesAt);
        byte[] name = new byte[1024];
        int[] values = new int[(int) num];
        SymbolTable decoded = new SymbolTable();
        int stextIndex = -1;
        long at = 0;
        for (int i = 0; i < num; i++) {
            int len = names.u8(at++);
            if ((len & 0x80) != 0) {
                int second = names.u8(at++);
                len = (len & 0x7f) | (second << 7);
            }
            int n = 0;
            for (int k = 0; k < len; k++) {
                int token = names.u8(at++);
                if (n + tokenLength[token] > name.length) {
                    name = java.util.Arrays.copyOf(name, 2 * (n + tokenLength[token]));
                }
                System.arraycopy(tokenTable, tokenStart[token], name, n, tokenLength[token]);
                n += tokenLength[token];
            }
            values[i] = LittleEndian.u32(offsets, 4 * i);
            if (n > 1) {
                decoded.add(name, 1, n - 1, i); // the first character is the nm type; the address comes later
                if (stextIndex < 0 && n == 7 && new String(name, 1, 6, java.nio.charset.StandardCharsets.ISO_8859_1).equals("_stext")) {
                    stextIndex = i;
                }
            }
        }
        if (stextIndex < 0) {
            throw where.error("SYMBOL(kallsyms_names)", "the decoded kallsyms have no _stext");
        }
        Formula formula = null;
        for (Formula f : Formula.values()) {
            if ((f != Formula.PLACE_RELATIVE && baseAt.isEmpty()) || address(f, values[stextIndex], stextIndex, base,
                    offsetsAt) != stext) {
                continue;
            }
            formula = f;
            break;
        }
        if (formula == null) {
            throw where.error("SYMBOL(kallsyms_offsets)", "no kallsyms address formula gives _stext at 0x"
                    + Long.toHexString(stext) + " (absolute-percpu, relative, place-relative)");
        }
        decoded.seal();
        Formula chosen = formula;
        decoded.mapAddresses(i -> address(chosen, values[(int) i], (int) i, base, offsetsAt));
        return Optional.of(new DumpKallsyms(decoded, formula));
    }

    static long address(Formula f, int value, int index, long base, long offsetsAt) {
        return switch (f) {
            case ABSOLUTE_PERCPU -> value >= 0 ? value : base - 1 - value;
            case RELATIVE -> base + (value & 0xffffffffL);
            case PLACE_RELATIVE -> offsetsAt + 4L * index + value;
        };
    }

    public Formula formula() {
        return formula;
    }

    /** How many symbols were decoded. */
    public int size() {
        return table.size();
    }

    @Override
    public String describe() {
        return "kallsyms in the vmcore";
    }

    @Override
    public OptionalLong address(String name) {
        return table.address(name);
    }

    private static byte[] read(KernelAddressSpace space, VmcoreInfoLocation where, String symbol, long vaddr, int length)
            throws IOException, FormatException {
        byte[] b = new byte[length];
        if (!space.read(vaddr, b, 0, length)) {
            throw where.error("SYMBOL(" + symbol + ")", length + " bytes at 0x" + Long.toHexString(vaddr)
                    + " are not in the vmcore");
        }
        return b;
    }

    /** kallsyms_names, read a chunk at a time: its length is only known once every name is decoded. */
    private static final class Names {
        private final KernelAddressSpace space;
        private final VmcoreInfoLocation where;
        private final long start;
        private final byte[] chunk = new byte[CHUNK];
        private long chunkAt = -1;
        private int valid;

        Names(KernelAddressSpace space, VmcoreInfoLocation where, long start) {
            this.space = space;
            this.where = where;
            this.start = start;
        }

        int u8(long at) throws IOException, FormatException {
            if (chunkAt < 0 || at < chunkAt || at >= chunkAt + valid) {
                chunkAt = at;
                valid = CHUNK;
                if (!space.read(start + at, chunk, 0, CHUNK)) {
                    // the chunk may reach past the table into a page the vmcore lacks: take what there is
                    valid = 0;
                    while (valid < CHUNK && space.read(start + at + valid, chunk, valid, 1)) {
                        valid++;
                    }
                    if (valid == 0) {
                        throw where.error("SYMBOL(kallsyms_names)", "byte " + at + " of the names at 0x"
                                + Long.toHexString(start) + " is not in the vmcore");
                    }
                }
            }
            return chunk[(int) (at - chunkAt)] & 0xff;
        }
    }
}
