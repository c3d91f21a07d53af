package org.kexkit.qemu;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.capture.CaptureImage;
import org.kexkit.capture.CpioWriter;
import org.kexkit.capture.KernelModules;
import org.kexkit.capture.Lz4LegacyOutputStream;

/**
 * The first boot's initramfs of the systemd guest, in place of the distribution's: busybox, the virtio
 * disk drivers (the cloud kernel builds them as modules; ext4 is built in) and an /init that mounts the
 * root disk by its label read-write and switches to systemd. Only the first kernel boots it: the capture
 * kernel boots the image {@code kexkit kdump setup} builds in the guest.
 */
public final class SystemdBootInitramfs {
    private SystemdBootInitramfs() {}

    public static void write(Path out, Path busybox, GuestKernel kernel) {
        List<KernelModules.Module> modules = new KernelModules(kernel.modules()).withDependencies(GuestInitramfs.MODULES);
        try (CpioWriter cpio = new CpioWriter(new Lz4LegacyOutputStream(
                new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)))) {
            for (String d : List.of("bin", "dev", "proc", "sys", "newroot", "lib", "lib/modules")) {
                cpio.directory(d, 0755);
            }
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, GuestInitramfs.resource("systemd-boot-init.sh"));
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            CaptureImage.addModules(cpio, modules, CaptureImage.LOAD_ORDER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write initramfs " + out, e);
        }
    }
}
