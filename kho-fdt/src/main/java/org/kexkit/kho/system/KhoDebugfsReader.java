package org.kexkit.kho.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.kexkit.bin.FormatException;

/**
 * Reads /sys/kernel/debug/kho under a root directory: "/" on a running system, a recorded copy
 * (or a test's tree) otherwise. Only files are read; what they mean is decided elsewhere.
 */
public final class KhoDebugfsReader {
    static final String DEBUGFS = "sys/kernel/debug";
    static final String KHO = DEBUGFS + "/kho";
    static final String CMDLINE = "proc/cmdline";
    /** include/uapi/linux/liveupdate.h: the LUO misc device. */
    static final String LIVEUPDATE = "dev/liveupdate";

    /**
     * Why there is no kho directory to read.
     *
     * @param path the directory that was looked at (debugfs itself, or its kho/ for {@link Reason#NO_KHO})
     * @param error the I/O error's text for {@link Reason#READ_FAILED}, else empty
     */
    public record Absence(Reason reason, String path, String error) {
        /** The reasons, from what the directory listing showed. */
        public enum Reason {
            /** debugfs is mounted and readable, and has no kho/: KHO is off or not built in. */
            NO_KHO,
            /** /sys/kernel/debug is missing or empty: debugfs is not mounted. */
            NOT_MOUNTED,
            /** Listing /sys/kernel/debug was denied (it is 0700 root). */
            NOT_READABLE,
            /** Listing /sys/kernel/debug failed otherwise (EIO, ...): not a permission problem. */
            READ_FAILED
        }
    }

    private final Path root;

    public KhoDebugfsReader(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The kho tree, or empty when there is none; {@link #absence()} then says why. */
    public Optional<KhoDebugfs> read() throws IOException, FormatException {
        Path kho = root.resolve(KHO);
        if (!Files.isDirectory(kho)) {
            return Optional.empty();
        }
        Optional<KhoDebugfsDir> out = dir(kho.resolve("out"));
        List<ScratchArea> scratch = new ArrayList<>();
        if (out.isPresent()) {
            scratch = scratch(kho.resolve("out/scratch_phys"), kho.resolve("out/scratch_len"));
        }
        return Optional.of(new KhoDebugfs(kho.toString(), dir(kho.resolve("in")), out, scratch));
    }

    /** The kho tree, or {@link KhoDebugfsAbsent} saying why there is none. */
    public KhoDebugfs require() throws IOException, FormatException, KhoDebugfsAbsent {
        Optional<KhoDebugfs> kho = read();
        if (kho.isEmpty()) {
            throw new KhoDebugfsAbsent(absence());
        }
        return kho.get();
    }

    public Absence absence() {
        Path debugfs = root.resolve(DEBUGFS);
        if (!Files.isDirectory(debugfs)) {
            return new Absence(Absence.Reason.NOT_MOUNTED, debugfs.toString(), "");
        }
        try (Stream<Path> entries = Files.list(debugfs)) {
            return entries.findAny().isPresent() ? new Absence(Absence.Reason.NO_KHO, root.resolve(KHO).toString(), "")
                    : new Absence(Absence.Reason.NOT_MOUNTED, debugfs.toString(), "");
        } catch (IOException e) {
            return unlisted(debugfs, e);
        }
    }

    /** A debugfs directory that could not be listed: denied, or failed for another reason (EIO). */
    static Absence unlisted(Path debugfs, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new Absence(Absence.Reason.NOT_READABLE, debugfs.toString(), "");
        }
        String error = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new Absence(Absence.Reason.READ_FAILED, debugfs.toString(), error);
    }

    /** /proc/cmdline, or empty when it cannot be read. */
    public Optional<String> cmdline() {
        try {
            return Optional.of(Files.readString(root.resolve(CMDLINE), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether /dev/liveupdate exists (LUO built in and liveupdate=on). */
    public boolean liveUpdateDevice() {
        return Files.exists(root.resolve(LIVEUPDATE));
    }

    public String path(String relative) {
        return root.resolve(relative).toString();
    }

    private static Optional<KhoDebugfsDir> dir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path fdt = dir.resolve("fdt");
        Optional<byte[]> bytes = Files.isRegularFile(fdt) ? Optional.of(Files.readAllBytes(fdt)) : Optional.empty();
        Path sub = dir.resolve("sub_fdts");
        Map<String, byte[]> subtrees = Files.isDirectory(sub) ? subtreeFiles(sub) : Map.of();
        return Optional.of(new KhoDebugfsDir(dir.toString(), bytes, subtrees));
    }

    /** The blobs of a sub_fdts/ directory by file name, sorted by name. */
    public static Map<String, byte[]> subtreeFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, byte[]> subtrees = new LinkedHashMap<>();
        for (Path f : files) {
            subtrees.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        return subtrees;
    }

    /** out/scratch_phys and out/scratch_len: one "0x%llx" line per area, in the same order. */
    private static List<ScratchArea> scratch(Path phys, Path len) throws IOException, FormatException {
        if (!Files.isRegularFile(phys) || !Files.isRegularFile(len)) {
            return List.of();
        }
        List<Long> addresses = hexLines(phys);
        List<Long> sizes = hexLines(len);
        if (addresses.size() != sizes.size()) {
            throw new FormatException(len.toString(), 0, sizes.size() + " lengths for " + addresses.size()
                    + " scratch areas in " + phys.getFileName());
        }
        List<ScratchArea> areas = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            areas.add(new ScratchArea(i, addresses.get(i), sizes.get(i)));
        }
        return areas;
    }

    private static List<Long> hexLines(Path file) throws IOException, FormatException {
        List<Long> values = new ArrayList<>();
        long offset = 0;
        for (String line : Files.readString(file, StandardCharsets.US_ASCII).split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty()) {
                try {
                    if (!t.startsWith("0x")) {
                        throw new NumberFormatException();
                    }
                    values.add(Long.parseUnsignedLong(t.substring(2), 16));
                } catch (NumberFormatException e) {
                    throw new FormatException(file.toString(), offset, "expected a 0x-prefixed hex number, found '"
                            + t + "'");
                }
            }
            offset += line.length() + 1;
        }
        return values;
    }
}
