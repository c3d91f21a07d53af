package org.kexkit.kdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the kernel rewrites the crash ELF core header itself on CPU and memory hotplug (CONFIG_CRASH_HOTPLUG,
 * Linux 6.5+): {@code crash_hotplug} under /sys/devices/system/cpu and .../memory reads 1 when the loaded image
 * lets it, and /sys/kernel/crash_elfcorehdr_size is the header size a kexec_load must reserve for that. Where
 * it does not, the udev rule reloads the service.
 */
public record CrashHotplug(Optional<Boolean> cpu, Optional<Boolean> memory, OptionalLong elfcorehdrSize) {
    static final String CPU = "sys/devices/system/cpu/crash_hotplug";
    static final String MEMORY = "sys/devices/system/memory/crash_hotplug";
    static final String ELFCOREHDR_SIZE = "sys/kernel/crash_elfcorehdr_size";

    public static CrashHotplug read(Path root) {
        OptionalLong size = number(root.resolve(ELFCOREHDR_SIZE));
        return new CrashHotplug(flag(root.resolve(CPU)), flag(root.resolve(MEMORY)), size);
    }

    /** Whether the kernel was built with CONFIG_CRASH_HOTPLUG (it publishes the header size). */
    public boolean kernelSupports() {
        return elfcorehdrSize.isPresent();
    }

    /** Whether a hotplug event needs a reload: some kind of hotplug the kernel does not handle for this load. */
    public boolean needsReload() {
        return !cpu.orElse(false) || !memory.orElse(false);
    }

    private static Optional<Boolean> flag(Path file) {
        OptionalLong v = number(file);
        return v.isPresent() ? Optional.of(v.getAsLong() == 1) : Optional.empty();
    }

    private static OptionalLong number(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty();
        }
    }
}
