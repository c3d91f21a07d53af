package org.kexkit.cli;


/** {@code kexkit kho}: status, show, check and versions. */
final class KhoCommand extends GroupCommand {
    KhoCommand() {
        super("status, show, check or versions",
                "Kexec HandOver (kho-v1 to kho-v4, Linux 7.2's kho-v4 on a live system): state, handover FDTs and"
                    + " subtree blobs, whether a next kernel takes them, and which kernels can hand over to which.");
    }
}
