package org.kexkit.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.kexec.KexecStatus;
import org.kexkit.kexec.Sizes;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

/** kexec --status [--json]: whether kernels are loaded, and the crashkernel= reservation. */
final class KexecStatusAction {
    private final OptionSpec status = OptionSpec.builder("--status").type(boolean.class).initialValue(false)
            .required(true).description("Show whether kernels are loaded and the crashkernel= reservation.").build();
    private final OptionSpec json = Models.flag("--json", "With --status: print one JSON object.");

    ArgGroupSpec group() {
        return ArgGroupSpec.builder().exclusive(false).multiplicity("1").addArg(status).addArg(json).build();
    }

    boolean given() {
        return Models.given(status);
    }

    int run(KexecContext context, KexecTarget target, KexecLoadOptions load) {
        if (target.given() || load.kernel != null) {
            throw context.usage("--status cannot be combined with -l, -p or a KERNEL");
        }
        KexecStatus state = context.environment().system().status();
        PrintWriter out = context.out();
        if (Models.given(json)) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("kexec_loaded", state.loaded().orElse(null));
            object.put("kexec_crash_loaded", state.crashLoaded().orElse(null));
            object.put("kexec_crash_size", state.crashSize().isPresent() ? state.crashSize().getAsLong() : null);
            object.put("kexec_crash_cma_size", state.crashCmaSize());
            object.put("kexec_crash_cma_ranges", cmaRanges(state));
            out.println(Json.write(object));
            return 0;
        }
        out.println("kexec kernel loaded: " + yesNo(state.loaded()));
        out.println("crash kernel loaded: " + yesNo(state.crashLoaded()));
        out.println("crash reservation:   " + reservation(state.crashSize()) + cma(state));
        return 0;
    }

    /** The crashkernel=,cma areas as /sys/kernel/kexec_crash_cma_ranges spells them (hex, end included). */
    static List<String> cmaRanges(KexecStatus state) {
        return state.crashCmaRanges().stream().map(r -> Long.toHexString(r.start()) + "-" + Long.toHexString(r.last()))
                .toList();
    }

    /** ", plus 128 MiB of crashkernel=,cma (...)" or nothing. */
    static String cma(KexecStatus state) {
        if (state.crashCmaRanges().isEmpty()) {
            return "";
        }
        return ", plus " + Sizes.describe(state.crashCmaSize()) + " crashkernel=,cma (" + String.join(", ", cmaRanges(state))
                + ")";
    }

    private static String yesNo(Optional<Boolean> value) {
        return value.map(v -> v ? "yes" : "no").orElse("unknown (no kexec support in /sys/kernel)");
    }

    private static String reservation(OptionalLong size) {
        if (size.isEmpty()) {
            return "unknown (/sys/kernel/kexec_crash_size unreadable)";
        }
        return size.getAsLong() == 0 ? "none (boot with crashkernel= to reserve memory)" : Sizes.describe(size.getAsLong());
    }
}
