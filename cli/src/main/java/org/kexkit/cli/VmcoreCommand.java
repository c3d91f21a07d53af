package org.kexkit.cli;


/** {@code kexkit vmcore}: info and save. */
final class VmcoreCommand extends GroupCommand {
    VmcoreCommand() {
        super("info or save",
                "Inspect and save a vmcore (/proc/vmcore in a capture kernel, or a saved ELF dump).");
    }
}
