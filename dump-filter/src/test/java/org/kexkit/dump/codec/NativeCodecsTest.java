package org.kexkit.dump.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libzstd and liblzo2 through jffi: where the host has the libraries (scripts/setup installs both), the bindings must load. */
class NativeCodecsTest {
    private static final int PAGE = 4096;
    /** Where Debian's dynamic loader finds libraries by default (multiarch first). */
    private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
            "/usr/lib64", "/lib", "/usr/lib");

    @Test
    void loadsTheSystemLibrary() {
        assumeTrue(installed("libzstd.so.1"), "libzstd.so.1 is not installed (Debian's libzstd1): kexkit uses its pure-Java zstd");
        assumeTrue(installed("liblzo2.so.2"), "liblzo2.so.2 is not installed (Debian's liblzo2-2): kexkit uses its pure-Java LZO");
        assertTrue(NativeZstd.load().isPresent(), "libzstd.so.1 is installed, so the binding must load");
        assertTrue(ZstdCodec.isNative());
        assertTrue(LzoCodec.isNative(), "liblzo2.so.2 (Debian's liblzo2-2)");
    }

    private static boolean installed(String soname) {
        return LIBRARY_DIRS.stream().anyMatch(dir -> Files.exists(Path.of(dir, soname)));
    }

    @Test
    void framesDecodeWithThePureJavaDecoder() {
        roundTrip(new ZstdCodec());
        roundTrip(new LzoCodec());
    }

    private static void roundTrip(PageCodec codec) {
        byte[] page = new byte[PAGE];
        byte[] text = "struct page { unsigned long flags; } ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < PAGE; i++) {
            page[i] = text[i % text.length];
        }
        byte[] out = new byte[2 * PAGE];
        int n = codec.newCompressor(PAGE).compress(page, 0, PAGE, out);
        assertTrue(n > 0 && n < 400, codec.name() + ": a repetitive page compresses well, got " + n);
        byte[] back = new byte[PAGE];
        assertEquals(PAGE, codec.newDecompressor().decompress(out, 0, n, back));
        assertArrayEquals(page, back);
    }

    @Test
    void incompressiblePagesAreLeftRaw() {
        byte[] page = new byte[2 * PAGE];
        new Random(7).nextBytes(page);
        byte[] out = new byte[2 * PAGE];
        // at an offset, as the writer's batches pass them
        assertEquals(-1, new ZstdCodec().newCompressor(PAGE).compress(page, PAGE, PAGE, out));
        assertEquals(-1, new LzoCodec().newCompressor(PAGE).compress(page, PAGE, PAGE, out));
    }

    /** A library that cannot be bound: the codec falls back, and the reason is kept for the report. */
    @Test
    void aMissingLibraryKeepsWhy() {
        NativeLibrary<NativeZstd.Lib> missing = new NativeLibrary<>("kexkit-no-such-library",
                "libkexkit-no-such-library.so.1", NativeZstd.Lib::new);
        assertTrue(missing.get().isEmpty());
        String why = missing.unavailable().orElseThrow();
        assertTrue(why.startsWith("libkexkit-no-such-library cannot be loaded ("), why);
        assertTrue(ZstdCodec.isNative() == new ZstdCodec().fallback().isEmpty(), "a native codec reports no fallback");
    }
}
