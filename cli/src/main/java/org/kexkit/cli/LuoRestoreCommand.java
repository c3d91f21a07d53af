package org.kexkit.cli;

import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.kexec.luo.LuoIndex;
import org.kexkit.kexec.luo.LuoPreserver;
import org.kexkit.kexec.luo.LuoRestorer;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code kexkit luo restore [NAME...]}. */
final class LuoRestoreCommand extends SystemCommand {
    private final PositionalParamSpec names = Models.parameter("0..*", "NAME", List.class,
            "Files to restore, as named with --preserve (default: all).").arity("0..*").required(false)
            .auxiliaryTypes(String.class)
            .build();
    private final OptionSpec out = Models.option("-o --out", "DIR", Path.class,
            "Where to write the files (default: the current directory).").initialValue(Path.of(".")).build();
    private final OptionSpec force = Models.flag("-f --force", "Replace files that exist in DIR.");
    private final OptionSpec list = Models.flag("-v --verbose-files", "Print NAME, size and SHA-256 of each file restored.");

    LuoRestoreCommand() {
        super("Restore the files kexkit kexec -e --preserve handed over to this kernel.",
            "Retrieves the LUO session 'kexkit', writes each NAME to DIR/NAME (mode 0600, written as"
                + " .NAME.kexkit-partial, synced and renamed), checks its size and SHA-256, and finishes the session.",
            "Finishing releases every file of the session, restored or not, and the session can be retrieved only"
            + " once: name all the files you want (no NAME means all).");
        spec.addPositional(names).addOption(out).addOption(force).addOption(list);
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = this.names.getValue() == null ? List.of() : this.names.getValue();
        Path out = this.out.getValue();
        for (String name : names) {
            if (!LuoIndex.validName(name)) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not a NAME kexkit kexec --preserve accepts");
            }
        }
        if (!Files.isDirectory(out)) {
            throw new CommandFailure(out + ": not a directory");
        }
        LiveUpdateCalls calls = Bindings.liveUpdate(environment);
        try (LuoRestorer restorer = LuoRestorer.retrieve(calls, LuoPreserver.DEFAULT_SESSION)) {
            List<LuoIndex.Entry> wanted = new ArrayList<>();
            for (String name : names.isEmpty() ? restorer.index().entries().stream().map(LuoIndex.Entry::name).toList() : names) {
                wanted.add(restorer.index().find(name).orElseThrow(() -> new CommandFailure("LUO session '"
                        + LuoPreserver.DEFAULT_SESSION + "' has no file " + name + " (it has: " + String.join(", ",
                        restorer.index().entries().stream().map(LuoIndex.Entry::name).toList()) + ")")));
            }
            for (LuoIndex.Entry entry : wanted) {
                write(restorer, entry, out);
            }
            restorer.finish();
            for (LuoIndex.Entry e : restorer.index().entries()) {
                if (!wanted.contains(e)) {
                    spec.commandLine().getErr().println("kexkit: warning: " + ErrorReporter.oneLine(e.name()) + " was not restored and is"
                            + " released with the session");
                }
            }
        }
        return 0;
    }

    private void write(LuoRestorer restorer, LuoIndex.Entry entry, Path out) throws Exception {
        Path target = out.resolve(entry.name());
        try (SafeOutputFile file = SafeOutputFile.create(target, Models.given(force))) {
            OutputStream stream = Channels.newOutputStream(file.channel());
            restorer.copy(entry, stream);
            stream.flush();
            file.commit();
        }
        if (Models.given(list)) {
            spec.commandLine().getOut().println(entry.name() + " " + entry.size() + " " + entry.sha256() + " " + target);
        }
    }
}
