package org.kexkit.dump.erase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.LittleEndian;
import org.kexkit.btf.Btf;
import org.kexkit.btf.BtfType;
import org.kexkit.dump.symbols.SymbolException;

/**
 * Turns an {@link EraseConfig} into physical ranges ({@link ErasePlan}) with the kernel's BTF and
 * symbols, no DWARF: a symbol's type is its BTF variable's (BTF_KIND_VAR) or the rule's cast; '.'
 * follows a pointer before taking a member, as makedumpfile.conf(5) says. Everything is resolved
 * before a byte is written, so a bad rule stops the dump before it starts: one line naming the
 * file and the rule's line.
 */
public final class EraseResolver {
    /** More entries than a loop of a real kernel has (tasks, array elements): a longer one does not end. */
    static final int MAX_LOOP = 1 << 20;
    /** Ranges at most: a configuration that asks for more would exhaust the heap. */
    static final int MAX_RANGES = 1 << 22;
    /** makedumpfile erases at most this many bytes of a string a char * points to. */
    static final int MAX_STRING = 1024;
    /** Larger sizes are no rule's: 'size' values read from the dump are checked against it. */
    static final long MAX_SIZE = 1L << 30;
    private static final int PAGE = 4096;
    /** The section of per-cpu variables, the only ones kernels' BTF has held so far (pahole's default). */
    private static final String PERCPU_SECTION = ".data..percpu";

    private final EraseKernel kernel;
    private final String file;
    private final List<String> warnings = new ArrayList<>();
    private final List<EraseRange> ranges = new ArrayList<>();
    /** eraseinfo: expression as written, then its size words ("size 16", "nullify"), in order met. */
    private final Map<String, Set<String>> info = new LinkedHashMap<>();
    private String module;
    private Btf btf;

    private EraseResolver(EraseKernel kernel, String file) {
        this.kernel = kernel;
        this.file = file;
    }

    /** What the rules asked for and the warnings met (a module not loaded). */
    public record Result(ErasePlan plan, List<String> warnings) {}

    public static Result resolve(EraseConfig config, EraseKernel kernel, int pageSize)
            throws IOException, EraseRuleException {
        EraseResolver r = new EraseResolver(kernel, config.file());
        for (EraseConfig.Section s : config.sections()) {
            r.section(s);
        }
        StringBuilder text = new StringBuilder();
        r.info.forEach((expr, sizes) -> sizes.forEach(size -> text.append("erase ").append(expr).append(' ')
                .append(size).append('\n')));
        return new Result(new ErasePlan(pageSize, r.ranges, text.toString()), List.copyOf(r.warnings));
    }

    private void section(EraseConfig.Section s) throws IOException, EraseRuleException {
        if (s.commands().isEmpty()) {
            return;
        }
        module = s.module();
        try {
            if (!kernel.loaded(module)) {
                warnings.add(file + ": line " + s.line() + ": module " + module + " is not loaded in the dump's kernel;"
                        + " its section is skipped");
                return;
            }
            Optional<Btf> b = kernel.btf(module);
            if (b.isEmpty()) {
                warnings.add(file + ": line " + s.line() + ": module " + module + " has no BTF in the dump;"
                        + " its section is skipped");
                return;
            }
            btf = b.get();
        } catch (SymbolException | FormatException e) {
            throw new EraseRuleException(file, s.commands().get(0).line(), e.getMessage());
        }
        for (EraseConfig.Command c : s.commands()) {
            command(c, new HashMap<>());
        }
    }

    private void command(EraseConfig.Command c, Map<String, Value> scope) throws IOException, EraseRuleException {
        try {
            if (c instanceof EraseConfig.Erase e) {
                erase(e, scope);
            } else {
                loop((EraseConfig.Loop) c, scope);
            }
        } catch (FormatException | SymbolException e) {
            throw new EraseRuleException(file, c.line(), e.getMessage());
        }
    }

    /** An lvalue: where a value lies and its type. */
    private record Value(long address, RuleType type) {}

    // ---- erase

