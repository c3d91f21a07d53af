package org.kexkit.kexec.luo;

import java.nio.file.Path;
import org.kexkit.kexec.KexecException;

/**
 * A file kexkit will not hand over, found before anything reaches the kernel: a name that cannot
 * be a file name in the next kernel, a name given twice, or a file that cannot be read.
 */
public final class PreserveRefused extends KexecException {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Problem {
        /** Not letters, digits and . _ + -, or starting with '.', or longer than 128 (LuoIndex.validName). */
        BAD_NAME,
        /** Two requests share the name. */
        NAME_TWICE,
        /** The file cannot be read; {@link #detail()} says why. */
        UNREADABLE
    }

    private final Problem problem;
    private final LuoPreserver.Request request;
    private final String detail;

    PreserveRefused(Problem problem, LuoPreserver.Request request, String detail) {
        super(message(problem, request, detail));
        this.problem = problem;
        this.request = request;
        this.detail = detail;
    }

    public Problem problem() {
        return problem;
    }

    public LuoPreserver.Request request() {
        return request;
    }

    /** The I/O error text for {@link Problem#UNREADABLE}, else empty. */
    public String detail() {
        return detail;
    }

    private static String message(Problem problem, LuoPreserver.Request request, String detail) {
        String name = request.name();
        Path file = request.file();
        return switch (problem) {
            case BAD_NAME -> "'" + name + "' cannot name a preserved file: it becomes a file name in the next kernel,"
                    + " so it must be letters, digits and . _ + - (not starting with '.'), at most 128";
            case NAME_TWICE -> "two files are to be preserved as '" + name + "'";
            case UNREADABLE -> file + " (to be preserved as " + name + "): cannot read: " + detail;
        };
    }
}
