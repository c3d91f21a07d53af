package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Picks kernel modules and their dependencies out of a release's module tree, decompressed and
 * in load order. Dependencies come from each module's own .modinfo "depends=" string, so no
 * depmod output is needed.
 */
public final class KernelModules {
    /** One module ready for insmod. */
    public record Module(String name, byte[] image) {}

    private final Path moduleDir;
    private final Set<String> builtin;

    public KernelModules(Path moduleDir) {
        this.moduleDir = moduleDir;
        this.builtin = readBuiltin(moduleDir.resolve("modules.builtin"));
    }

    /** The named modules and everything they depend on, dependencies first; built-ins skipped. */
    public List<Module> withDependencies(List<String> names) {
        Map<String, Module> ordered = new LinkedHashMap<>();
        for (String n : names) {
            String name = normalise(n);
            // Debian's sid packages ship no modules.builtin: a requested driver that is not a
            // module file is built in (7.2 builds virtio_pci in). Dependencies must exist.
            if (locate(name).isPresent()) {
                add(name, ordered, new ArrayList<>());
            }
        }
        return List.copyOf(ordered.values());
    }

    private void add(String name, Map<String, Module> ordered, List<String> path) {
        if (ordered.containsKey(name) || builtin.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            throw new HarnessException("module dependency cycle: " + path + " -> " + name);
        }
        Path file = locate(name).orElseThrow(() -> new HarnessException(
                "module " + name + " is neither in " + moduleDir + " nor built in"));
        byte[] image = decompress(file);
        path.add(name);
        for (String dep : depends(image)) {
            add(normalise(dep), ordered, path);
        }
        path.remove(path.size() - 1);
        ordered.put(name, new Module(name, image));
    }

    private Optional<Path> locate(String name) {
        try (Stream<Path> s = Files.walk(moduleDir.resolve("kernel"))) {
            return s.filter(p -> {
                String f = p.getFileName().toString();
                int ko = f.indexOf(".ko");
                return ko > 0 && normalise(f.substring(0, ko)).equals(name);
            }).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] decompress(Path file) {
        String f = file.getFileName().toString();
        try {
            if (f.endsWith(".ko")) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tool = f.endsWith(".xz") ? "xz" : f.endsWith(".zst") ? "zstd" : f.endsWith(".gz") ? "gzip" : null;
        if (tool == null) {
            throw new HarnessException("unknown module compression: " + file);
        }
        // Command gives text; run through a temp file to keep the bytes intact.
        try {
            Path tmp = Files.createTempFile("kexkit-mod", ".ko");
            try {
                Command.of("sh", "-c", tool + " -dc \"$1\" > \"$2\"", "sh", file.toString(), tmp.toString()).output();
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The comma list after "depends=" in the module's .modinfo strings. */
    static List<String> depends(byte[] image) {
        byte[] key = "depends=".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= image.length; i++) {
            if (i > 0 && image[i - 1] != 0) {
                continue;
            }
            for (int k = 0; k < key.length; k++) {
                if (image[i + k] != key[k]) {
                    continue outer;
                }
            }
            int end = i + key.length;
            while (end < image.length && image[end] != 0) {
                end++;
            }
            String list = new String(image, i + key.length, end - i - key.length, StandardCharsets.US_ASCII);
            return list.isEmpty() ? List.of() : List.of(list.split(","));
        }
        return List.of();
    }

    static String normalise(String name) {
        return name.replace('-', '_');
    }

    private static Set<String> readBuiltin(Path file) {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try {
            Set<String> names = new java.util.HashSet<>();
            for (String line : Files.readAllLines(file)) {
                String base = line.substring(line.lastIndexOf('/') + 1);
                int ko = base.indexOf(".ko");
                if (ko > 0) {
                    names.add(normalise(base.substring(0, ko)));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
