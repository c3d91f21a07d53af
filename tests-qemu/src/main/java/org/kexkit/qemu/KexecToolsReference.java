package org.kexkit.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.kexkit.qemu.run.Ext4Image;

/**
 * Boots a guest that records its kexec-relevant /proc and /sys files (a sysroot), crash-loads
 * with Debian's kexec-tools through kexec_load (`kexec -p -c`), panics, and records the program
 * headers that the capture kernel's /proc/vmcore shows: the reference a kexec_load loader of our
 * own is compared with.
 */
public final class KexecToolsReference {
    /** The recorded sysroot directory and kexkit's `vmcore info` of the capture kernel's /proc/vmcore. */
    public record Recording(Path sysroot, Path vmcoreInfo) {}

    private final PanicCapture.Setup setup;
    private final PanicCapture.Options options;

    public KexecToolsReference(PanicCapture.Setup setup, PanicCapture.Options options) {
        this.setup = setup;
        this.options = options;
    }

    /** Debian links kexec-tools against Xen's libraries for its Xen support; the host has none of them. */
    static final List<String> PACKAGES = List.of("kexec-tools", "libxenmisc4.17", "libxencall1", "libxendevicemodel1",
            "libxenevtchn1", "libxenforeignmemory1", "libxengnttab1", "libxenhypfs1", "libxenstore4", "libxentoollog1", "libxentoolcore1",
            "libyajl2");

    public Recording record(GuestKernel kernel) {
        Path root = setup.cache().root().resolve("kexec-tools");
        Path kexec = root.resolve("sbin/kexec");
        if (!Files.exists(root.resolve(".ready"))) {
            DebianKernels.deleteTree(root);
            DebianArchive bookworm = DebianArchive.system(setup.cache());
            for (String p : PACKAGES) {
                Debs.extract(bookworm.download(p), root);
            }
            DebianKernels.touch(root.resolve(".ready"));
        }
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, "kexec-tools-" + kernel.label(),
                "scenario-record-sysroot.sh", Map.of("CAPTURE_APPEND", PanicCapture.CAPTURE_APPEND),
                Map.of("bin/kexec", kexec), List.of(root.resolve("usr/lib/x86_64-linux-gnu"), root.resolve("lib/x86_64-linux-gnu")));
        for (String step : new String[] {"KEXKIT-GUEST: sysroot recorded", "KEXKIT-GUEST: kexec-tools-load rc=0",
                "KEXKIT-GUEST: vmcore-info rc=0"}) {
            run.need(step);
        }
        Path out = run.work().resolve("recorded");
        Ext4Image.extractTree(run.dumpDisk(), "/sysroot", out);
        Path info = run.work().resolve("vmcore-info-kexec-tools-c.txt");
        Ext4Image.extract(run.dumpDisk(), "/vmcore-info-kexec-tools-c.txt", info);
        run.discardImages();
        return new Recording(out.resolve("sysroot"), info);
    }
}
