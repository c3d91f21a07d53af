package org.kexkit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The one rule by which tests find their fixture files: a fixture is a test resource of the module
 * that owns it ({@code src/test/resources}), found on the test class path, and other modules get it
 * through that module's test-jar. Within a reactor build the class path holds either the owner's
 * {@code target/test-classes} (a file path is returned as it is) or, once the owner was packaged
 * ({@code mvn verify}), its test-jar: then the fixture is copied out once per JVM into a temporary
 * directory, because the code under test takes file names.
 */
public final class Fixtures {
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** The file or directory of the test resource {@code name} (e.g. "kho-samples/stage2-in-fdt.dtb"). */
    public static Path path(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            fail("fixture " + name + " is not on the test class path: its module's src/test/resources should hold it");
        }
        URI uri = uri(url);
        if (uri.getScheme().equals("file")) {
            return Path.of(uri);
        }
        if (uri.getScheme().equals("jar")) {
            return EXTRACTED.computeIfAbsent(name, n -> extract(uri, n));
        }
        return fail("fixture " + name + " is at " + url + ", neither a file nor inside a jar");
    }

    /** The bytes of the test resource file {@code name}. */
    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the files in the test resource directory {@code dir} that end with {@code suffix}, sorted. */
    public static List<String> named(String dir, String suffix) {
        try (Stream<Path> files = Files.list(path(dir))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI uri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
    }

    private static Path extract(URI uri, String name) {
        try {
            Path to = Files.createTempDirectory("kexkit-fixture-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(to)));
            Path from = inJar(uri).provider().getPath(uri);
            Path target = to.resolve(Path.of(name).getFileName().toString());
            try (Stream<Path> tree = Files.walk(from)) {
                for (Path p : tree.toList()) {
                    Path dest = target.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.createDirectories(dest.getParent());
                        Files.copy(p, dest);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy fixture " + name + " out of " + uri, e);
        }
    }

    private static synchronized FileSystem inJar(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary copy left behind is harmless
        }
    }
}
