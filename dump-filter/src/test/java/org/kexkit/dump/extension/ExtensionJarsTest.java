package org.kexkit.dump.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extension jars: each in its own class loader, found with ServiceLoader; a bad jar is one line. */
class ExtensionJarsTest {
    @TempDir
    Path dir;

    private static String extension(String name) {
        return """
                package sample;
                public final class Same implements org.kexkit.extension.Extension {
                    public String name() { return "%s"; }
                    public int apiVersion() { return org.kexkit.extension.ExtensionApi.VERSION; }
                }
                """.formatted(name);
    }

    @Test
    void twoJarsWithTheSameClassNameStayApart() throws Exception {
        Path a = TestJars.build(dir, "a.jar", Map.of("sample.Same", extension("first")), List.of("sample.Same"));
        Path b = TestJars.build(dir, "b.jar", Map.of("sample.Same", extension("second")), List.of("sample.Same"));
        try (ExtensionJars jars = ExtensionJars.load(List.of(a, b))) {
            assertEquals(List.of("first (" + a + ")", "second (" + b + ")"),
                    jars.found().stream().map(ExtensionJars.Found::describe).toList());
            assertNotSame(jars.found().get(0).extension().getClass(), jars.found().get(1).extension().getClass());
        }
    }

    @Test
    void argumentsGoToTheExtensionOfTheirName() throws Exception {
        String argued = """
                package sample;
                public final class Argued implements org.kexkit.extension.Extension {
                    public String name() { return "argued"; }
                    public int apiVersion() { return org.kexkit.extension.ExtensionApi.VERSION; }
                    public java.util.Map<String, String> arguments() { return java.util.Map.of("comm", "c", "size", "s"); }
                }
                """;
        Path a = TestJars.build(dir, "a.jar", Map.of("sample.Argued", argued), List.of("sample.Argued"));
        Path b = TestJars.build(dir, "b.jar", Map.of("sample.Same", extension("plain")), List.of("sample.Same"));
        try (ExtensionJars jars = ExtensionJars.load(List.of(a, b), List.of(ExtensionArgument.parse("argued.comm=sshd"),
                ExtensionArgument.parse("argued.size=")))) {
            assertEquals(Map.of("comm", "sshd", "size", ""), jars.found().get(0).arguments());
            assertEquals(Map.of(), jars.found().get(1).arguments());
        }
        assertEquals("extension argument plain.comm=x: plain (" + b + ") takes no arguments",
                assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(a, b),
                        List.of(ExtensionArgument.parse("plain.comm=x")))).getMessage());
        assertEquals("extension argument argued.pid=1: argued (" + a + ") takes only comm, size",
                assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(a),
                        List.of(ExtensionArgument.parse("argued.pid=1")))).getMessage());
        assertEquals("extension argument other.comm=x: no extension named other (the jars hold argued, plain)",
                assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(a, b),
                        List.of(ExtensionArgument.parse("other.comm=x")))).getMessage());
    }

    @Test
    void aBadJarIsOneLine() throws Exception {
        Path none = TestJars.build(dir, "none.jar", Map.of("sample.Same", extension("x")), List.of());
        assertEquals(none + ": no extension in it (META-INF/services/org.kexkit.extension.Extension names none)",
                assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(none))).getMessage());
        Path wrong = TestJars.build(dir, "wrong.jar", Map.of("sample.Same", extension("x")), List.of("sample.Other"));
        String m = assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(wrong))).getMessage();
        assertEquals(wrong + ": an extension cannot be loaded: org.kexkit.extension.Extension: Provider sample.Other not found",
                m);
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertEquals(text + ": not a jar: zip END header not found",
                assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(text))).getMessage());
        Path missing = dir.resolve("missing.jar");
        assertEquals(missing + ": no such file",
                assertThrows(ExtensionLoadException.class, () -> ExtensionJars.load(List.of(missing))).getMessage());
    }
}
