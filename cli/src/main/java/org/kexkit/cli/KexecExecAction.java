package org.kexkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kexkit.kexec.image.KexecLoadFailureExplainer;
import org.kexkit.kexec.luo.LuoPreserver;
import org.kexkit.kexec.sys.Reboot;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * kexec -e [--preserve NAME=FILE]...: reboot into the loaded kernel (the reboot syscall syncs and
 * does not return on success). Preserved files go into a LUO session first and come back in the
 * next kernel with kexkit luo restore; what holds them must stay open until the kexec.
 */
final class KexecExecAction {
    private final OptionSpec exec = OptionSpec.builder("-e", "--exec").type(boolean.class).initialValue(false)
            .required(true).description("Start the loaded kexec kernel now (syncs file systems first).").build();
    private final OptionSpec preserve = Models.option("--preserve", "NAME=FILE", List.class,
            "With -e: hand FILE's contents to the next kernel as NAME through a LUO session (/dev/liveupdate, kho=on"
                + " liveupdate=on; the kernel loaded with -s: refused after -c, which kexkit records in"
                + " /run/kexkit/kexec-loaded). Restore it there with kexkit luo restore NAME."
                + " Repeatable.").auxiliaryTypes(LuoPreserver.Request.class).converters(new PreserveRequest()).build();

    ArgGroupSpec group() {
        return ArgGroupSpec.builder().exclusive(false).multiplicity("1").addArg(exec).addArg(preserve).build();
    }

    boolean given() {
        return Models.given(exec);
    }

    /** NAME=FILE as given; a malformed one is a usage error. */
    static final class PreserveRequest implements ITypeConverter<LuoPreserver.Request> {
        @Override
        public LuoPreserver.Request convert(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new TypeConversionException("--preserve takes NAME=FILE, not '" + spec + "'");
            }
            return new LuoPreserver.Request(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
        }
    }

    int run(KexecContext context, KexecTarget target, KexecLoadOptions load) throws Exception {
        if (target.given() || load.kernel != null) {
            throw context.usage("-e starts the kernel loaded before with -l; it takes no KERNEL, -l or -p");
        }
        CliEnvironment environment = context.environment();
        Optional<Boolean> loaded = environment.system().status().loaded();
        if (loaded.isPresent() && !loaded.get()) {
            throw new CommandFailure("nothing has been loaded: load a kernel with kexkit kexec -l first");
        }
        Reboot reboot = Bindings.reboot(environment);
        LuoPreserver.Preserved kept = null;
        List<LuoPreserver.Request> files = preserve.getValue();
        if (files != null && !files.isEmpty()) {
            Optional<KexecLoadRecord> how = KexecLoadRecord.read(environment.root());
            if (how.isPresent() && how.get().syscall().equals(KexecLoadRecord.KEXEC_LOAD)) {
                throw new CommandFailure("refusing --preserve: the kernel was loaded with " + how.get().options()
                        + " (kexec_load, /" + KexecLoadRecord.PATH + "), and LUO's sessions reach the next kernel only"
                        + " through kexec_file_load: load it with -l -s, or run -e without --preserve");
            }
            kept = new LuoPreserver(Bindings.liveUpdate(environment), LuoPreserver.DEFAULT_SESSION).preserve(files);
            context.debug("preserved " + kept.index().entries().size() + " file(s) in LUO session '"
                    + LuoPreserver.DEFAULT_SESSION + "'");
        }
        int errno = reboot.kexec();
        if (kept != null) {
            kept.close(); // still here: give the preservation up rather than leave it half-done
        }
        throw new CommandFailure(new KexecLoadFailureExplainer(environment.system()).explainReboot(errno));
    }
}
