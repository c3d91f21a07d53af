package org.kexkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/** What every `kexkit kexec` action needs: the environment, where to print, -d and --sysroot. */
record KexecContext(CliEnvironment environment, CommandLine commandLine, boolean debug, SysrootOption sysroot) {
    PrintWriter out() {
        return commandLine.getOut();
    }

    /** Where /proc and /sys are read: --sysroot, else the environment's root. */
    Path systemRoot() {
        return sysroot.root(environment);
    }

    /** A -d line on stderr. */
    void debug(String message) {
        if (debug) {
            commandLine.getErr().println("kexkit: " + ErrorReporter.oneLine(message));
        }
    }

    void warn(String message) {
        commandLine.getErr().println("kexkit: warning: " + ErrorReporter.oneLine(message));
    }

    /** A usage error (exit 2) that names the command's help. */
    ParameterException usage(String message) {
        return new ParameterException(commandLine, message);
    }
}
