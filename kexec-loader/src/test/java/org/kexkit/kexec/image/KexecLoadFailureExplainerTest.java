package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.kexec.Errno;
import org.kexkit.kexec.KexecSystemReader;

class KexecLoadFailureExplainerTest {
    @TempDir
    Path root;

    int trees;

    /** An explainer over a fresh fake /sys and /proc tree holding {@code files} (path, content pairs). */
    KexecLoadFailureExplainer explainer(String... files) throws Exception {
        Path tree = root.resolve("tree" + trees++);
        Files.createDirectories(tree);
        for (int i = 0; i < files.length; i += 2) {
            Path path = tree.resolve(files[i]);
            Files.createDirectories(path.getParent());
            Files.writeString(path, files[i + 1]);
        }
        return new KexecLoadFailureExplainer(new KexecSystemReader(tree));
    }

    @Test
    void lockdownForbidsKexecLoadAndPointsToSignedKexecFileLoad() throws Exception {
        String line = explainer("sys/kernel/security/lockdown", "none [integrity] confidentiality\n")
                .explain(true, false, KexecLoadFlags.of(true, false), Errno.EPERM, "/boot/vmlinuz");
        assertEquals("cannot load the crash kernel /boot/vmlinuz: kexec_load failed with EPERM: kernel lockdown is active"
                + " (mode: integrity), which forbids kexec_load entirely; only kexec_file_load can load a kernel now,"
                + " and only a signed one the kernel verifies: load with -s (kexec_file_load) and a signed kernel", line);
    }

    @Test
    void disabledKexecLoad() throws Exception {
        assertEquals("cannot load the kexec kernel k: kexec_load failed with EPERM: kexec is disabled until the next boot"
                + " (/proc/sys/kernel/kexec_load_disabled is 1)",
                explainer("proc/sys/kernel/kexec_load_disabled", "1\n").explain(false, false, 0, Errno.EPERM, "k"));
        assertEquals("cannot load the kexec kernel k: kexec_load failed with EPERM: needs CAP_SYS_BOOT (run as root);"
                + " kernel lockdown is off (none)",
                explainer("sys/kernel/security/lockdown", "[none] integrity\n").explain(false, false, 0, Errno.EPERM, "k"));
    }

    @Test
    void crashRegionErrorsNameTheReservation() throws Exception {
        KexecLoadFailureExplainer explainer = explainer("sys/kernel/kexec_crash_size", "268435456\n");
        for (int errno : new int[] {Errno.EINVAL, Errno.EADDRNOTAVAIL, Errno.ENOMEM}) {
            assertEquals("cannot load the crash kernel k: kexec_load failed with " + Errno.of(errno).name()
                    + ": the segments do not fit the crashkernel= region, or it is missing (reserved 256 MiB (268435456"
                    + " bytes)); boot with a larger crashkernel=, e.g. crashkernel=256M",
                    explainer.explain(true, false, KexecLoadFlags.of(true, false), errno, "k"));
        }
        assertEquals("cannot unload the crash kernel: kexec_load failed with EBUSY: Device or resource busy: another kexec"
                + " load or unload is in progress", explainer.explain(true, true, 0, Errno.EBUSY, null));
    }

    @Test
    void rebootRefusals() throws Exception {
        assertEquals("cannot start the kexec kernel: reboot(LINUX_REBOOT_CMD_KEXEC) failed with EINVAL: no kexec kernel"
                + " is loaded (load one with -l first)", explainer().explainReboot(Errno.EINVAL));
    }
}
