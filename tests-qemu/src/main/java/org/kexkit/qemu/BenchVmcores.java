package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * ELF vmcores for the benchmark (scripts/bench): a Debian 6.1 guest of 1, 4 or 16 GiB whose memory
 * holds a realistic mix (anonymous memory, tmpfs files, page cache, zero and free pages; see
 * scenario-bench-mix.sh and memfill.c) panics and its capture kernel saves the whole vmcore. 6.1
 * because makedumpfile 1.7.8 classifies it right at every level. Saved in the sid root (so
 * makedumpfile runs on the same file) and reused while the kernel release and the mix match.
 * Usage: BenchVmcores MIB... ; prints one "MIB PATH" line per vmcore.
 */
public final class BenchVmcores {
    /** The mix per guest size: anonymous, tmpfs and page-cache MiB. */
    record Mix(int memoryMiB, int anonMiB, int tmpfsMiB, int cacheMiB) {
        String describe() {
            return memoryMiB + " MiB guest: " + anonMiB + " MiB anonymous, " + tmpfsMiB + " MiB tmpfs, " + cacheMiB
                    + " MiB page cache (a quarter of each zero pages, a fifth random, the rest text)";
        }
    }

    // 16 GiB: the 4 GiB mix scaled by four (61% of memory in use), as a small server's dump
    static final List<Mix> MIXES = List.of(new Mix(1024, 200, 80, 150), new Mix(4096, 1200, 400, 900),
            new Mix(16384, 4800, 1600, 3600));

    private BenchVmcores() {}

    public static void main(String[] args) {
        Path repo = Path.of(System.getProperty("kexkit.repo", ".")).toAbsolutePath().normalize();
        HarnessCache cache = HarnessCache.fromEnvironment();
        try {
            PanicCapture.Setup setup = PanicCapture.Setup.prepare(cache, repo);
            GuestKernel kernel = new DebianKernels(cache, setup.sid()).byLabel("6.1");
            for (String a : args) {
                int mib = Integer.parseInt(a);
                Mix mix = MIXES.stream().filter(m -> m.memoryMiB() == mib).findFirst()
                        .orElseThrow(() -> new QemuRunException("no benchmark mix for " + mib + " MiB; have " + MIXES));
                System.out.println(mib + " " + ensure(setup, kernel, mix));
            }
        } catch (QemuRunException e) {
            System.err.println("kexkit bench: " + e.getMessage());
            System.exit(1);
        }
    }

    static Path ensure(PanicCapture.Setup setup, GuestKernel kernel, Mix mix) {
        Path dir = setup.sid().workDir("bench-" + mix.memoryMiB() + "m");
        Path vmcore = dir.resolve("vmcore");
        Path stamp = dir.resolve("made-from");
        String identity = kernel.release() + "\n" + mix.describe() + "\n";
        try {
            if (Files.exists(vmcore) && Files.exists(stamp) && Files.readString(stamp).equals(identity)) {
                return vmcore;
            }
            Files.deleteIfExists(vmcore);
            Files.deleteIfExists(stamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.println("kexkit bench: making the " + mix.describe() + " vmcore in QEMU (TCG: minutes, about half an hour for 16 GiB)");
        PanicCapture.Options options = new PanicCapture.Options(mix.memoryMiB(), 2, "256M", "", false);
        Map<String, String> conf = Map.of("MARKER", "KEXKIT-BENCH-" + UUID.randomUUID(), "CAPTURE_APPEND",
                PanicCapture.CAPTURE_APPEND, "ANON_MIB", String.valueOf(mix.anonMiB()), "TMPFS_MIB",
                String.valueOf(mix.tmpfsMiB()), "CACHE_MIB", String.valueOf(mix.cacheMiB()));
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, "bench-" + mix.memoryMiB() + "m",
                "scenario-bench-mix.sh", conf, Map.of("bin/memfill", memfill(setup.cache())), List.of());
        SerialLog.Line filled = run.needSuccess("KEXKIT-GUEST: mix", "filling memory");
        run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -p");
        SerialLog.Line save = run.needSuccess("KEXKIT-GUEST: vmcore-save", "kexkit vmcore save");
        System.err.printf("kexkit bench: memory filled in %.1f s, vmcore saved in %.1f s (guest clock)%n",
                GuestRun.span(filled), GuestRun.span(save));
        Ext4Image.extract(run.dumpDisk(), "/vmcore", vmcore);
        try {
            Files.writeString(stamp, identity);
            run.discardImages(); // the dump disk is as large as the guest's memory; the vmcore is kept
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vmcore;
    }

    /** memfill.c built once for the host's libc (the guest gets the host's libraries). */
    static Path memfill(HarnessCache cache) {
        return HostPrograms.build(cache, "memfill");
    }
}
