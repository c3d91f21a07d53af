package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real ELF vmcores saved by panic-and-capture runs, for tests and benchmarks that work on a
 * vmcore natively. A vmcore is reused while its kernel release matches; otherwise one capture
 * run (about a minute under TCG) makes a new one.
 */
public final class SavedVmcores {
    /** A saved vmcore, the kernel it came from, and where it sits inside the sid root. */
    public record Saved(GuestKernel kernel, Path vmcore, SidRoot sid) {}

    private SavedVmcores() {}

    public static Saved ensure(String kernelLabel, Path repo) {
        HarnessCache cache = HarnessCache.fromEnvironment();
        PanicCapture.Setup setup = PanicCapture.Setup.prepare(cache, repo);
        GuestKernel kernel = new DebianKernels(cache, setup.sid()).byLabel(kernelLabel);
        Path dir = setup.sid().workDir("panic-capture-" + kernelLabel);
        Path vmcore = dir.resolve("vmcore");
        Path release = dir.resolve("release");
        try {
            // a vmcore saved before the guest ran the kdump service's capture (and kept the kdump.conf it ran
            // with, which on 7.2 erases and runs the sample extensions), or on 6.1 before it ran the capture the OOM
            // killer stops, is made again, once
            if (!Files.exists(vmcore) || !Files.exists(release) || !Files.readString(release).equals(kernel.release())
                    || !Files.isRegularFile(dir.resolve(PanicCapture.KDUMP_DIR).resolve(PanicCapture.KDUMP_CONF))
                    || kernelLabel.equals(PanicCapture.OOM_KERNEL)
                            && !Files.isRegularFile(dir.resolve(PanicCapture.OOM_DIR).resolve(PanicCapture.OOM_RECORD))) {
                Progress.say("no saved vmcore of " + kernel.release() + " in " + dir + ": one panic-and-capture run makes it");
                new PanicCapture(setup, PanicCapture.Options.defaults()).run(kernel);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Saved(kernel, vmcore, setup.sid());
    }
}
