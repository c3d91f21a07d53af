package org.kexkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every build fuzzes each target for a short budget (SECONDS of coverage-guided mutation beyond
 * the committed inputs the targets replay as tests): a parser change that breaks the promise on
 * a near input fails here. scripts/fuzz runs the same for hours.
 */
class ShortFuzzRunTest {
    /** Seconds of fuzzing per target in a build (15 targets: about 1.5 min with the JVMs' start). */
    static final long SECONDS = 3;

    static final java.util.List<String> TARGETS = FuzzRun.TARGETS;

    @TempDir
    Path out;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void fuzzesWithoutFinding(String target) throws Exception {
        FuzzRun.Result r = FuzzRun.run(target, SECONDS, Long.MAX_VALUE, out);
        assertFalse(r.found(), () -> r.line() + "\n" + tail(r.log()));
        assertTrue(r.inputs() > 0, r::line);
    }

    private static String tail(Path log) {
        try {
            String text = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
