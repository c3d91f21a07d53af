package org.kexkit.cli;


/** {@code kexkit kdump}: the kdump service's commands. */
final class KdumpCommand extends GroupCommand {
    KdumpCommand() {
        super("load, unload, status, capture, config or setup",
                "The kdump service. Load the capture kernel (at boot, from kexkit-kdump.service), capture the dump after a"
                + " crash, and tell what is loaded and how the last capture went. Settings: /etc/kexkit/kdump.conf"
                + " (kdump.conf(5)).");
    }
}
