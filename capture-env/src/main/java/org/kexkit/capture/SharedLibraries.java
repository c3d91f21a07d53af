package org.kexkit.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kexkit.bin.FormatException;

/**
 * The system's shared libraries that a set of ELF programs and libraries need, followed transitively through
 * DT_NEEDED and found in the usual x86-64 library directories under a system root, as the dynamic loader would
 * find them; what a tree brings itself (the Java runtime's own libraries) is left out. No program is run.
 */
public final class SharedLibraries {
    /** Where Debian (multiarch) and Fedora (lib64) keep the x86-64 libraries, searched in this order. */
    static final List<String> SEARCH = List.of("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64", "usr/lib64",
            "lib", "usr/lib");
    /**
     * Libraries opened with dlopen, so that no ELF file names them: glibc pieces jffi may ask for, and
     * libzstd and liblzo2, which kexkit binds for makedumpfile -z and -l (with pure-Java fallbacks).
     */
    static final List<String> DLOPENED = List.of("libdl.so.2", "libpthread.so.0", "librt.so.1", "libzstd.so.1",
            "liblzo2.so.2");
    /** An ELF file larger than this is not read: the largest library a capture needs (libjvm) is some 25 MiB. */
    private static final long MAX_ELF = 256L << 20;

    private final Path root;
    private final List<Path> extraDirs;

    public SharedLibraries(Path root) {
        this(root, List.of());
    }

    /** Also looking in {@code extraDirs} first (unpacked packages the system lacks), as LD_LIBRARY_PATH would. */
    public SharedLibraries(Path root, List<Path> extraDirs) {
        this.root = root;
        this.extraDirs = List.copyOf(extraDirs);
    }

    /**
     * The libraries {@code elves} need that {@code providedNames} (file names a tree brings) do not cover, plus
     * the dlopen'ed ones where present: the name the loader asks for -> the file found under that name (a link to
     * the versioned file, as the system has it; read it through the link).
     */
    public TreeMap<String, Path> of(Collection<Path> elves, Set<String> providedNames) throws IOException {
        TreeMap<String, Path> found = new TreeMap<>();
        resolve(elves, providedNames, found);
        for (String name : DLOPENED) {
            Path lib = locate(name);
            if (lib != null && !found.containsKey(name)) {
                found.put(name, lib);
                resolve(List.of(lib), providedNames, found);
            }
        }
        return found;
    }

    /** Adds to {@code found} what {@code elves} need, transitively. */
    private void resolve(Collection<Path> elves, Set<String> providedNames, TreeMap<String, Path> found)
            throws IOException {
        Deque<Path> todo = new ArrayDeque<>(elves);
        Set<String> missing = new TreeSet<>();
        Set<Path> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            Path elf = todo.pop();
            if (!seen.add(elf.toRealPath())) {
                continue;
            }
            ElfLinkage linkage = linkage(elf);
            if (linkage == null) {
                continue; // a script: the loader is not involved
            }
            if (linkage.interpreter().isPresent()) {
                Path interp = root.resolve(linkage.interpreter().get().replaceFirst("^/+", ""));
                if (!Files.isRegularFile(interp)) {
                    missing.add(linkage.interpreter().get());
                } else {
                    found.put(interp.getFileName().toString(), interp);
                }
            }
            for (String name : linkage.needed()) {
                if (providedNames.contains(name) || found.containsKey(name)) {
                    continue;
                }
                Path lib = locate(name);
                if (lib == null) {
                    missing.add(name + " (needed by " + elf.getFileName() + ")");
                    continue;
                }
                found.put(name, lib);
                todo.push(lib);
            }
        }
        if (!missing.isEmpty()) {
            throw new CaptureEnvException("libraries not found under " + root + " in " + SEARCH + ": " + missing);
        }
    }

    private Path locate(String name) {
        for (Path dir : extraDirs) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        for (String dir : SEARCH) {
            Path p = root.resolve(dir).resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The file's linkage, or null when it is no ELF file. */
    private static ElfLinkage linkage(Path elf) throws IOException {
        if (Files.size(elf) > MAX_ELF) {
            throw new CaptureEnvException(elf + ": larger than " + (MAX_ELF >> 20) + " MiB, not read as a library");
        }
        byte[] bytes = Files.readAllBytes(elf);
        if (!ElfLinkage.isElf(bytes)) {
            return null;
        }
        try {
            return ElfLinkage.read(bytes, elf.toString());
        } catch (FormatException e) {
            throw new CaptureEnvException(e.getMessage(), e);
        }
    }
}
