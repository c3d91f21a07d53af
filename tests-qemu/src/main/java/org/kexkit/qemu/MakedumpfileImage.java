package org.kexkit.qemu;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kexkit.capture.CaptureImage;
import org.kexkit.capture.CpioWriter;
import org.kexkit.capture.KernelModules;
import org.kexkit.capture.Lz4LegacyOutputStream;
import org.kexkit.capture.SharedLibraries;

/**
 * The reference capture environment for footprint comparisons: busybox, sid's makedumpfile 1.7.8 with its
 * libraries, the modules of the data disk and an /init that mounts it by label, writes {@code makedumpfile -d 31 -z}
 * of /proc/vmcore to /crash/dump and powers off. As small as a makedumpfile capture gets, no JVM.
 */
public final class MakedumpfileImage {
    private MakedumpfileImage() {}

    static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            export PATH=/bin
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            mkdir -p /tmp /mnt/target
            while read -r m; do insmod "/lib/modules/$m.ko"; done < /lib/modules/load-order
            i=0
            dev=$(findfs LABEL=kexkit-dump 2>/dev/null)
            while [ -z "$dev" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); dev=$(findfs LABEL=kexkit-dump 2>/dev/null); done
            mount -t ext4 -o rw "$dev" /mnt/target && mkdir -p /mnt/target/crash/makedumpfile
            echo "mdf-capture: MemTotal $(grep MemTotal /proc/meminfo | tr -s ' ' | cut -d' ' -f2) kB"
            LD_LIBRARY_PATH=/lib/x86_64-linux-gnu /bin/makedumpfile -d 31 -z /proc/vmcore /mnt/target/crash/makedumpfile/dump
            echo "mdf-capture: rc=$?"
            sync
            umount /mnt/target
            echo "kexkit-capture: after the capture: poweroff"
            poweroff -f
            """;

    /** Writes the image (LZ4 legacy, as kexkit's own) and returns its size. */
    public static long write(Path out, SidRoot sid, Path busybox, GuestKernel kernel) {
        Path makedumpfile = sid.path().resolve("usr/bin/makedumpfile");
        try (CpioWriter cpio = new CpioWriter(new Lz4LegacyOutputStream(new BufferedOutputStream(Files.newOutputStream(out),
                1 << 20)))) {
            for (String d : List.of("bin", "dev", "proc", "sys", "tmp", "mnt", "lib", "lib64", "lib/x86_64-linux-gnu",
                    "lib/modules")) {
                cpio.directory(d, d.equals("tmp") ? 01777 : 0755);
            }
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.file("init", 0755, INIT.getBytes(StandardCharsets.US_ASCII));
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            cpio.file("bin/makedumpfile", 0755, Files.readAllBytes(makedumpfile));
            Map<String, Path> libs = new SharedLibraries(sid.path()).of(List.of(makedumpfile), Set.of());
            for (var lib : libs.entrySet()) {
                CaptureImage.addLibrary(cpio, lib.getKey(), lib.getValue());
            }
            CaptureImage.addModules(cpio, new KernelModules(kernel.modules()).withDependencies(GuestInitramfs.MODULES),
                    CaptureImage.LOAD_ORDER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return GuestRun.size(out);
    }
}