    private void erase(EraseConfig.Erase e, Map<String, Value> scope)
            throws IOException, EraseRuleException, FormatException, SymbolException {
        int line = e.line();
        Value v = eval(e.target(), scope, line);
        RuleType t = strip(v.type());
        String what = e.target().text();
        if (e.size() instanceof EraseConfig.Nullify) {
            if (!(t instanceof RuleType.Pointer)) {
                throw error(line, what + " is " + describe(t) + ", not a pointer: only a pointer can be nullified");
            }
            add(v.address(), 8, EraseRange.NULLIFIED, what, line);
            record(what, "nullify");
            return;
        }
        long size;
        if (e.size() instanceof EraseConfig.Bytes b) {
            size = b.count();
        } else if (e.size() instanceof EraseConfig.ValueOf o) {
            size = integer(eval(o.value(), scope, line), o.value().text(), line);
            if (size <= 0) {
                return; // nothing to erase this time (makedumpfile skips a zero size too)
            }
            if (size > MAX_SIZE) {
                throw error(line, "size " + o.value().text() + " is " + size + " bytes, more than any object");
            }
        } else {
            size = -1; // the type's
        }
        if (t instanceof RuleType.Pointer p) {
            long target = readLong(v.address(), what, line);
            if (target == 0) {
                return; // a NULL pointer points at nothing to erase
            }
            RuleType pointee = strip(p.target());
            if (size < 0) {
                if (isChar(pointee)) {
                    size = stringLength(target, what, line);
                    if (size == 0) {
                        return;
                    }
                } else {
                    size = sizeOf(pointee);
                    if (size <= 0) {
                        throw error(line, what + " points to " + describe(pointee) + ", which has no size: give 'size N'"
                                + " or 'nullify'");
                    }
                }
            }
            add(target, size, EraseRange.ERASED, what, line);
        } else {
            if (size < 0) {
                size = sizeOf(t);
                if (size <= 0) {
                    throw error(line, what + " is " + describe(t) + ", which has no size: give 'size N'");
                }
            }
            add(v.address(), size, EraseRange.ERASED, what, line);
        }
        record(what, "size " + size);
    }

    private void record(String expr, String size) {
        info.computeIfAbsent(expr, k -> new LinkedHashSet<>()).add(size);
    }

    /** The length of the string at {@code vaddr}, at most {@link #MAX_STRING}; unreadable bytes end it. */
    private long stringLength(long vaddr, String what, int line) throws IOException, EraseRuleException {
        byte[] one = new byte[1];
        for (int n = 0; n < MAX_STRING; n++) {
            if (!kernel.space().read(vaddr + n, one, 0, 1)) {
                if (n == 0) {
                    throw error(line, what + ": the string at 0x" + Long.toHexString(vaddr) + " is not in the dump");
                }
                return n;
            }
            if (one[0] == 0) {
                return n;
            }
        }
        return MAX_STRING;
    }

