package org.kexkit.qemu;

import java.nio.file.Path;

/** What every QEMU test class needs once: the harness set-up and the kernels, from the cache. */
final class QemuFixture {
    final PanicCapture.Setup setup;
    final DebianKernels kernels;

    private QemuFixture(PanicCapture.Setup setup, DebianKernels kernels) {
        this.setup = setup;
        this.kernels = kernels;
    }

    /** The repository from the kexkit.repo property (set by surefire), the cache from the environment. */
    static QemuFixture prepare() {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        HarnessCache cache = HarnessCache.fromEnvironment();
        PanicCapture.Setup setup = PanicCapture.Setup.prepare(cache, repo);
        return new QemuFixture(setup, new DebianKernels(cache, setup.sid()));
    }
}
