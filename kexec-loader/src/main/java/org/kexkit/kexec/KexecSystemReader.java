package org.kexkit.kexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.PhysRange;

/**
 * Reads the /sys and /proc files that concern kexec, under a root directory
 * ("/" on a live system, a fake tree in tests). Missing or unreadable files
 * give empty values: the caller decides what "unknown" means.
 */
public final class KexecSystemReader {
    static final String KEXEC_LOADED = "sys/kernel/kexec_loaded";
    static final String KEXEC_CRASH_LOADED = "sys/kernel/kexec_crash_loaded";
    static final String KEXEC_CRASH_SIZE = "sys/kernel/kexec_crash_size";
    /**
     * The crashkernel=SIZE,cma areas, one "start-end" (hex, end inclusive) a line: kernel/ksysfs.c
     * kexec_crash_cma_ranges_show(), added with the CMA reservation's user-space support; newer kernels
     * also have it as /sys/kernel/kexec/crash_cma_ranges and keep this name as a link. /proc/iomem does not
     * show these areas.
     */
    static final String KEXEC_CRASH_CMA_RANGES = "sys/kernel/kexec_crash_cma_ranges";
    static final String KEXEC_CRASH_CMA_RANGES_NEW = "sys/kernel/kexec/crash_cma_ranges";
    static final String LOCKDOWN = "sys/kernel/security/lockdown";
    static final String KEXEC_LOAD_DISABLED = "proc/sys/kernel/kexec_load_disabled";
    static final String PROC_CMDLINE = "proc/cmdline";

    private final Path root;

    public KexecSystemReader(Path root) {
        this.root = root;
    }

    public static KexecSystemReader live() {
        return new KexecSystemReader(Path.of("/"));
    }

    public KexecStatus status() {
        return new KexecStatus(flag(KEXEC_LOADED), flag(KEXEC_CRASH_LOADED), number(KEXEC_CRASH_SIZE), crashCmaRanges());
    }

    /**
     * The crashkernel=,cma areas: memory the first kernel lends to movable allocations and the capture kernel
     * gets as RAM. Empty when the kernel has none (or is older than 6.17); an unreadable or garbled file is
     * also taken as none, like the other status files here.
     */
    public List<PhysRange> crashCmaRanges() {
        return text(KEXEC_CRASH_CMA_RANGES_NEW).or(() -> text(KEXEC_CRASH_CMA_RANGES)).map(KexecSystemReader::crashCmaRanges)
                .orElse(List.of());
    }

    /** The areas as that file lists them: "start-end" lines, hex, end included; garbage counts as none. */
    public static List<PhysRange> crashCmaRanges(String text) {
        List<PhysRange> ranges = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int dash = line.indexOf('-');
            if (dash <= 0) {
                return List.of();
            }
            try {
                long first = Long.parseUnsignedLong(line.substring(0, dash).strip(), 16);
                long last = Long.parseUnsignedLong(line.substring(dash + 1).strip(), 16);
                if (Long.compareUnsigned(last, first) < 0 || last == -1L) {
                    return List.of();
                }
                ranges.add(PhysRange.inclusive(first, last));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return List.copyOf(ranges);
    }

    /** Bytes reserved by crashkernel= (/sys/kernel/kexec_crash_size, decimal). */
    public OptionalLong crashSize() {
        return number(KEXEC_CRASH_SIZE);
    }

    /**
     * The active lockdown mode ("none", "integrity", "confidentiality"): the
     * word in brackets in /sys/kernel/security/lockdown.
     */
    public Optional<String> lockdownMode() {
        Optional<String> text = text(LOCKDOWN);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String line = text.get();
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        return open >= 0 && close > open ? Optional.of(line.substring(open + 1, close)) : Optional.empty();
    }

    /** kernel.kexec_load_disabled: once 1, no kexec load is allowed until reboot. */
    public Optional<Boolean> kexecLoadDisabled() {
        return flag(KEXEC_LOAD_DISABLED);
    }

    /** The running kernel's command line (/proc/cmdline) without the newline. */
    public String procCmdline() throws IOException {
        return Files.readString(root.resolve(PROC_CMDLINE), StandardCharsets.UTF_8).strip();
    }

    private Optional<Boolean> flag(String file) {
        OptionalLong value = number(file);
        if (value.isEmpty() || (value.getAsLong() != 0 && value.getAsLong() != 1)) {
            return Optional.empty();
        }
        return Optional.of(value.getAsLong() == 1);
    }

    private OptionalLong number(String file) {
        Optional<String> text = text(file);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(text.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private Optional<String> text(String file) {
        try {
            return Optional.of(Files.readString(root.resolve(file), StandardCharsets.US_ASCII).strip());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