    /** Erases virtual [vaddr, vaddr + length), page by page through the kernel's page tables. */
    private void add(long vaddr, long length, byte fill, String what, int line) throws IOException, EraseRuleException {
        for (long done = 0; done < length; ) {
            long v = vaddr + done;
            long n = Math.min(length - done, PAGE - (v & (PAGE - 1)));
            OptionalLong p = kernel.space().toPhysical(v);
            if (p.isEmpty()) {
                throw error(line, what + ": address 0x" + Long.toHexString(v) + " is not mapped in the dump's kernel");
            }
            EraseRange r = new EraseRange(p.getAsLong(), n, fill);
            EraseRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.fill() == fill && last.paddr() + last.length() == r.paddr()) {
                ranges.set(ranges.size() - 1, new EraseRange(last.paddr(), last.length() + n, fill));
            } else {
                if (ranges.size() >= MAX_RANGES) {
                    throw error(line, "the rules name more than " + MAX_RANGES + " pieces of memory");
                }
                ranges.add(r);
            }
            done += n;
        }
    }

    // ---- loops

    private void loop(EraseConfig.Loop loop, Map<String, Value> scope)
            throws IOException, EraseRuleException, FormatException, SymbolException {
        int line = loop.line();
        EraseConfig.ListSpec list = loop.list();
        Value head = eval(list.head(), scope, line);
        String what = list.head().text();
        List<Value> entries = new ArrayList<>();
        if (list instanceof EraseConfig.ArrayOf) {
            if (!(strip(head.type()) instanceof RuleType.Array a)) {
                throw error(line, what + " is " + describe(strip(head.type())) + ", not an array: write 'via NEXT' or"
                        + " 'within STRUCT:MEMBER' to walk a list");
            }
            if (a.count() > MAX_LOOP) {
                throw error(line, what + " has " + a.count() + " elements, more than " + MAX_LOOP);
            }
            long size = sizeOf(a.element());
            RuleType element = strip(a.element());
            for (long i = 0; i < a.count(); i++) {
                long at = head.address() + i * size;
                if (element instanceof RuleType.Pointer p) {
                    long target = readLong(at, what + "[" + i + "]", line);
                    if (target != 0) {
                        entries.add(new Value(target, p.target()));
                    }
                } else {
                    entries.add(new Value(at, a.element()));
                }
            }
        } else if (list instanceof EraseConfig.Via via) {
            RuleType t = strip(head.type());
            long first = head.address();
            if (t instanceof RuleType.Pointer p) {
                first = readLong(head.address(), what, line);
                t = strip(p.target());
            }
            BtfType.Member next = member(t, via.next(), what, line);
            if (!(strip(new RuleType.Named(next.type())) instanceof RuleType.Pointer)) {
                throw error(line, describe(t) + "." + via.next() + " is not a pointer, so 'via " + via.next()
                        + "' cannot follow it");
            }
            for (long at = first; at != 0; ) {
                if (entries.size() >= MAX_LOOP) {
                    throw error(line, "the list from " + what + " via " + via.next() + " does not end after " + MAX_LOOP
                            + " entries");
                }
                entries.add(new Value(at, t));
                at = readLong(at + next.bitOffset() / 8, what + " ... ." + via.next(), line);
                if (at == first) {
                    break;
                }
            }
        } else {
            EraseConfig.Within within = (EraseConfig.Within) list;
            OptionalInt struct = btf.named("struct " + within.struct());
            if (struct.isEmpty()) {
                throw error(line, btf.source() + " has no struct " + within.struct());
            }
            RuleType t = new RuleType.Named(struct.getAsInt());
            long offset = member(t, within.member(), "struct " + within.struct(), line).bitOffset() / 8;
            long node = readLong(head.address(), what + ".next", line);
            while (node != head.address()) {
                if (node == 0) {
                    throw error(line, "the list at " + what + " has a NULL next pointer after " + entries.size()
                            + " entries");
                }
                if (entries.size() >= MAX_LOOP) {
                    throw error(line, "the list at " + what + " does not come back to its head after " + MAX_LOOP
                            + " entries");
                }
                entries.add(new Value(node - offset, t));
                node = readLong(node, what + " entry's next", line);
            }
        }
        for (Value entry : entries) {
            Map<String, Value> inner = new HashMap<>(scope);
            inner.put(loop.variable(), entry);
            for (EraseConfig.Command c : loop.body()) {
                command(c, inner);
            }
        }
    }

    // ---- expressions

    private Value eval(EraseConfig.Expr e, Map<String, Value> scope, int line)
            throws IOException, EraseRuleException, FormatException, SymbolException {
        Value v = scope.get(e.root());
        if (v == null) {
            OptionalLong address = kernel.symbol(module, e.root());
            if (address.isEmpty() && !module.equals(EraseKernel.VMLINUX)) {
                address = kernel.symbol(EraseKernel.VMLINUX, e.root());
            }
            if (address.isEmpty()) {
                throw error(line, "unknown symbol " + e.root() + (module.equals(EraseKernel.VMLINUX) ? ""
                        : " (module " + module + ")"));
            }
            RuleType type;
            if (e.cast().isPresent()) {
                type = type(e.cast().get(), line);
            } else {
                Optional<BtfType.Var> var = btf.variable(e.root());
                if (var.isEmpty()) {
                    throw error(line, btf.source() + " has no type for " + e.root() + " (BTF_KIND_VAR): give it a cast,"
                            + " e.g. (struct NAME)" + e.root() + " or (char[N])" + e.root());
                }
                if (btf.sectionOf(var.get().id()).filter(d -> d.name().equals(PERCPU_SECTION)).isPresent()) {
                    throw error(line, e.root() + " is a per-cpu variable: its symbol is an offset, and erase rules do"
                            + " not reach the per-cpu copies");
                }
                type = new RuleType.Named(var.get().type());
            }
            v = new Value(address.getAsLong(), type);
        }
        String path = e.root();
        for (String name : e.members()) {
            RuleType t = strip(v.type());
            long at = v.address();
            if (t instanceof RuleType.Pointer p) {
                at = readLong(at, path, line);
                if (at == 0) {
                    throw error(line, path + " is NULL, so it has no member " + name);
                }
                t = strip(p.target());
            }
            BtfType.Member m = member(t, name, path, line);
            if (m.bitSize() != 0 && (m.bitOffset() % 8 != 0 || m.bitSize() % 8 != 0)) {
                throw error(line, path + "." + name + " is a bitfield; erasure works on whole bytes");
            }
            v = new Value(at + m.bitOffset() / 8, new RuleType.Named(m.type()));
            path = path + "." + name;
        }
        return v;
    }

    private BtfType.Member member(RuleType t, String name, String path, int line) throws EraseRuleException, FormatException {
        if (!(t instanceof RuleType.Named n) || n.id() == 0 || !(btf.type(n.id()) instanceof BtfType.Struct s)) {
            throw error(line, path + " is " + describe(t) + ", not a struct or union, so it has no member " + name);
        }
        return btf.member(n.id(), name).orElseThrow(() -> error(line, s.describe() + " has no member " + name
                + " (in " + btf.source() + ")"));
    }

    /** A cast's type in the BTF in use. */
    private RuleType type(EraseConfig.TypeName name, int line) throws EraseRuleException {
        OptionalInt id;
        if (!name.kind().isEmpty()) {
            id = btf.named(name.kind() + " " + name.name());
        } else {
            id = btf.named("typedef " + name.name());
            if (id.isEmpty()) {
                id = btf.named("int " + name.name());
            }
        }
        RuleType t;
        if (id.isPresent()) {
            t = new RuleType.Named(id.getAsInt());
        } else if (name.kind().isEmpty() && name.name().equals("void") && name.pointers() > 0) {
            t = new RuleType.Named(0);
        } else {
            throw error(line, btf.source() + " has no type " + (name.kind().isEmpty() ? "" : name.kind() + " ")
                    + name.name());
        }
        for (int i = 0; i < name.pointers(); i++) {
            t = new RuleType.Pointer(t);
        }
        return name.arrayLength() > 0 ? new RuleType.Array(t, name.arrayLength()) : t;
    }

    /** {@code t} with typedefs and qualifiers gone and BTF pointers and arrays as {@link RuleType}s. */
    private RuleType strip(RuleType t) throws FormatException {
        if (!(t instanceof RuleType.Named n) || n.id() == 0) {
            return t;
        }
        int id = btf.resolve(n.id());
        if (id == 0) {
            return new RuleType.Named(0);
        }
        BtfType b = btf.type(id);
        if (b instanceof BtfType.Ptr p) {
            return new RuleType.Pointer(new RuleType.Named(p.target()));
        }
        if (b instanceof BtfType.Array a) {
            return new RuleType.Array(new RuleType.Named(a.element()), a.count());
        }
        return new RuleType.Named(id);
    }

    private long sizeOf(RuleType t) throws FormatException {
        t = strip(t);
        if (t instanceof RuleType.Pointer) {
            return 8;
        }
        if (t instanceof RuleType.Array a) {
            long element = sizeOf(a.element());
            return element < 0 ? -1 : element * a.count();
        }
        int id = ((RuleType.Named) t).id();
        return id == 0 ? -1 : btf.sizeOf(id);
    }

    private boolean isChar(RuleType t) throws FormatException {
        return t instanceof RuleType.Named n && n.id() != 0 && btf.type(n.id()) instanceof BtfType.Int i && i.size() == 1;
    }

    private String describe(RuleType t) throws FormatException {
        if (t instanceof RuleType.Pointer p) {
            return describe(strip(p.target())) + " *";
        }
        if (t instanceof RuleType.Array a) {
            return describe(strip(a.element())) + "[" + a.count() + "]";
        }
        int id = ((RuleType.Named) t).id();
        return id == 0 ? "void" : btf.name(id);
    }

    /** An integer value (1, 2, 4 or 8 bytes), read for 'size EXPR'. */
    private long integer(Value v, String what, int line) throws IOException, EraseRuleException, FormatException {
        RuleType t = strip(v.type());
        long size = sizeOf(t);
        boolean integer = t instanceof RuleType.Named n && n.id() != 0
                && (btf.type(n.id()) instanceof BtfType.Int || btf.type(n.id()) instanceof BtfType.Enum);
        if (!integer || (size != 1 && size != 2 && size != 4 && size != 8)) {
            throw error(line, "size " + what + " is " + describe(t) + ", not an integer");
        }
        byte[] b = new byte[8];
        if (!kernel.space().read(v.address(), b, 0, (int) size)) {
            throw error(line, "size " + what + " at 0x" + Long.toHexString(v.address()) + " is not in the dump");
        }
        return LittleEndian.u64(b, 0);
    }

    private long readLong(long vaddr, String what, int line) throws IOException, EraseRuleException {
        OptionalLong v = kernel.space().readLong(vaddr);
        if (v.isEmpty()) {
            throw error(line, what + ": 8 bytes at 0x" + Long.toHexString(vaddr) + " are not in the dump");
        }
        return v.getAsLong();
    }

    private EraseRuleException error(int line, String problem) {
        return new EraseRuleException(file, line, problem);
    }
}
