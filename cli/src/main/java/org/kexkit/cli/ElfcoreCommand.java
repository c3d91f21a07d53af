package org.kexkit.cli;


/** {@code kexkit elfcore}: show. */
final class ElfcoreCommand extends GroupCommand {
    ElfcoreCommand() {
        super("show",
                "Inspect ELF core headers: a crash elfcorehdr (as written by --elfcorehdr-out) or any ELF core.");
    }
}
