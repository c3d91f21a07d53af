package org.kexkit.dump.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;
import org.kexkit.btf.Btf;
import org.kexkit.btf.BtfType;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.SourcePhysicalMemory;
import org.kexkit.dump.source.VmcoreSource;

/**
 * The crashed kernel as rules and extensions see it: its memory through kernel virtual addresses,
 * its symbols (the stacked sources of {@link KernelSymbols}) and its types (BTF from the dump
 * between __start_BTF and __stop_BTF, else from a BTF file, else from a vmlinux's .BTF), and, when
 * asked for, a loaded module's symbols and BTF. What needs the kernel's BTF is read on first use.
 * Not thread-safe.
 */
public final class KernelView implements AutoCloseable {
    /** A kernel's BTF is about 5 MB; a range much larger is garbage. */
    private static final long MAX_BTF = 64L << 20;
    /** struct module.name: char[MODULE_NAME_LEN], 64 - sizeof(unsigned long) (include/linux/module.h). */
    private static final int MODULE_NAME_LEN = 56;
    /** More modules than any kernel loads: a longer list is a loop. */
    private static final int MAX_MODULES = 65536;
    /** Elf64_Sym: st_name u32 at 0, st_value u64 at 8, 24 bytes (gABI). */
    private static final int SYM_SIZE = 24;

    private final VmcoreSource source;
    private final SourcePhysicalMemory memory;
    private final KernelAddressSpace space;
    private final VmcoreInfoLocation where;
    private final KernelSymbols symbols;
    private final SymbolFiles files;
    private final Optional<VmlinuxFile> vmlinux;
    private final Optional<SymbolFile> symbolFile;
    private Btf btf;
    private String btfOrigin;
    private final List<String> notes = new ArrayList<>();
    private Map<String, Long> modules;
    private final Map<String, Optional<Btf>> moduleBtf = new HashMap<>();
    private long[] perCpuOffsets;

    private KernelView(VmcoreSource source, SourcePhysicalMemory memory, KernelAddressSpace space, VmcoreInfoLocation where,
            KernelSymbols symbols, SymbolFiles files, Optional<VmlinuxFile> vmlinux, Optional<SymbolFile> symbolFile) {
        this.source = source;
        this.memory = memory;
        this.space = space;
        this.where = where;
        this.symbols = symbols;
        this.files = files;
        this.vmlinux = vmlinux;
        this.symbolFile = symbolFile;
    }

