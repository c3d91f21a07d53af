package org.kexkit.dump.extension;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.zip.ZipFile;
import org.kexkit.bin.OneLine;
import org.kexkit.extension.Extension;

/**
 * The extensions of a list of jars: each jar in a class loader of its own (whose parent holds the
 * extension API, so two jars never see each other's classes), its extensions found with
 * {@link ServiceLoader}. Closing closes the class loaders.
 */
public final class ExtensionJars implements AutoCloseable {
    /** An extension, the jar it came from and the arguments the user gave it (key to value). */
    public record Found(Path jar, Extension extension, Map<String, String> arguments) {
        public Found {
            arguments = Map.copyOf(arguments);
        }

        /** An extension given no arguments. */
        public Found(Path jar, Extension extension) {
            this(jar, extension, Map.of());
        }

        /** As messages name it: {@code name (jar)}. */
        public String describe() {
            return extension.name() + " (" + jar + ")";
        }
    }

    private final List<URLClassLoader> loaders;
    private final List<Found> found;

    private ExtensionJars(List<URLClassLoader> loaders, List<Found> found) {
        this.loaders = loaders;
        this.found = List.copyOf(found);
    }

    /** Loads every extension of {@code jars}, in order; a jar that is unreadable or holds none is an error. */
    public static ExtensionJars load(List<Path> jars) throws ExtensionLoadException {
        return load(jars, List.of());
    }

    /**
     * As {@link #load(List)}, each extension given the {@code arguments} naming it. An argument naming no
     * extension of the jars, a key the extension does not declare, or a key given twice is an error.
     */
    public static ExtensionJars load(List<Path> jars, List<ExtensionArgument> arguments) throws ExtensionLoadException {
        ExtensionJars loaded = loadJars(jars);
        try {
            return new ExtensionJars(loaded.loaders, withArguments(loaded.found, arguments));
        } catch (ExtensionLoadException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    private static List<Found> withArguments(List<Found> found, List<ExtensionArgument> arguments)
            throws ExtensionLoadException {
        Map<String, Map<String, String>> byName = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Found f : found) {
            names.add(f.extension().name());
        }
        for (ExtensionArgument a : arguments) {
            if (!names.contains(a.extension())) {
                throw new ExtensionLoadException("extension argument " + a + ": no extension named " + a.extension()
                        + " (the jars hold " + String.join(", ", names) + ")");
            }
            for (Found f : found) {
                if (f.extension().name().equals(a.extension()) && !declared(f).containsKey(a.key())) {
                    Set<String> keys = declared(f).keySet();
                    throw new ExtensionLoadException("extension argument " + a + ": " + f.describe() + " takes "
                            + (keys.isEmpty() ? "no arguments" : "only " + String.join(", ", new TreeSet<>(keys))));
                }
            }
            if (byName.computeIfAbsent(a.extension(), n -> new HashMap<>()).putIfAbsent(a.key(), a.value()) != null) {
                throw new ExtensionLoadException("extension argument " + a.extension() + "." + a.key() + " given twice");
            }
        }
        List<Found> out = new ArrayList<>();
        for (Found f : found) {
            out.add(new Found(f.jar(), f.extension(), byName.getOrDefault(f.extension().name(), Map.of())));
        }
        return out;
    }

    /** The keys an extension declares; an extension whose declaration throws declares none. */
    private static Map<String, String> declared(Found f) throws ExtensionLoadException {
        try {
            Map<String, String> keys = f.extension().arguments();
            return keys == null ? Map.of() : keys;
        } catch (RuntimeException | LinkageError e) {
            throw new ExtensionLoadException(f.describe() + ": its arguments() failed: " + oneLine(e), e);
        }
    }

    private static ExtensionJars loadJars(List<Path> jars) throws ExtensionLoadException {
        List<URLClassLoader> loaders = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        try {
            for (Path jar : jars) {
                checkJar(jar);
                URLClassLoader loader;
                try {
                    loader = new URLClassLoader("extension " + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                            Extension.class.getClassLoader());
                } catch (IOException e) {
                    throw new ExtensionLoadException(jar + ": " + e.getMessage(), e);
                }
                loaders.add(loader);
                int before = found.size();
                try {
                    for (Extension e : ServiceLoader.load(Extension.class, loader)) {
                        found.add(new Found(jar, e));
                    }
                } catch (ServiceConfigurationError | LinkageError e) {
                    throw new ExtensionLoadException(jar + ": an extension cannot be loaded: " + oneLine(e), e);
                }
                if (found.size() == before) {
                    throw new ExtensionLoadException(jar + ": no extension in it (META-INF/services/"
                            + Extension.class.getName() + " names none)");
                }
            }
            return new ExtensionJars(loaders, found);
        } catch (ExtensionLoadException | RuntimeException e) {
            closeAll(loaders);
            throw e;
        }
    }

    private static void checkJar(Path jar) throws ExtensionLoadException {
        if (!Files.isRegularFile(jar)) {
            throw new ExtensionLoadException(jar + ": no such file");
        }
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.size();
        } catch (IOException e) {
            throw new ExtensionLoadException(jar + ": not a jar: " + e.getMessage(), e);
        }
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t;
        return OneLine.of(m);
    }

    public List<Found> found() {
        return found;
    }

    @Override
    public void close() {
        closeAll(loaders);
    }

    private static void closeAll(List<URLClassLoader> loaders) {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException e) {
                // a jar left open until exit costs nothing
            }
        }
    }
}
