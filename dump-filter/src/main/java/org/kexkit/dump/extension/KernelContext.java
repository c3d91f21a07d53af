package org.kexkit.dump.extension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.kexkit.bin.FormatException;
import org.kexkit.btf.Btf;
import org.kexkit.btf.BtfType;
import org.kexkit.dump.erase.EraseKernel;
import org.kexkit.dump.symbols.SymbolException;
import org.kexkit.extension.ExtensionApi;
import org.kexkit.extension.ExtensionContext;
import org.kexkit.extension.Member;

/**
 * The {@link ExtensionContext} of a dump, over the kernel as erase rules see it ({@link EraseKernel},
 * the kernel image's symbols and BTF and its virtual memory). A kernel without BTF has no members
 * and no struct sizes (empty answers); an I/O error reading the dump is unchecked here and turned
 * back into one line by the host.
 */
final class KernelContext implements ExtensionContext {
    private final EraseKernel kernel;
    private final int pageSize;
    private final Consumer<String> notes;
    private final Map<String, String> arguments;
    private final List<String> btfProblems = new ArrayList<>();

    KernelContext(EraseKernel kernel, int pageSize, Map<String, String> arguments, Consumer<String> notes) {
        this.kernel = kernel;
        this.pageSize = pageSize;
        this.arguments = Map.copyOf(arguments);
        this.notes = notes;
    }

    @Override
    public Optional<String> argument(String key) {
        return Optional.ofNullable(arguments.get(key));
    }

    @Override
    public int apiVersion() {
        return ExtensionApi.VERSION;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public OptionalLong symbol(String name) {
        try {
            return kernel.symbol(EraseKernel.VMLINUX, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SymbolException | FormatException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    public Optional<Member> member(String struct, String member) {
        try {
            Optional<Btf> btf = kernel.btf(EraseKernel.VMLINUX);
            OptionalInt id = btf.isEmpty() ? OptionalInt.empty() : structId(btf.get(), struct);
            Optional<BtfType.Member> m = id.isEmpty() ? Optional.empty() : btf.get().member(id.getAsInt(), member);
            if (m.isEmpty()) {
                return Optional.empty();
            }
            BtfType.Member b = m.get();
            long size = b.bitSize() != 0 ? 0 : btf.get().sizeOf(b.type());
            return Optional.of(new Member(b.bitOffset() / 8, size, b.bitOffset(), b.bitSize()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SymbolException | FormatException e) {
            noBtf(e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public OptionalLong structSize(String struct) {
        try {
            Optional<Btf> btf = kernel.btf(EraseKernel.VMLINUX);
            OptionalInt id = btf.isEmpty() ? OptionalInt.empty() : structId(btf.get(), struct);
            return id.isEmpty() ? OptionalLong.empty() : OptionalLong.of(btf.get().sizeOf(id.getAsInt()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SymbolException | FormatException e) {
            noBtf(e.getMessage());
            return OptionalLong.empty();
        }
    }

    private static OptionalInt structId(Btf btf, String name) {
        OptionalInt id = btf.named("struct " + name);
        return id.isPresent() ? id : btf.named("union " + name);
    }

    /** Why types are missing, for the one line that skips an extension. */
    List<String> btfProblems() {
        return List.copyOf(btfProblems);
    }

    private void noBtf(String why) {
        if (!btfProblems.contains(why)) {
            btfProblems.add(why);
        }
    }

    @Override
    public boolean readPhysical(long paddr, byte[] dst, int at, int length) {
        try {
            return kernel.space().memory().read(paddr, dst, at, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean readVirtual(long vaddr, byte[] dst, int at, int length) {
        try {
            return kernel.space().read(vaddr, dst, at, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OptionalLong toPhysical(long vaddr) {
        try {
            return kernel.space().toPhysical(vaddr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void note(String line) {
        notes.accept(line);
    }
}
