package org.kexkit.dump.extension;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.kexkit.extension.Extension;

/** Extension jars built in a test: sources compiled against the API on the test class path, then jarred. */
public final class TestJars {
    private TestJars() {
    }

    /**
     * A jar at {@code jar} with {@code sources} (class name to source) compiled, and a service file
     * naming {@code services} (none: no service file).
     */
    public static Path build(Path dir, String jarName, Map<String, String> sources, List<String> services) throws IOException {
        Path src = Files.createDirectories(dir.resolve(jarName + "-src"));
        Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac failed: " + args);
        }
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> all = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
            if (!services.isEmpty()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + Extension.class.getName()));
                OutputStream o = out;
                o.write((String.join("\n", services) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }
        return jar;
    }
}
