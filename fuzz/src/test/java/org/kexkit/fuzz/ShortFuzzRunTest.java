package org.kexkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every build fuzzes each target for a short budget ({@link #SECONDS} s of coverage-guided
 * mutation beyond the committed inputs the targets replay as tests), as many targets at a time
 * as there are processors: a parser change that breaks the promise on a near input fails here.
 * scripts/fuzz runs the same for as long as one likes.
 */
@Tag("fuzz") // in scripts/test (the qemu profile), not in plain `mvn test`: 15 JVM starts cost minutes
class ShortFuzzRunTest {
    /**
     * Seconds of fuzzing per target in a build (each target in a JVM of its own, whose start costs
     * more than the fuzzing); {@code -Dkexkit.fuzz.seconds=0} leaves only the replay of the inputs.
     */
    static final long SECONDS = Long.getLong("kexkit.fuzz.seconds", 2);

    @TempDir
    Path out;

    @Test
    void everyTargetFuzzesWithoutFinding() throws Exception {
        Assumptions.assumeTrue(SECONDS > 0, "kexkit.fuzz.seconds=0: the committed inputs only");
        int parallel = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<FuzzRun.Result>> runs = new ArrayList<>();
        try {
            for (String target : FuzzRun.TARGETS) {
                runs.add(pool.submit(() -> FuzzRun.run(target, SECONDS, Long.MAX_VALUE, out)));
            }
            List<String> bad = new ArrayList<>();
            for (Future<FuzzRun.Result> f : runs) {
                FuzzRun.Result r = f.get();
                System.out.println(r.line());
                if (r.found() || r.inputs() == 0) {
                    bad.add(r.line() + "\n" + tail(r.log()));
                }
            }
            assertEquals(List.of(), bad);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
