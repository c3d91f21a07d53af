package org.kexkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the kexkit command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try {
            code = run(CliEnvironment.live(), out, err, args);
        } catch (Throwable t) {
            // e.g. OutOfMemoryError: still one line, never a bare stack
            err.println("kexkit: fatal " + ErrorReporter.oneLine(String.valueOf(t)));
            code = ErrorReporter.EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        // Not System.exit: since JDK 21 it looks up a System.Logger to log the exit, and finding the
        // logger backend opens every jar on the class path (a third of `kexkit --version`). No
        // shutdown hook of kexkit's is left by now (a dump removes its own) and the output is flushed.
        Runtime.getRuntime().halt(code);
    }

    /** Runs one command line and returns its exit code: 0 ok, 1 error, 2 usage. */
    public static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine command = new CommandBuilder(environment).forArgs(args);
        command.setOut(out);
        command.setErr(err);
        int code = command.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Every command, as picocli models them. */
    static CommandLine commandLine(CliEnvironment environment) {
        return new CommandBuilder(environment).whole();
    }
}
