package org.kexkit.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extension built against API version 1 (the frozen sources in test resources api-v1) keeps
 * loading and working on the current API, and no published member went away or became abstract.
 */
class ExtensionApiCompatibilityTest {
    private static final String PACKAGE = "org/kexkit/extension/";
    /** The v1 types; all of them must stay. */
    private static final List<String> V1_TYPES = List.of("ExtensionApi", "Extension", "ExtensionException", "Vote",
            "PageVoter", "EraseSource", "EraseSink", "PageDataHook", "Need", "Needs", "Member", "ExtensionContext");
    /** Types an extension implements: they may gain only default methods. */
    private static final List<String> IMPLEMENTED_BY_EXTENSIONS = List.of("Extension", "PageVoter", "EraseSource",
            "PageDataHook");

    private static final String V1_EXTENSION = """
            package sample.v1;
            import java.nio.ByteBuffer;
            import org.kexkit.extension.*;
            public final class OldExtension implements Extension, PageVoter, EraseSource {
                private long base;
                public String name() { return "old"; }
                public int apiVersion() { return ExtensionApi.VERSION; }
                public Needs needs() { return Needs.builder().symbol("init_task").optionalMember("task_struct", "comm").build(); }
                public void start(ExtensionContext c) throws ExtensionException {
                    base = c.symbol("init_task").orElseThrow(() -> new ExtensionException("no init_task"));
                }
                public Vote vote(long pfn, ByteBuffer page) { return page.getLong(0) == 1 ? Vote.DROP : Vote.NO_OPINION; }
                public void eraseRanges(ExtensionContext c, EraseSink sink) { sink.eraseVirtual(base, 16); }
            }
            """;

    @TempDir
    static Path dir;
    private static Path apiV1;

    @BeforeAll
    static void compileV1() throws IOException {
        apiV1 = dir.resolve("api-v1");
        Path sources = dir.resolve("api-v1-src");
        List<Path> files = new ArrayList<>();
        for (String type : V1_TYPES) {
            Path f = sources.resolve(PACKAGE + type + ".java");
            Files.createDirectories(f.getParent());
            try (InputStream in = ExtensionApiCompatibilityTest.class.getResourceAsStream("/api-v1/" + PACKAGE + type + ".java")) {
                Files.write(f, in.readAllBytes());
            }
            files.add(f);
        }
        compile(apiV1, null, files);
    }

    private static void compile(Path out, Path classpath, List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        if (classpath != null) {
            args.addAll(List.of("-cp", classpath.toString()));
        }
        files.forEach(f -> args.add(f.toString()));
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac " + args);
    }

    @Test
    void anExtensionBuiltAgainstV1RunsOnTheCurrentApi() throws Exception {
        Path src = dir.resolve("ext-src/sample/v1/OldExtension.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, V1_EXTENSION);
        Path classes = dir.resolve("ext");
        compile(classes, apiV1, List.of(src));
        Path services = classes.resolve("META-INF/services/org.kexkit.extension.Extension");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "sample.v1.OldExtension\n");

        // Only the extension's classes in its loader: the API comes from the current one, its parent.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Extension.class.getClassLoader())) {
            Extension e = ServiceLoader.load(Extension.class, loader).findFirst().orElseThrow();
            assertEquals("old", e.name());
            assertEquals(1, e.apiVersion());
            assertEquals(List.of(new Need(Need.Kind.SYMBOL, "init_task", "", true),
                    new Need(Need.Kind.MEMBER, "task_struct", "comm", false)), e.needs().all());
            e.start(context(0xffffffff82000000L));
            assertTrue(e instanceof PageVoter);
            assertTrue(e instanceof EraseSource);
            assertTrue(!(e instanceof PageDataHook), "a hook not implemented is simply absent");
            ByteBuffer page = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, 1);
            assertEquals(Vote.DROP, ((PageVoter) e).vote(5, page.asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN)));
            List<String> erased = new ArrayList<>();
            ((EraseSource) e).eraseRanges(context(0), new EraseSink() {
                public void erase(long paddr, long length) {
                }

                public void nullify(long paddr, long length) {
                }

                public boolean eraseVirtual(long vaddr, long length) {
                    return erased.add(Long.toHexString(vaddr) + "+" + length);
                }
            });
            assertEquals(List.of("ffffffff82000000+16"), erased);
        }
    }

    @Test
    void noPublishedMemberWentAwayAndExtensionsImplementNoNewAbstractMethod() throws Exception {
        try (URLClassLoader v1 = new URLClassLoader(new URL[] {apiV1.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String type : V1_TYPES) {
                Class<?> old = v1.loadClass("org.kexkit.extension." + type);
                Class<?> now = Class.forName("org.kexkit.extension." + type);
                Set<String> missing = signatures(old, false);
                missing.removeAll(signatures(now, false));
                assertEquals(Set.of(), missing, type + ": members of API version 1 removed or changed");
                if (IMPLEMENTED_BY_EXTENSIONS.contains(type)) {
                    assertEquals(signatures(old, true), signatures(now, true), type
                            + ": a new abstract method breaks every extension built earlier; add it with a default");
                }
            }
            if (Class.forName("org.kexkit.extension.Vote").getEnumConstants().length > 3) {
                throw new AssertionError("a new vote is not seen by old extensions' callers; fine, but update this test");
            }
        }
    }

    private static Set<String> signatures(Class<?> c, boolean abstractOnly) {
        Set<String> out = new TreeSet<>();
        for (Method m : c.getMethods()) {
            if (m.getDeclaringClass() == Object.class || abstractOnly && !Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            out.add(m.getReturnType().getName() + " " + m.getName() + Arrays.stream(m.getParameterTypes())
                    .map(Class::getName).collect(Collectors.joining(",", "(", ")")));
        }
        if (!abstractOnly) {
            Arrays.stream(c.getFields()).forEach(f -> out.add(f.getType().getName() + " " + f.getName()));
            Arrays.stream(c.getConstructors()).filter(k -> Modifier.isPublic(k.getModifiers())).forEach(k -> out.add("new"
                    + Arrays.stream(k.getParameterTypes()).map(Class::getName).collect(Collectors.joining(",", "(", ")"))));
        }
        return out;
    }

    private static ExtensionContext context(long initTask) {
        return new ExtensionContext() {
            public int apiVersion() {
                return ExtensionApi.VERSION;
            }

            public int pageSize() {
                return 4096;
            }

            public OptionalLong symbol(String name) {
                return name.equals("init_task") ? OptionalLong.of(initTask) : OptionalLong.empty();
            }

            public Optional<Member> member(String struct, String member) {
                return Optional.empty();
            }

            public OptionalLong structSize(String struct) {
                return OptionalLong.empty();
            }

            public boolean readPhysical(long paddr, byte[] dst, int at, int length) {
                return false;
            }

            public boolean readVirtual(long vaddr, byte[] dst, int at, int length) {
                return false;
            }

            public OptionalLong toPhysical(long vaddr) {
                return OptionalLong.empty();
            }

            public void note(String line) {
            }
        };
    }
}
