package org.kexkit.capture;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Picks kernel modules and their dependencies out of a release's module tree
 * ({@code /lib/modules/RELEASE}), unpacked and in load order. Dependencies come from each module's own
 * .modinfo "depends=" string, so no depmod output is needed; .ko.gz, .ko.xz and .ko.zst unpack in pure
 * Java (no process is started).
 */
public final class KernelModules {
    /** One module ready for insmod. */
    public record Module(String name, byte[] image) {}

    /** A module file larger than this is refused rather than read: the largest driver is a few MiB. */
    private static final long MAX_MODULE = 256L << 20;

    private final Path moduleDir;
    private final Set<String> builtin;
    private Map<String, List<String>> aliases;

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
            throw new CaptureEnvException("module dependency cycle: " + path + " -> " + name);
        }
        Path file = locate(name).orElseThrow(() -> new CaptureEnvException(
                "module " + name + " is neither in " + moduleDir + " nor built in"));
        byte[] image = unpack(file);
        path.add(name);
        for (String dep : depends(image)) {
            add(normalise(dep), ordered, path);
        }
        // "softdep=pre: crc32c" (ext4): modprobe loads these first; they may name an alias, and a kernel may
        // have them built in, so one that is found is added and one that is not is left out
        for (String soft : softPre(image)) {
            Optional<String> module = locate(normalise(soft)).isPresent() ? Optional.of(normalise(soft))
                    : aliases().getOrDefault(soft, List.of()).stream().filter(m -> locate(m).isPresent()).findFirst()
                            .or(() -> genericCrypto(soft));
            if (module.isPresent() && !path.contains(module.get())) {
                add(module.get(), ordered, path);
            }
        }
        path.remove(path.size() - 1);
        ordered.put(name, new Module(name, image));
    }

    /**
     * A crypto algorithm's generic implementation, NAME_generic (crypto/crc32c_generic.c and the like declare the
     * aliases NAME and crypto-NAME with MODULE_ALIAS_CRYPTO; 6.1's ext4 asks for "crypto-crc32c"), when no
     * modules.alias says so: a kernel package unpacked with dpkg-deb has none, since depmod writes it at install time.
     */
    private Optional<String> genericCrypto(String soft) {
        String generic = normalise(soft.startsWith("crypto-") ? soft.substring("crypto-".length()) : soft) + "_generic";
        return Files.exists(moduleDir.resolve("modules.alias")) || locate(generic).isEmpty() ? Optional.empty()
                : Optional.of(generic);
    }

    private Optional<Path> locate(String name) {
        Path kernel = moduleDir.resolve("kernel");
        if (!Files.isDirectory(kernel)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(kernel)) {
            return s.filter(p -> {
                String f = p.getFileName().toString();
                int ko = f.indexOf(".ko");
                return ko > 0 && normalise(f.substring(0, ko)).equals(name);
            }).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module's ELF image: read as is, or unpacked by its suffix (kmod's three compressions). */
    static byte[] unpack(Path file) {
        String f = file.getFileName().toString();
        try {
            if (Files.size(file) > MAX_MODULE) {
                throw new CaptureEnvException(file + ": larger than " + (MAX_MODULE >> 20) + " MiB, not a module");
            }
            if (f.endsWith(".ko")) {
                return Files.readAllBytes(file);
            }
            try (InputStream raw = Files.newInputStream(file); InputStream in = unpacking(f, raw, file)) {
                return in.readNBytes((int) (4 * MAX_MODULE));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CaptureEnvException c) {
                throw c;
            }
            throw new CaptureEnvException(file + ": does not unpack: " + e.getMessage(), e);
        }
    }

    private static InputStream unpacking(String name, InputStream raw, Path file) throws IOException {
        if (name.endsWith(".ko.gz")) {
            return new GZIPInputStream(raw, 1 << 16);
        }
        if (name.endsWith(".ko.xz")) {
            return new XZInputStream(raw);
        }
        if (name.endsWith(".ko.zst")) {
            return new ZstdInputStream(raw);
        }
        throw new CaptureEnvException("unknown module compression: " + file);
    }

    /** The comma list after "depends=" in the module's .modinfo strings. */
    static List<String> depends(byte[] image) {
        String list = modinfo(image, "depends=");
        return list == null || list.isEmpty() ? List.of() : List.of(list.split(","));
    }

    /** The names after "pre:" in "softdep=pre: a b post: c", up to "post:". */
    static List<String> softPre(byte[] image) {
        String value = modinfo(image, "softdep=");
        if (value == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        boolean pre = false;
        for (String word : value.trim().split("\\s+")) {
            if (word.endsWith(":")) {
                pre = word.equals("pre:");
            } else if (pre && !word.isEmpty()) {
                names.add(word);
            }
        }
        return names;
    }

    /** modules.alias's plain (wildcard-free) aliases: alias -> modules, in the file's order. */
    private Map<String, List<String>> aliases() {
        if (aliases == null) {
            aliases = new java.util.HashMap<>();
            Path file = moduleDir.resolve("modules.alias");
            if (Files.exists(file)) {
                try {
                    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                        String[] f = line.split(" ");
                        if (f.length == 3 && f[0].equals("alias") && !f[1].contains("*")) {
                            aliases.computeIfAbsent(f[1], k -> new ArrayList<>()).add(normalise(f[2]));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return aliases;
    }

    /** The value of the first .modinfo string starting with {@code keyText}, or null. */
    private static String modinfo(byte[] image, String keyText) {
        byte[] key = keyText.getBytes(StandardCharsets.US_ASCII);
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
            return new String(image, i + key.length, end - i - key.length, StandardCharsets.US_ASCII);
        }
        return null;
    }

    /** Module names compare with '-' and '_' alike, as the kernel's module loader does. */
    public static String normalise(String name) {
        return name.replace('-', '_');
    }

    private static Set<String> readBuiltin(Path file) {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try {
            Set<String> names = new HashSet<>();
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
