package org.kexkit.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.qemu.run.QemuRunException;

/**
 * The human-readable version string a bzImage carries in its real-mode part, e.g.
 * "7.2.13-kho (root@vm) #1 SMP PREEMPT ...": setup_header.kernel_version (u16 at 0x20e, boot
 * protocol 2.00+) points to it, less 0x200 (Documentation/arch/x86/boot.rst, "kernel_version").
 * Read here rather than with kexec-loader's BzImage, which the harness's main code does not link.
 */
record SetupHeaderVersion(String text) {
    /** setup_header.kernel_version, arch/x86/include/uapi/asm/bootparam.h. */
    static final int KERNEL_VERSION = 0x20e;
    /** boot.rst: the pointer is relative to the start of the setup part less 0x200. */
    static final int POINTER_BIAS = 0x200;
    /** setup_header.header "HdrS" (boot.rst). */
    static final int HEADER = 0x202;

    static SetupHeaderVersion read(Path image) {
        byte[] setup;
        try {
            setup = Files.readAllBytes(image);
        } catch (IOException e) {
            throw new QemuRunException("cannot read " + image + ": " + e.getMessage(), e);
        }
        if (setup.length < HEADER + 4 || !new String(setup, HEADER, 4, StandardCharsets.US_ASCII).equals("HdrS")) {
            throw new QemuRunException(image + " is not a bzImage (no \"HdrS\" at 0x202)");
        }
        int pointer = (setup[KERNEL_VERSION] & 0xff) | (setup[KERNEL_VERSION + 1] & 0xff) << 8;
        int start = pointer + POINTER_BIAS;
        if (pointer == 0 || start >= setup.length) {
            throw new QemuRunException(image + ": setup_header.kernel_version 0x" + Integer.toHexString(pointer)
                    + " points outside the setup part");
        }
        int end = start;
        while (end < setup.length && setup[end] != 0) {
            end++;
        }
        return new SetupHeaderVersion(new String(setup, start, end - start, StandardCharsets.US_ASCII));
    }

    /** The first word: the release, as uname -r gives it. */
    String release() {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