    /** Opens the view of {@code source}: its address space and the symbol stack (kallsyms are decoded now). */
    public static KernelView open(VmcoreSource source, SymbolFiles files) throws IOException, FormatException, DumpException {
        VmcoreInfoLocation where = source.vmcoreInfoLocation().orElseThrow(() -> new SymbolException(source.name()
                + ": no VMCOREINFO note, so no kernel symbol can be found"));
        SourcePhysicalMemory memory = new SourcePhysicalMemory(source);
        try {
            KernelAddressSpace space = KernelMemoryModel.addressSpace(memory, source.directMapBase(), where);
            return open(source, memory, space, where, files);
        } catch (IOException | FormatException | RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** The same over an address space the caller made (tests). */
    static KernelView open(VmcoreSource source, SourcePhysicalMemory memory, KernelAddressSpace space,
            VmcoreInfoLocation where, SymbolFiles files) throws IOException, FormatException {
        List<SymbolSource> stack = new ArrayList<>();
        stack.add(new VmcoreInfoSymbols(where.info()));
        DumpKallsyms.read(space, where).ifPresent(stack::add);
        Optional<SymbolFile> symbolFile = Optional.empty();
        if (files.kallsyms().isPresent()) {
            symbolFile = Optional.of(SymbolFile.read(files.kallsyms().get(), where.info()));
            stack.add(symbolFile.get());
        }
        Optional<VmlinuxFile> vmlinux = Optional.empty();
        if (files.vmlinux().isPresent()) {
            vmlinux = Optional.of(VmlinuxFile.read(files.vmlinux().get(), where.info()));
            stack.add(vmlinux.get());
        }
        return new KernelView(source, memory, space, where, new KernelSymbols(stack), files, vmlinux, symbolFile);
    }

    public String name() {
        return source.name();
    }

    public VmcoreInfoLocation where() {
        return where;
    }

    public KernelAddressSpace space() {
        return space;
    }

    public KernelSymbols symbols() {
        return symbols;
    }

    public int pageSize() {
        return source.pageSize();
    }

    /** Lines worth telling the user (a BTF source that failed before another was used). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The address of a symbol of the kernel image, or empty. */
    public OptionalLong symbol(String name) throws IOException {
        return symbols.address(name);
    }

    /** The kernel's BTF: the dump's own first, then a BTF file, then the vmlinux's .BTF. */
    public Btf btf() throws IOException, SymbolException {
        if (btf != null) {
            return btf;
        }
        List<String> tried = new ArrayList<>();
        OptionalLong start = symbols.address("__start_BTF");
        OptionalLong stop = symbols.address("__stop_BTF");
        if (start.isPresent() && stop.isPresent()) {
            long length = stop.getAsLong() - start.getAsLong();
            String origin = String.format("%s: BTF at 0x%x", source.name(), start.getAsLong());
            byte[] data = length > 0 && length <= MAX_BTF ? new byte[(int) length] : null;
            if (data == null) {
                tried.add(origin + ": " + length + " bytes between __start_BTF and __stop_BTF");
            } else if (!space.read(start.getAsLong(), data, 0, data.length)) {
                tried.add(origin + ": not in the vmcore");
            } else {
                try {
                    return useBtf(Btf.read(data, origin), origin);
                } catch (FormatException e) {
                    tried.add(e.getMessage());
                }
            }
        } else {
            tried.add("no __start_BTF/__stop_BTF symbols (" + symbols.describe() + ")");
        }
        if (files.btf().isPresent()) {
            String origin = files.btf().get().toString();
            try {
                return useBtf(Btf.read(Files.readAllBytes(files.btf().get()), origin), origin, tried);
            } catch (FormatException e) {
                tried.add(e.getMessage());
            }
        }
        if (vmlinux.isPresent()) {
            try {
                Optional<Btf> b = vmlinux.get().btf();
                if (b.isPresent()) {
                    return useBtf(b.get(), b.get().source(), tried);
                }
                tried.add(vmlinux.get().describe() + ": no .BTF section");
            } catch (FormatException e) {
                tried.add(e.getMessage());
            }
        }
        throw new SymbolException("no BTF for the vmcore's kernel: " + String.join("; ", tried));
    }

    private Btf useBtf(Btf b, String origin, List<String> tried) {
        tried.forEach(t -> notes.add("BTF: " + t));
        return useBtf(b, origin);
    }

    private Btf useBtf(Btf b, String origin) {
        btf = b;
        btfOrigin = origin;
        return b;
    }

    /** Where the BTF in use came from. */
    public String btfOrigin() {
        return btfOrigin;
    }

    /** The member {@code member} of {@code struct name} in the kernel's BTF (anonymous members searched). */
    public Optional<BtfType.Member> member(String struct, String member) throws IOException, SymbolException, FormatException {
        Btf b = btf();
        var id = b.named("struct " + struct);
        if (id.isEmpty()) {
            id = b.named("union " + struct);
        }
        return id.isEmpty() ? Optional.empty() : b.member(id.getAsInt(), member);
    }

    /** The size of {@code struct name} (or union) in the kernel's BTF. */
    public OptionalLong structSize(String struct) throws IOException, SymbolException, FormatException {
        Btf b = btf();
        var id = b.named("struct " + struct);
        if (id.isEmpty()) {
            id = b.named("union " + struct);
        }
        return id.isEmpty() ? OptionalLong.empty() : OptionalLong.of(b.sizeOf(id.getAsInt()));
    }

    /** The byte offset of a member, which must exist and not be a bitfield. */
    public long offsetOf(String struct, String member) throws IOException, SymbolException, FormatException {
        BtfType.Member m = member(struct, member).orElseThrow(() -> new SymbolException(btfOrigin + ": struct " + struct
                + " has no member " + member));
        return m.bitOffset() / 8;
    }

    // ---- modules

    /** The names of the loaded modules and their struct module addresses, in list order. */
    public Map<String, Long> modules() throws IOException, SymbolException, FormatException {
        if (modules != null) {
            return modules;
        }
        Map<String, Long> found = new java.util.LinkedHashMap<>();
        OptionalLong head = symbols.address("modules");
        if (head.isEmpty()) {
            modules = found; // a kernel without modules
            return modules;
        }
        long list = offsetOf("module", "list");
        long name = offsetOf("module", "name");
        long node = readLong(head.getAsLong(), "modules.next");
        while (node != head.getAsLong()) {
            if (found.size() >= MAX_MODULES) {
                throw new SymbolException(source.name() + ": the modules list at 0x" + Long.toHexString(head.getAsLong())
                        + " does not come back to its head after " + MAX_MODULES + " entries");
            }
            long module = node - list;
            byte[] n = new byte[MODULE_NAME_LEN];
            if (!space.read(module + name, n, 0, n.length)) {
                throw new SymbolException(source.name() + ": struct module at 0x" + Long.toHexString(module)
                        + " is not in the vmcore");
            }
            int len = 0;
            while (len < n.length && n[len] != 0) {
                len++;
            }
            found.put(new String(n, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1), module);
            node = readLong(node, "module.list.next");
        }
        modules = found;
        return modules;
    }

    /** True when the dump's kernel has module {@code name} loaded. */
    public boolean moduleLoaded(String name) throws IOException, SymbolException, FormatException {
        return modules().containsKey(name);
    }

    /**
     * A module's symbol: from a /proc/kallsyms snapshot's [module] lines if one was given, else from the
     * module's own symbol table in the dump (struct module.core_kallsyms: symtab, num_symtab, strtab).
     */
    public OptionalLong moduleSymbol(String module, String name) throws IOException, SymbolException, FormatException {
        if (symbolFile.isPresent()) {
            OptionalLong a = symbolFile.get().moduleAddress(module, name);
            if (a.isPresent()) {
                return a;
            }
        }
        Long m = modules().get(module);
        if (m == null) {
            return OptionalLong.empty();
        }
        long kallsyms = m + offsetOf("module", "core_kallsyms");
        long symtab = readLong(kallsyms + offsetOf("mod_kallsyms", "symtab"), "mod_kallsyms.symtab");
        long strtab = readLong(kallsyms + offsetOf("mod_kallsyms", "strtab"), "mod_kallsyms.strtab");
        byte[] nb = new byte[4];
        if (!space.read(kallsyms + offsetOf("mod_kallsyms", "num_symtab"), nb, 0, 4)) {
            throw new SymbolException(source.name() + ": module " + module + "'s mod_kallsyms is not in the vmcore");
        }
        long count = LittleEndian.u32(nb, 0) & 0xffffffffL;
        if (count > (1 << 20)) {
            throw new SymbolException(source.name() + ": module " + module + " claims " + count + " symbols");
        }
        byte[] syms = new byte[(int) count * SYM_SIZE];
        if (!space.read(symtab, syms, 0, syms.length)) {
            throw new SymbolException(source.name() + ": module " + module + "'s symbol table at 0x"
                    + Long.toHexString(symtab) + " is not in the vmcore");
        }
        byte[] want = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] got = new byte[want.length + 1];
        for (int i = 1; i < count; i++) {
            long stName = LittleEndian.u32(syms, i * SYM_SIZE) & 0xffffffffL;
            if (space.read(strtab + stName, got, 0, got.length) && got[want.length] == 0
                    && java.util.Arrays.equals(got, 0, want.length, want, 0, want.length)) {
                return OptionalLong.of(LittleEndian.u64(syms, i * SYM_SIZE + 8));
            }
        }
        return OptionalLong.empty();
    }

    /** A module's split BTF (struct btf_module on the btf_modules list: .module, .btf -> struct btf .data, .data_size). */
    public Optional<Btf> moduleBtf(String module) throws IOException, SymbolException, FormatException {
        Optional<Btf> cached = moduleBtf.get(module);
        if (cached != null) {
            return cached;
        }
        Long m = modules().get(module);
        OptionalLong head = symbols.address("btf_modules");
        Optional<Btf> result = Optional.empty();
        if (m != null && head.isPresent()) {
            long list = offsetOf("btf_module", "list");
            long node = readLong(head.getAsLong(), "btf_modules.next");
            for (int n = 0; node != head.getAsLong() && n < MAX_MODULES; n++) {
                long entry = node - list;
                if (readLong(entry + offsetOf("btf_module", "module"), "btf_module.module") == m) {
                    long b = readLong(entry + offsetOf("btf_module", "btf"), "btf_module.btf");
                    long data = readLong(b + offsetOf("btf", "data"), "btf.data");
                    byte[] sz = new byte[4];
                    space.read(b + offsetOf("btf", "data_size"), sz, 0, 4);
                    long size = LittleEndian.u32(sz, 0) & 0xffffffffL;
                    byte[] bytes = size > 0 && size <= MAX_BTF ? new byte[(int) size] : null;
                    if (bytes == null || !space.read(data, bytes, 0, bytes.length)) {
                        throw new SymbolException(source.name() + ": module " + module + "'s BTF (" + size + " bytes at 0x"
                                + Long.toHexString(data) + ") is not in the vmcore");
                    }
                    result = Optional.of(Btf.readSplit(bytes, String.format("%s: %s's BTF at 0x%x", source.name(), module,
                            data), btf()));
                    break;
                }
                node = readLong(node, "btf_module.list.next");
            }
        }
        moduleBtf.put(module, result);
        return result;
    }

    // ---- per-cpu

    /**
     * __per_cpu_offset[0 .. nr_cpu_ids): added to a per-cpu symbol's address it gives that cpu's
     * copy (per_cpu_ptr), whether per-cpu symbols are offsets (absolute-percpu kernels) or addresses.
     */
    public long[] perCpuOffsets() throws IOException, SymbolException {
        if (perCpuOffsets != null) {
            return perCpuOffsets;
        }
        long table = symbols.address("__per_cpu_offset").orElseThrow(() -> new SymbolException(
                "no __per_cpu_offset symbol (" + symbols.describe() + "): per-cpu variables cannot be found"));
        long idsAt = symbols.address("nr_cpu_ids").orElseThrow(() -> new SymbolException(
                "no nr_cpu_ids symbol (" + symbols.describe() + "): per-cpu variables cannot be found"));
        byte[] ids = new byte[4];
        if (!space.read(idsAt, ids, 0, 4)) {
            throw new SymbolException(source.name() + ": nr_cpu_ids at 0x" + Long.toHexString(idsAt) + " is not in the vmcore");
        }
        int n = LittleEndian.u32(ids, 0);
        if (n <= 0 || n > 8192) {
            throw new SymbolException(source.name() + ": nr_cpu_ids is " + n);
        }
        byte[] offsets = new byte[8 * n];
        if (!space.read(table, offsets, 0, offsets.length)) {
            throw new SymbolException(source.name() + ": __per_cpu_offset at 0x" + Long.toHexString(table)
                    + " is not in the vmcore");
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = LittleEndian.u64(offsets, 8 * i);
        }
        perCpuOffsets = out;
        return out;
    }

    /** True when {@code address} lies in the per-cpu section [__per_cpu_start, __per_cpu_end). */
    public boolean perCpu(long address) throws IOException {
        OptionalLong start = symbols.address("__per_cpu_start");
        OptionalLong end = symbols.address("__per_cpu_end");
        return start.isPresent() && end.isPresent() && Long.compareUnsigned(address, start.getAsLong()) >= 0
                && Long.compareUnsigned(address, end.getAsLong()) < 0;
    }

    // ---- memory

    /** 8 bytes at a kernel virtual address; {@code what} names them in the error. */
    public long readLong(long vaddr, String what) throws IOException, SymbolException {
        OptionalLong v = space.readLong(vaddr);
        if (v.isEmpty()) {
            throw new SymbolException(String.format("%s: %s at 0x%x is not in the vmcore", source.name(), what, vaddr));
        }
        return v.getAsLong();
    }

    /** Bytes at a kernel virtual address; false if some are not in the dump. */
    public boolean read(long vaddr, byte[] dst, int at, int length) throws IOException {
        return space.read(vaddr, dst, at, length);
    }

    @Override
    public void close() {
        memory.close();
    }
}
