package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Records the /proc and /sys samples that kexec-loader's unit tests read, from real guests:
 * kexec-loader/src/test/resources/sysroot/qemu-KERNEL/ gets the sysroot, kexec-tools' program
 * headers (vmcore-info-kexec-tools-c.txt) and the kernel's own kexec_file_load ones
 * (vmcore-info-s.txt). Usage: RecordSamples [6.1|7.2 ...]; run from the repository root.
 */
public final class RecordSamples {
    private RecordSamples() {}

    public static void main(String[] args) throws IOException {
        Path repo = Path.of(System.getProperty("kexkit.repo", ".")).toAbsolutePath().normalize();
        HarnessCache cache = HarnessCache.fromEnvironment();
        PanicCapture.Setup setup = PanicCapture.Setup.prepare(cache, repo);
        DebianKernels kernels = new DebianKernels(cache, setup.sid());
        // nokaslr: the crash region's place follows the kernel's, so only without KASLR do the
        // sysroot and the two recorded headers, each from its own boot, describe the same layout.
        PanicCapture.Options options = PanicCapture.Options.defaults().withExtraCmdline("nokaslr");
        for (String label : args.length == 0 ? List.of("6.1", "7.2") : List.of(args)) {
            GuestKernel kernel = kernels.byLabel(label);
            Path target = repo.resolve("kexec-loader/src/test/resources/sysroot/qemu-" + label);
            DebianKernels.deleteTree(target);
            KexecToolsReference.Recording rec = new KexecToolsReference(setup, options).record(kernel);
            copyTree(rec.sysroot(), target);
            Files.copy(rec.vmcoreInfo(), target.resolve("vmcore-info-kexec-tools-c.txt"));
            new PanicCapture(setup, options).run(kernel);
            Files.copy(cache.runs().resolve("panic-capture-" + label + "/vmcore-info.txt"), target.resolve("vmcore-info-s.txt"));
            Files.writeString(target.resolve("README"), "Recorded by tests-qemu RecordSamples from Debian's " + kernel.release()
                    + " in QEMU (1 GiB, 2 CPUs, crashkernel=" + options.crashkernel() + ", nokaslr so that both boots\n"
                    + "place the kernel and the crash region alike).\n"
                    + "vmcore-info-kexec-tools-c.txt: /proc/vmcore after kexec-tools' `kexec -p -c` (kexec_load);\n"
                    + "vmcore-info-s.txt: /proc/vmcore after `kexkit kexec -p -s` (the kernel's own kexec_file_load header).\n");
            System.out.println("recorded " + target);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
