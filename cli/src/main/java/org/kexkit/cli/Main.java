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
            err.println("kexkit: fatal " + t);
            code = ErrorReporter.EXIT_FAILURE;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code: 0 ok, 1 error, 2 usage. */
    public static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine command = commandLine(environment);
        command.setOut(out);
        command.setErr(err);
        int code = command.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(CliEnvironment environment) {
        ErrorReporter reporter = new ErrorReporter();
        CommandLine command = new CommandLine(new KexkitCommand(), new CommandFactory(environment));
        command.setExecutionExceptionHandler(reporter);
        command.setParameterExceptionHandler(reporter);
        command.setCaseInsensitiveEnumValuesAllowed(true);
        HelpLayout.apply(command);
        return command;
    }
}
