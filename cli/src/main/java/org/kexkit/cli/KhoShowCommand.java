package org.kexkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.source.SourcePhysicalMemory;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.kho.system.DebugfsFault;
import org.kexkit.kho.system.DebugfsFaults;
import org.kexkit.kho.system.KhoDebugfs;
import org.kexkit.kho.system.KhoDebugfsDir;
import org.kexkit.kho.system.KhoDebugfsReader;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kexkit kho show FILE|--in|--out}. */
final class KhoShowCommand extends SystemCommand {
    private final SysrootOption sysroot = new SysrootOption(spec);
    /** What is shown: exactly one of FILE, --in and --out. */
    private final PositionalParamSpec file = Models.parameter("0", "FILE", Path.class,
            "A root FDT (kho/in/fdt, kho/out/fdt) or a subtree blob.").build();
    private final OptionSpec in = Models.flag("--in", "What the previous kernel handed over (kho/in of debugfs).");
    private final OptionSpec out = Models.flag("--out", "What this kernel will hand over (kho/out of debugfs).");
    private final OptionSpec subtree = Models.option("--subtree", "NAME", String.class,
            "Read FILE as the blob of this subtree (kexec-metadata, memblock, LUO).").build();
    private final OptionSpec memory = Models.option("--memory", "CORE", Path.class,
            "Walk the preserved-memory radix tree in this ELF core's physical memory.").build();
    private final JsonOutput output;

    KhoShowCommand() {
        super("Print a KHO root FDT or subtree blob and what it means.",
            "FILE is a root FDT of any KHO generation (kho-v1 to kho-v4) or one subtree blob (kexec-metadata,"
                + " memblock, LUO of luo-v1 to luo-v5), shown as a dts-like view; raw"
                + " little-endian u64 values appear as /le64/ <0x...>. For a root FDT, blobs in a sub_fdts/ directory"
                + " beside FILE (the debugfs layout) are decoded too.",
            "--in and --out read /sys/kernel/debug/kho/in or out; Linux 7.2.13's known faults there (a cut or missing"
                + " out/fdt, a stale in/sub_fdts/LUO) are named in one note line each, and the subtree files are shown"
                + " on their own.",
            "With --memory CORE, the preserved-memory map of a root FDT (the radix tree, or kho-v1's chunk list) is"
                + " walked in CORE (a vmcore, /proc/kcore"
                + " or QEMU's dump-guest-memory ELF) and printed as physical ranges. CORE must hold the memory of the"
                + " kernel that wrote the tree: the next kernel frees the tree's pages early and reuses them, so its own"
                + " /proc/kcore does not have it.");
        spec.addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("1").addArg(file).addArg(in).addArg(out)
                .build());
        spec.addOption(subtree).addOption(memory);
        output = new JsonOutput(spec);
    }

    @Override
    public Integer call() throws Exception {
        KhoView view;
        String subtree = this.subtree.getValue();
        if (file.getValue() != null) {
            Path file = this.file.getValue();
            Path parent = file.toAbsolutePath().getParent();
            view = KhoViewReader.file(file.toString(), Files.readAllBytes(file), subtree,
                    parent == null ? null : parent.resolve("sub_fdts"));
        } else {
            if (subtree != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--subtree is for a FILE; --in and --out read every subtree debugfs shows");
            }
            KhoDebugfs kho = new KhoDebugfsReader(sysroot.root(environment)).require();
            boolean in = Models.given(this.in);
            KhoDebugfsDir dir = (in ? kho.in() : kho.out()).orElseThrow(() -> new CommandFailure(kho.path()
                    + (in ? "/in: missing: this kernel was not booted through KHO (nothing was handed over)"
                            : "/out: missing")));
            String prefix = dir.path() + "/";
            view = KhoViewReader.debugfs(dir, DebugfsFaults.find(kho).stream().map(DebugfsFault::line)
                    .filter(l -> l.startsWith(prefix)).toList());
        }
        if (memory.getValue() != null) {
            view = withPreservedMemory(view, memory.getValue());
        }
        KhoView shown = view;
        output.print(() -> KhoViewText.of(shown), () -> KhoViewJson.of(shown));
        return 0;
    }

    /**
     * The root's preserved-memory radix tree walked in the core given with --memory, the memory of
     * the kernel that wrote the tree: the next kernel frees the tree's pages early and reuses them.
     */
    private static KhoView withPreservedMemory(KhoView view, Path memory) throws Exception {
        try (VmcoreSource dump = VmcoreSources.openCore(memory, List.of());
                SourcePhysicalMemory core = new SourcePhysicalMemory(dump)) {
            if (!(view instanceof KhoView.Root root)) {
                throw new CommandFailure(view.source() + ": --memory needs a KHO root FDT (kho/in/fdt or kho/out/fdt),"
                        + " which holds the address of the preserved-memory radix tree");
            }
            return root.withPreserved(KhoView.Preserved.walk(memory.toString(), core, root.root()));
        }
    }
}
