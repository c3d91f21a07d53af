package org.kexkit.vmcoreinfo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The VMCOREINFO text of a kernel as typed values. Made by
 * {@link VmcoreInfoParser}; immutable. Keys kexkit does not know are kept
 * as text ({@link #unknownKeys()}), and every line can be had back with
 * {@link #toText()}.
 */
public final class VmcoreInfo {
    private final Map<String, String> lines;
    private final Map<EntryKind, Map<String, Long>> entries;
    private final Map<String, String> configs;
    private final Map<String, String> unknown;
    private final String osRelease;
    private final String buildId;
    private final Long pageSize;
    private final Long kernelOffset;
    private final Long crashTime;

    VmcoreInfo(Builder builder) {
        this.lines = Collections.unmodifiableMap(new LinkedHashMap<>(builder.lines));
        EnumMap<EntryKind, Map<String, Long>> copy = new EnumMap<>(EntryKind.class);
        for (EntryKind kind : EntryKind.values()) {
            copy.put(kind, Collections.unmodifiableMap(
                    new LinkedHashMap<>(builder.entries.getOrDefault(kind, Map.of()))));
        }
        this.entries = Collections.unmodifiableMap(copy);
        this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.configs));
        this.unknown = Collections.unmodifiableMap(new LinkedHashMap<>(builder.unknown));
        this.osRelease = builder.osRelease;
        this.buildId = builder.buildId;
        this.pageSize = builder.pageSize;
        this.kernelOffset = builder.kernelOffset;
        this.crashTime = builder.crashTime;
    }

    /** OSRELEASE: the uts release, e.g. {@code 6.9.0}. */
    public Optional<String> osRelease() {
        return Optional.ofNullable(osRelease);
    }

    /** BUILD-ID: 40 hex characters of the kernel's build id. */
    public Optional<String> buildId() {
        return Optional.ofNullable(buildId);
    }

    /** PAGESIZE, in bytes; always a power of two. */
    public OptionalLong pageSize() {
        return optional(pageSize);
    }

    /** KERNELOFFSET: the KASLR slide of the kernel text. */
    public OptionalLong kernelOffset() {
        return optional(kernelOffset);
    }

    /** CRASHTIME: seconds since the epoch, appended at crash time. */
    public OptionalLong crashTime() {
        return optional(crashTime);
    }

    public OptionalLong symbol(String name) {
        return lookup(EntryKind.SYMBOL, name);
    }

    /** OFFSET(struct.member), e.g. {@code offset("page.flags")}. */
    public OptionalLong offset(String structDotMember) {
        return lookup(EntryKind.OFFSET, structDotMember);
    }

    public OptionalLong size(String name) {
        return lookup(EntryKind.SIZE, name);
    }

    public OptionalLong length(String name) {
        return lookup(EntryKind.LENGTH, name);
    }

    public OptionalLong number(String name) {
        return lookup(EntryKind.NUMBER, name);
    }

    public OptionalLong lookup(EntryKind kind, String name) {
        return optional(entries.get(kind).get(name));
    }

    /** How many {@code KIND(...)} lines of this kind there are. */
    public int count(EntryKind kind) {
        return entries.get(kind).size();
    }

    /** All entries of one kind, in text order. */
    public Map<String, Long> entries(EntryKind kind) {
        return entries.get(kind);
    }

    /** The value of {@code CONFIG_<name>=...}; pass the name without the CONFIG_ prefix. */
    public Optional<String> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    /** Keys kexkit does not interpret, with their text values, in text order. */
    public Map<String, String> unknownKeys() {
        return unknown;
    }

    /** The raw text value of any key, e.g. {@code value("SYMBOL(_stext)")}. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(lines.get(key));
    }

    /** The VMCOREINFO text again, one {@code KEY=VALUE} line per key. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        lines.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Collects values while parsing. */
    static final class Builder {
        final Map<String, String> lines = new LinkedHashMap<>();
        final Map<EntryKind, Map<String, Long>> entries = new EnumMap<>(EntryKind.class);
        final Map<String, String> configs = new LinkedHashMap<>();
        final Map<String, String> unknown = new LinkedHashMap<>();
        String osRelease;
        String buildId;
        Long pageSize;
        Long kernelOffset;
        Long crashTime;

        void entry(EntryKind kind, String name, long value) {
            entries.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(name, value);
        }

        VmcoreInfo build() {
            return new VmcoreInfo(this);
        }
    }
}
