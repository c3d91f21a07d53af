package org.kexkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.OneLine;
import org.kexkit.dump.DumpException;
import org.kexkit.kexec.KexecException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns every failure into exactly one line on stderr, {@code kexkit: message}:
 * exit 2 for usage errors, 1 for everything else. Stack traces only with
 * --verbose, and an unexpected exception says so.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String help = command.getCommandSpec().qualifiedName();
        err.println("kexkit: " + oneLine(UsageText.of(ex, args)) + " (see '" + help + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        boolean verbose = verbose(parseResult);
        if (verbose) {
            ex.printStackTrace(err);
        }
        String message = expectedMessage(ex);
        if (message == null) {
            message = "unexpected " + ex.getClass().getName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                    + (verbose ? "" : " (use --verbose for the stack)");
        }
        err.println("kexkit: " + oneLine(message));
        err.flush();
        return EXIT_FAILURE;
    }

    /** The user-facing message of an expected failure, or null for a bug. */
    static String expectedMessage(Exception ex) {
        String advised = Advice.of(ex);
        if (advised != null) {
            return advised;
        }
        if (ex instanceof FormatException || ex instanceof KexecException || ex instanceof DumpException
                || ex instanceof CommandFailure || ex instanceof org.kexkit.kho.KhoException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException e) {
            return OneLine.of(e.getFile()) + ": no such file";
        }
        if (ex instanceof AccessDeniedException e) {
            return OneLine.of(e.getFile()) + ": permission denied";
        }
        if (ex instanceof FileSystemException e) {
            return OneLine.of(e.getFile()) + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        if (ex instanceof IOException) {
            return ex.getMessage() != null ? ex.getMessage() : "I/O error (" + ex.getClass().getSimpleName() + ")";
        }
        return null;
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Any message as one line: a multi-line one (picocli's usage texts, a JDK exception's) joined
     * with "; ", then what control characters remain (a file name's, a kernel's) escaped.
     */
    static String oneLine(String text) {
        return text == null ? "" : OneLine.of(text.strip().replaceAll("\\s*\\R\\s*", "; "));
    }
}
