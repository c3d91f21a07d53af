package org.kexkit.cli;


/** {@code kexkit kho status}. */
final class KhoStatusCommand extends SystemCommand {
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final JsonOutput output = new JsonOutput(spec);

    KhoStatusCommand() {
        super("Show whether Kexec HandOver is on, and what it carries.",
            "From /sys/kernel/debug/kho and the kernel command line: the scratch areas, whether this kernel was booted"
                + " through KHO (kho/in) and by which kernel, and what it will hand over (kho/out). Linux 7.2.13's"
                + " known debugfs faults are named in one note line each. Needs root (debugfs is 0700).");
    }

    @Override
    public Integer call() throws Exception {
        KhoStatusReport report = KhoStatusReport.read(sysroot.root(environment));
        output.print(report::text, report::json);
        return 0;
    }
}
