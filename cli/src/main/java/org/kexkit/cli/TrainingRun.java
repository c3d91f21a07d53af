package org.kexkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs several command lines in one JVM, their output discarded: the workload the build records
 * the runtime's class archive from (runtime/build-runtime), since the JVM trains an archive on one
 * process. Each line of the file is one command line, its words separated by tabs. Not for users.
 */
public final class TrainingRun {
    private TrainingRun() {
    }

    public static void main(String[] args) throws IOException {
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (String line : lines) {
            if (!line.isBlank()) {
                Main.run(CliEnvironment.live(), discard, discard, line.split("\t"));
            }
        }
    }
}
