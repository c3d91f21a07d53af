package org.kexkit.qemu.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What one panic-test boot did: whether the capture wrote its dump, and the times (seconds of host time, NaN
 * where a step never came).
 *
 * @param crashkernelMiB the reservation it booted with
 * @param failure        what went wrong, in one line; empty when the dump was written (status result=ok)
 * @param bootSeconds    QEMU's start to the first kernel's userspace
 * @param loadSeconds    the capture kernel's load by kexkit, in the guest's uptime
 * @param panicToDumpSeconds sysrq-c to the capture's end (dump, log and record written, synced)
 * @param dumpBytes      the dump file's size, -1 without one
 * @param dump           the dump, copied off the disk
 * @param crashDir       the crash directory it is in (dmesg.txt, dump, status)
 * @param serialLog      the console log, stamped with host time
 */
public record PanicTestOutcome(int crashkernelMiB, Optional<String> failure, double bootSeconds, double loadSeconds,
        double panicToDumpSeconds, long dumpBytes, Optional<Path> dump, Optional<Path> crashDir, Path serialLog) {
    public boolean dumpWritten() {
        return failure.isEmpty();
    }
}
