package org.kexkit.kho.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The KHO-related words of a kernel command line: kho= (early_param, kstrtobool), kho_scratch=,
 * liveupdate= (luo_core.c) and reserve_mem=size:align:name (mm/memblock.c). The last one wins,
 * as for early_param.
 */
public record KhoKernelParameters(Optional<String> kho, Optional<String> khoScratch, Optional<String> liveupdate,
        List<String> reserveMem) {
    public KhoKernelParameters {
        reserveMem = List.copyOf(reserveMem);
    }

    public static KhoKernelParameters parse(String cmdline) {
        String kho = null;
        String scratch = null;
        String liveupdate = null;
        List<String> reserve = new ArrayList<>();
        for (String word : cmdline.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = word.substring(eq + 1);
            switch (word.substring(0, eq)) {
                case "kho" -> kho = value;
                case "kho_scratch" -> scratch = value;
                case "liveupdate" -> liveupdate = value;
                case "reserve_mem" -> reserve.add(value);
                default -> {
                }
            }
        }
        return new KhoKernelParameters(Optional.ofNullable(kho), Optional.ofNullable(scratch),
                Optional.ofNullable(liveupdate), reserve);
    }

    /** kho= read as kstrtobool does (lib/kstrtox.c); empty when absent or not a boolean. */
    public Optional<Boolean> khoEnabled() {
        return kho.flatMap(KhoKernelParameters::bool);
    }

    static Optional<Boolean> bool(String value) {
        String v = value.toLowerCase(java.util.Locale.ROOT);
        if (v.equals("on")) {
            return Optional.of(true);
        }
        if (v.equals("off")) {
            return Optional.of(false);
        }
        if (!v.isEmpty() && "y1t".indexOf(v.charAt(0)) >= 0) {
            return Optional.of(true);
        }
        if (!v.isEmpty() && "n0f".indexOf(v.charAt(0)) >= 0) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** The words as they were given, for display ("kho=on kho_scratch=16M,96M,32M ..."). */
    public String describe() {
        List<String> words = new ArrayList<>();
        kho.ifPresent(v -> words.add("kho=" + v));
        khoScratch.ifPresent(v -> words.add("kho_scratch=" + v));
        liveupdate.ifPresent(v -> words.add("liveupdate=" + v));
        reserveMem.forEach(v -> words.add("reserve_mem=" + v));
        return String.join(" ", words);
    }
}
