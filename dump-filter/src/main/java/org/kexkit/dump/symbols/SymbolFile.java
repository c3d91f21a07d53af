package org.kexkit.dump.symbols;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * A symbol file for kernels whose VMCOREINFO carries no kallsyms: a /proc/kallsyms snapshot taken
 * as root at load time (run-time addresses, module symbols with a "[module]" column) or the kernel
 * package's System.map (link-time addresses). Lines are {@code ADDRESS TYPE NAME [MODULE]}. Which
 * of the two it is comes from comparing its _stext with VMCOREINFO's SYMBOL(_stext): equal, or
 * equal once KERNELOFFSET (the KASLR slide) is added, which is then added to every symbol of the
 * kernel image (from __START_KERNEL_map up; per-cpu offsets and absolute symbols below it do not
 * move). Any other difference means another kernel build and is refused.
 */
public final class SymbolFile implements SymbolSource {
    /** Larger than any symbol file; a bigger file is not one. */
    private static final long MAX_BYTES = 256L << 20;

    private final String name;
    private final long shift;
    private final SymbolTable kernel;
    private final Map<String, SymbolTable> modules;

    private SymbolFile(String name, long shift, SymbolTable kernel, Map<String, SymbolTable> modules) {
        this.name = name;
        this.shift = shift;
        this.kernel = kernel;
        this.modules = modules;
    }

    /** Reads {@code file} and checks it against the dump's VMCOREINFO. */
    public static SymbolFile read(Path file, VmcoreInfo info) throws IOException, FormatException {
        String name = file.toString();
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new FormatException(name, 0, size + " bytes is no symbol file (System.map or /proc/kallsyms)");
        }
        return parse(Files.readAllBytes(file), name, info);
    }

    static SymbolFile parse(byte[] text, String name, VmcoreInfo info) throws FormatException {
        SymbolTable kernel = new SymbolTable();
        Map<String, SymbolTable> modules = new HashMap<>();
        long fileStext = 0;
        boolean hasStext = false; // kernel addresses are negative as longs: no sentinel value
        boolean anyNonZero = false;
        int line = 0;
        for (int at = 0; at < text.length; ) {
            int end = at;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            line++;
            int p = skipSpace(text, at, end);
            if (p < end) {
                int addrEnd = word(text, p, end);
                long address = hex(text, p, addrEnd, name, at, line);
                int typeAt = skipSpace(text, addrEnd, end);
                int typeEnd = word(text, typeAt, end);
                int nameAt = skipSpace(text, typeEnd, end);
                int nameEnd = word(text, nameAt, end);
                if (typeEnd - typeAt != 1 || nameEnd == nameAt) {
                    throw new FormatException(name, at, "line " + line + ": expected ADDRESS TYPE NAME [MODULE] (System.map"
                            + " or /proc/kallsyms)");
                }
                int modAt = skipSpace(text, nameEnd, end);
                if (modAt < end && text[modAt] == '[') {
                    int close = modAt;
                    while (close < end && text[close] != ']') {
                        close++;
                    }
                    String module = new String(text, modAt + 1, close - modAt - 1, StandardCharsets.ISO_8859_1);
                    modules.computeIfAbsent(module, m -> new SymbolTable()).add(text, nameAt, nameEnd - nameAt, address);
                } else {
                    kernel.add(text, nameAt, nameEnd - nameAt, address);
                    if (!hasStext && nameEnd - nameAt == 6
                            && new String(text, nameAt, 6, StandardCharsets.ISO_8859_1).equals("_stext")) {
                        fileStext = address;
                        hasStext = true;
                    }
                }
                anyNonZero |= address != 0;
            }
            at = end + 1;
        }
        if (kernel.size() == 0) {
            throw new FormatException(name, 0, "no symbols (expected System.map or a /proc/kallsyms snapshot)");
        }
        if (!anyNonZero) {
            throw new FormatException(name, 0, "every address is 0: /proc/kallsyms hides addresses unless read as root");
        }
        if (!hasStext) {
            throw new FormatException(name, 0, "no _stext, so it cannot be matched to the vmcore's kernel");
        }
        long stext = info.symbol("_stext").orElseThrow(() -> new FormatException(name, 0,
                "the vmcore's VMCOREINFO has no SYMBOL(_stext) to match the symbol file against"));
        long slide = info.kernelOffset().orElse(0);
        long shift;
        if (fileStext == stext) {
            shift = 0;
        } else if (fileStext + slide == stext) {
            shift = slide;
        } else {
            throw new FormatException(name, 0, String.format("_stext is 0x%x here but 0x%x in the vmcore (KERNELOFFSET"
                    + " 0x%x): this file is of another kernel build", fileStext, stext, slide));
        }
        if (shift != 0) {
            kernel.mapAddresses(a -> Long.compareUnsigned(a, KernelAddressSpace.START_KERNEL_MAP) >= 0 ? a + shift : a);
        }
        kernel.seal();
        modules.values().forEach(SymbolTable::seal);
        return new SymbolFile(name, shift, kernel, modules);
    }

    /** The slide added to the file's kernel-image addresses: 0 for a /proc/kallsyms snapshot, KERNELOFFSET for System.map. */
    public long shift() {
        return shift;
    }

    @Override
    public String describe() {
        return name + (shift != 0 ? String.format(" (shifted by KERNELOFFSET 0x%x)", shift) : "");
    }

    @Override
    public OptionalLong address(String symbol) {
        return kernel.address(symbol);
    }

    /** A module's symbol, from a /proc/kallsyms snapshot's "[module]" lines. */
    public OptionalLong moduleAddress(String module, String symbol) {
        SymbolTable t = modules.get(module);
        return t == null ? OptionalLong.empty() : t.address(symbol);
    }

    private static int skipSpace(byte[] t, int p, int end) {
        while (p < end && (t[p] == ' ' || t[p] == '\t' || t[p] == '\r')) {
            p++;
        }
        return p;
    }

    private static int word(byte[] t, int p, int end) {
        while (p < end && t[p] != ' ' && t[p] != '\t' && t[p] != '\r') {
            p++;
        }
        return p;
    }

    private static long hex(byte[] t, int from, int to, String name, int lineAt, int line) throws FormatException {
        if (to - from < 1 || to - from > 16) {
            throw new FormatException(name, lineAt, "line " + line + ": expected a hexadecimal address");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(t[i], 16);
            if (d < 0) {
                throw new FormatException(name, lineAt, "line " + line + ": expected a hexadecimal address");
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
