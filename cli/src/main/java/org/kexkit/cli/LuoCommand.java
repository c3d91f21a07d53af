package org.kexkit.cli;


/** {@code kexkit luo}: restore. */
final class LuoCommand extends GroupCommand {
    LuoCommand() {
        super("restore",
                "Live Update Orchestrator (Linux 7.2, /dev/liveupdate): files handed over with"
                    + " kexkit kexec -e --preserve.");
    }
}
