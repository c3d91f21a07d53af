package org.kexkit.cli;

import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.kexec.luo.LuoIndex;
import org.kexkit.kexec.luo.LuoPreserver;
import org.kexkit.kexec.luo.LuoRestorer;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Restore the files kexkit kexec -e --preserve handed over to this kernel.",
            "Retrieves the LUO session 'kexkit', writes each NAME to DIR/NAME (mode 0600, written as"
                + " .NAME.kexkit-partial, synced and renamed), checks its size and SHA-256, and finishes the session.",
            "Finishing releases every file of the session, restored or not, and the session can be retrieved only"
            + " once: name all the files you want (no NAME means all)."})
final class LuoRestoreCommand implements Callable<Integer>, UsesEnvironment {
    private CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Files to restore, as named with --preserve (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the files (default: the current directory).")
    Path out = Path.of(".");

    @Option(names = {"-f", "--force"}, description = "Replace files that exist in DIR.")
    boolean force;

    @Option(names = {"-v", "--verbose-files"}, description = "Print NAME, size and SHA-256 of each file restored.")
    boolean list;

    @Override
    public void use(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
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
                write(restorer, entry);
            }
            restorer.finish();
            for (LuoIndex.Entry e : restorer.index().entries()) {
                if (!wanted.contains(e)) {
                    spec.commandLine().getErr().println("kexkit: warning: " + e.name() + " was not restored and is"
                            + " released with the session");
                }
            }
        }
        return 0;
    }

    private void write(LuoRestorer restorer, LuoIndex.Entry entry) throws Exception {
        Path target = out.resolve(entry.name());
        try (SafeOutputFile file = SafeOutputFile.create(target, force)) {
            OutputStream stream = Channels.newOutputStream(file.channel());
            restorer.copy(entry, stream);
            stream.flush();
            file.commit();
        }
        if (list) {
            spec.commandLine().getOut().println(entry.name() + " " + entry.size() + " " + entry.sha256() + " " + target);
        }
    }
}
