package org.kexkit.extension;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The dump's kernel as an extension sees it: symbols (VMCOREINFO, kallsyms, a given System.map or
 * vmlinux), types (BTF) and memory. Implemented by the host; methods added in later API versions
 * are listed with the version in which they came (check {@link #apiVersion()}).
 */
public interface ExtensionContext {
    /** The host's API version (at least the extension's own when it is started). */
    int apiVersion();

    /** The dump's page size in bytes. */
    int pageSize();

    /** A kernel symbol's address, or empty. */
    OptionalLong symbol(String name);

    /** A member of {@code struct} (or union) in the kernel's BTF, anonymous members searched; or empty. */
    Optional<Member> member(String struct, String member);

    /** The size of a struct (or union) in the kernel's BTF, or empty. */
    OptionalLong structSize(String struct);

    /** Physical bytes of the dump; false when some are not in it. */
    boolean readPhysical(long paddr, byte[] dst, int at, int length);

    /** Bytes at a kernel virtual address; false when some are not in the dump. */
    boolean readVirtual(long vaddr, byte[] dst, int at, int length);

    /** The physical address of a kernel virtual address, or empty when unmapped. */
    OptionalLong toPhysical(long vaddr);

    /** The little-endian 8 bytes at a kernel virtual address, or empty. */
    default OptionalLong readLong(long vaddr) {
        byte[] b = new byte[8];
        if (!readVirtual(vaddr, b, 0, 8)) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return OptionalLong.of(v);
    }

    /**
     * The value the user gave for one of the extension's {@link Extension#arguments() arguments}, or
     * empty when not given. Since API version 2; a version-1 host has no such method.
     */
    default Optional<String> argument(String key) {
        return Optional.empty();
    }

    /** A line for the user (printed once, prefixed with the extension's name). */
    void note(String line);
}
