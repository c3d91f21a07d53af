package org.kexkit.cli;


/** {@code kexkit pmem}: list. */
final class PmemCommand extends GroupCommand {
    PmemCommand() {
        super("list",
                "Persistent memory: regions, namespaces, and which of their bytes a dump keeps.");
    }
}
