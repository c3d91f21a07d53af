package org.kexkit.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.kexkit.kexec.Errno;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.KexecFileLoader;
import org.kexkit.kexec.KexecFileOption;
import org.kexkit.kexec.LoadRequest;
import org.kexkit.kexec.kho.KhoLoadPolicy;
import org.kexkit.kexec.kho.KhoLoadVerdict;

/** kexec -l or -p [-s] KERNEL: kexec_file_load, after the KHO policy has passed the next kernel. */
final class KexecFileLoad {
    private KexecFileLoad() {
    }

    static int run(KexecContext context, boolean crash, KexecLoadOptions load) throws Exception {
        KexecFileLoader loader = Bindings.kexecFileLoad(context.environment());
        String cmdline = load.commandLine(context.systemRoot(), crash);
        Path kernel = load.kernel;
        applyKhoPolicy(context, KhoLoadPolicy.fileLoad(context.environment().root(), kernel, crash), kernel, load.force);
        Path initrd = load.initrd;
        try {
            loader.load(new LoadRequest(kernel, Optional.ofNullable(initrd), cmdline, crash, load.fileOptions));
        } catch (KexecException e) {
            if (e.errno() == Errno.EINVAL && !load.fileOptions.isEmpty()) {
                throw new CommandFailure(e.getMessage() + "; try again without "
                        + KexecLoadOptions.spellings(load.fileOptions));
            }
            throw e;
        }
        if (!crash) {
            new KexecLoadRecord(KexecLoadRecord.KEXEC_FILE_LOAD, false, kernel.toString()).write(context.environment().root(),
                    context);
        }
        context.debug("loaded " + (crash ? "crash" : "kexec") + " kernel " + kernel
                + (initrd != null ? " with initrd " + initrd : " without initrd")
                + (load.fileOptions.isEmpty() ? "" : " and " + KexecFileOption.describe(load.fileOptions))
                + " using kexec_file_load; command line: \"" + cmdline + "\"");
        return 0;
    }

    /** The KHO policy's verdict in the cli's words: refused unless --force, then a warning. */
    private static void applyKhoPolicy(KexecContext context, KhoLoadVerdict verdict, Path kernel, boolean force) {
        if (verdict instanceof KhoLoadVerdict.Unchecked u) {
            String why = Objects.requireNonNullElse(ErrorReporter.expectedMessage(u.cause()), u.cause().toString());
            if (!force) {
                throw new CommandFailure("cannot check " + kernel + " against Kexec HandOver: " + why
                        + "; --force loads it anyway");
            }
            context.warn("KHO check not done (" + why + "); loading anyway (--force)");
            return;
        }
        if (verdict instanceof KhoLoadVerdict.Takes t) {
            t.outcome().result().warnings().forEach(context::warn);
            context.debug("KHO check: " + t.outcome().result().root().line() + "; " + t.outcome().result().subtrees()
                    .size() + " subtrees checked in " + t.outcome().millis() + " ms");
        } else if (verdict instanceof KhoLoadVerdict.Drops d) {
            d.outcome().result().warnings().forEach(context::warn);
            String loss = d.outcome().result().lossSummary();
            if (!force) {
                throw new CommandFailure("refusing to load " + kernel + ": " + loss + "; kexkit kho check --next "
                        + kernel + " tells more, --force loads it anyway");
            }
            context.warn("loading " + kernel + " anyway (--force): " + loss);
            context.debug("KHO check: " + d.outcome().result().root().line() + "; " + d.outcome().result().subtrees()
                    .size() + " subtrees checked in " + d.outcome().millis() + " ms");
        }
    }
}
