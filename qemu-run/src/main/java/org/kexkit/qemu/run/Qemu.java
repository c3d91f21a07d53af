package org.kexkit.qemu.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Boots a kernel in qemu-system-x86_64 with its serial console on a pipe. KVM is used only when
 * a probe boot shows it works: on these machines /dev/kvm exists but cannot run a stock guest,
 * so the usual answer is TCG.
 */
public final class Qemu {
    /** What to boot. Disks are raw images attached as virtio in order (vda, vdb, ...). */
    public record Machine(Path kernel, Path initrd, String cmdline, int memoryMiB, int cpus, List<Disk> disks) {}

    public record Disk(Path image, boolean readOnly) {}

    private static String accelerator;

    private Qemu() {}

    /** "kvm" if a probe boot on KVM prints the kernel banner, else "tcg"; KEXKIT_QEMU_ACCEL overrides. */
    public static synchronized String accelerator(Path anyKernel) {
        if (accelerator != null) {
            return accelerator;
        }
        String forced = System.getenv("KEXKIT_QEMU_ACCEL");
        if (forced != null && !forced.isBlank()) {
            return accelerator = forced;
        }
        if (!Files.isWritable(Path.of("/dev/kvm"))) {
            return accelerator = "tcg";
        }
        HostCommand.Result r = HostCommand.of("timeout", "20", "qemu-system-x86_64", "-accel", "kvm", "-cpu", "host", "-m", "256",
                "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
                "-kernel", anyKernel.toString(), "-append", "console=ttyS0 panic=-1").timeout(30).run();
        accelerator = r.stdout().contains("Linux version") ? "kvm" : "tcg";
        return accelerator;
    }

    /** Boots and waits until QEMU exits (the guest powers off) or the timeout passes. */
    public static int run(Machine m, SerialLog log, long timeoutSeconds) {
        return run(m, log, timeoutSeconds, List.of());
    }

    /** The same with more QEMU arguments (a monitor socket, say). */
    public static int run(Machine m, SerialLog log, long timeoutSeconds, List<String> extraArgs) {
        return run(m, log, timeoutSeconds, extraArgs, true);
    }

    /**
     * Boots and lets the guest reboot (without -no-reboot, a guest reset boots the same kernel, initrd
     * and command line again) until it powers off: for flows whose guest reboots by itself, as after
     * a capture with final_action reboot. A guest that never powers off ends at the timeout.
     */
    public static int runRebooting(Machine m, SerialLog log, long timeoutSeconds) {
        return runRebooting(m, log, timeoutSeconds, List.of());
    }

    /** The same with more QEMU arguments (a NIC on the user-mode network, say). */
    public static int runRebooting(Machine m, SerialLog log, long timeoutSeconds, List<String> extraArgs) {
        return run(m, log, timeoutSeconds, extraArgs, false);
    }

    private static int run(Machine m, SerialLog log, long timeoutSeconds, List<String> extraArgs, boolean noReboot) {
        String accel = accelerator(m.kernel());
        List<String> argv = new ArrayList<>(List.of("qemu-system-x86_64",
                "-accel", accel, "-cpu", accel.equals("kvm") ? "host" : "max",
                "-m", Integer.toString(m.memoryMiB()), "-smp", Integer.toString(m.cpus()),
                "-display", "none", "-monitor", "none", "-serial", "stdio",
                "-kernel", m.kernel().toString(), "-initrd", m.initrd().toString(), "-append", m.cmdline()));
        if (noReboot) {
            argv.add("-no-reboot");
        }
        for (Disk d : m.disks()) {
            argv.addAll(List.of("-drive", "file=" + d.image() + ",format=raw,if=virtio" + (d.readOnly() ? ",readonly=on" : "")));
        }
        argv.addAll(extraArgs);
        // The console's input stays a pipe: the host answers a waiting guest with SerialLog.send.
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        try {
            Process p = pb.start();
            Thread reader = log.follow(p.getInputStream());
            log.attachInput(p.getOutputStream());
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    reader.join(5000);
                    throw new QemuRunException("QEMU (" + accel + ") did not finish within " + timeoutSeconds
                            + " s; last console lines: " + HostCommand.lastLines(log.tail(8), 8));
                }
            } finally {
                log.attachInput(null);
                closeQuietly(p.getOutputStream());
            }
            reader.join(5000);
            return p.exitValue();
        } catch (IOException e) {
            throw new QemuRunException("cannot start qemu-system-x86_64: " + e.getMessage() + " (is qemu-system-x86 installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuRunException("interrupted while QEMU ran", e);
        }
    }

    private static void closeQuietly(java.io.OutputStream console) {
        try {
            console.close();
        } catch (IOException e) {
            // QEMU is gone; nothing more goes to its console
        }
    }
}
