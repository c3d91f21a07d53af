package org.kexkit.cli;

import java.nio.file.Path;
import org.kexkit.kexec.system.CrashSystemReader;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutText;
import org.kexkit.pmem.system.PmemSystemReader;
import picocli.CommandLine.Model.OptionSpec;

/** {@code kexkit pmem list}. */
final class PmemListCommand extends SystemCommand {
    private final SysrootOption sysroot = new SysrootOption(spec);
    private final JsonOutput output = new JsonOutput(spec);
    private final OptionSpec layout = Models.flag("--layout",
            "Print the layout in kexkit's text form instead of the listing.");

    PmemListCommand() {
        super("List the pmem regions and namespaces: mode, where the memmap lives, the metadata a dump",
            "keeps and the user data it never dumps. From /proc/iomem and /sys/bus/nd; a namespace bound raw",
            "(a capture kernel's) is read through its info block on /dev/pmemN. Needs root.",
            "--layout prints the layout as kexkit records it for the capture kernel",
            "(kexkit makedumpfile --pmem-layout FILE).");
        spec.addOption(layout);
    }

    @Override
    public Integer call() throws Exception {
        Path root = sysroot.root(environment);
        PmemLayout pmem;
        NdBus bus;
        try (PmemSystemReader reader = new PmemSystemReader(root)) {
            pmem = reader.layout(new CrashSystemReader(root).iomem().pmemResources());
            bus = reader.bus();
        }
        if (Models.given(layout)) {
            spec.commandLine().getOut().print(PmemLayoutText.write(pmem));
            return 0;
        }
        PmemLayout shown = pmem;
        output.print(() -> PmemListReport.text(shown, bus), () -> Json.write(PmemListReport.json(shown, bus)));
        return 0;
    }
}
