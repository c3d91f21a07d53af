package org.kexkit.cli;

import org.kexkit.dump.FlattenedInputException;
import org.kexkit.dump.TargetExistsException;
import org.kexkit.kexec.luo.LuoFailure;
import org.kexkit.kexec.luo.PreserveRefused;
import org.kexkit.kho.system.KhoDebugfsAbsent;
import org.kexkit.kho.system.KhoDebugfsReader;

/**
 * The cli's words for failures the libraries report as typed facts: the same fact, with the
 * flags, commands and boot options that help here. Other front ends word them their own way.
 */
final class Advice {
    private Advice() {
    }

    /** The one line for a typed library failure, or null when {@code e} carries no facts to word. */
    static String of(Exception e) {
        if (e instanceof KhoDebugfsAbsent a) {
            return absence(a.absence());
        }
        if (e instanceof LuoFailure f) {
            return luo(f);
        }
        if (e instanceof PreserveRefused p) {
            return preserve(p);
        }
        if (e instanceof TargetExistsException t) {
            return t.getMessage() + " (use --force to replace it)";
        }
        if (e instanceof FlattenedInputException f) {
            return f.input() + ": offset 0x0: a flattened dump (makedumpfile -F): rebuild it first with "
                    + "'kexkit makedumpfile -R DUMPFILE < " + f.input() + "', then filter DUMPFILE";
        }
        return null;
    }

    /** Why there is no /sys/kernel/debug/kho, and what to do about it. */
    static String absence(KhoDebugfsReader.Absence absence) {
        return absence.path() + ": " + switch (absence.reason()) {
            case NOT_MOUNTED -> "debugfs is not mounted (mount -t debugfs none /sys/kernel/debug)";
            case NOT_READABLE -> "not readable (debugfs is for root only)";
            case READ_FAILED -> "cannot read: " + absence.error();
            case NO_KHO -> "missing: KHO is off (boot with kho=on a kernel built with CONFIG_KEXEC_HANDOVER)";
        };
    }

    private static String luo(LuoFailure f) {
        return f.getMessage() + switch (f.meaning()) {
            case SESSION_EXISTS -> " (is another kexkit kexec -e --preserve running?)";
            case NO_SESSION_HANDED_OVER -> " (the previous kernel did not run kexkit kexec -e --preserve, or it was"
                    + " restored already)";
            default -> "";
        };
    }

    private static String preserve(PreserveRefused p) {
        String name = p.request().name();
        return switch (p.problem()) {
            case BAD_NAME -> "--preserve " + name + "=...: NAME must be letters, digits and . _ + - (not starting with"
                    + " '.'), at most 128: it becomes a file name in the next kernel";
            case NAME_TWICE -> "--preserve " + name + " is given twice";
            case UNREADABLE -> "--preserve " + name + "=" + p.request().file() + ": cannot read: " + p.detail();
        };
    }
}
