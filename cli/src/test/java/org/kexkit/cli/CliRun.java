package org.kexkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** One run of the CLI with captured output. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(environment, new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }

    /** The single stderr line, asserting there is exactly one. */
    String errLine() {
        List<String> lines = errLines();
        if (lines.size() != 1) {
            throw new AssertionError("expected one stderr line, found " + lines.size() + ":\n" + err);
        }
        return lines.get(0);
    }
}
