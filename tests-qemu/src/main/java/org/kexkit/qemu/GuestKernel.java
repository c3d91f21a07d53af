package org.kexkit.qemu;

import java.nio.file.Path;

/**
 * A Debian kernel ready to boot in QEMU.
 *
 * @param label short name used in reports and test names ("6.1", "7.2")
 * @param release the uname -r string, e.g. 6.1.0-56-cloud-amd64
 * @param vmlinuz the bzImage
 * @param modules the directory holding kernel/ (modules of this release)
 * @param debugVmlinux the vmlinux with DWARF from the -dbg package, inside the sid root
 */
public record GuestKernel(String label, String release, Path vmlinuz, Path modules, Path debugVmlinux) {}
