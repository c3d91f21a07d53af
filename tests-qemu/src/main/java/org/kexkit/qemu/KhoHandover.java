package org.kexkit.qemu;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.QemuRunException;
import org.kexkit.qemu.run.SerialLog;

/**
 * Kexec HandOver end to end with the KHO test kernel (scenario-kho.sh): a cold boot preserves a file
 * with kexkit kexec -e --preserve after kexkit kexec -l -s; the second kernel restores it with
 * kexkit luo restore and kexecs again; the third one loads the fourth with kexkit kexec -l -c --kho
 * (kexec_load, kexkit's own KHO segments); the fourth stops. Each kernel's debugfs kho/ files, dmesg
 * and outputs come back as a directory per stage.
 */
public final class KhoHandover {
    /** The first kernel's command line, as the test kernel was exercised (test-kernels/kho/README.md). */
    static final String CMDLINE = "console=ttyS0 kho=on liveupdate=on reserve_mem=4M:4096:khomem kho_scratch=16M,96M,32M panic=-1";
    /** For the kexec'd kernels: reserve_mem= again so the region is revived; kho_scratch= is ignored after KHO. */
    static final String NEXT_APPEND = "console=ttyS0 kho=on liveupdate=on reserve_mem=4M:4096:khomem panic=-1";
    /**
     * The window QEMU fills with the pattern before the first kernel runs. reserve_mem allocates
     * top-down below the initrd, so khomem's address moves with the initramfs' size (0x3d000000
     * with a 25.1 MB initramfs, 0x3ce00000 with 26.4 MB): the window spans about 96 MiB below the end
     * of RAM at 1 GiB (e820 ends it at 0x3ffd4000) rather than one guessed address.
     */
    static final long PATTERN_BASE = 0x3a000000L;
    static final int PATTERN_LENGTH = 0x3ffd0000 - 0x3a000000;
    /**
     * How long QEMU may run the four kernels: 150-250 s on an idle host; on a busy 2-core host a
     * stage took up to 400 s. The host waits as long for the guest to ask for each memory dump.
     */
    static final int LIMIT_SECONDS = 1500;
    private static final List<String> OUT_DISKS = List.of("stage1.tar", "stage2.tar", "stage3.tar", "stage4.tar");
    /** What the host types on the guest's console when it has dumped memory (scenario-kho.sh wait_for_host). */
    static final String HOST_ANSWER = "kexkit-host: memory dumped";

    /** One run: its work directory, console and the three stages' recordings. */
    public record Run(Path work, GuestRun.Result console, List<Path> stages, String marker, Path firstKernelMemory,
            Path secondKernelMemory, Path fourthKernelMemory, MemoryPattern khomemPattern) {
        public Path stage(int n) {
            return stages.get(n - 1);
        }

        /** Deletes the disks and the two memory dumps (1 GiB each) once the test has read them. */
        public void discardImages() {
            GuestRun.discardImagesIn(work);
        }
    }

    private final PanicCapture.Setup setup;

    public KhoHandover(PanicCapture.Setup setup) {
        this.setup = setup;
    }

    /**
     * @param kernel     the KHO test kernel the three stages run
     * @param withoutKho a kernel built without KHO (Debian's 7.2), which kho check and kexec -l -s
     *                   must refuse in the first stage
     */
    public Run run(GuestKernel kernel, Path withoutKho) {
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        Path work = setup.cache().freshRunDir("kho-handover");

        Path initrd = work.resolve("initrd.img");
        new GuestInitramfs(setup.busybox(), setup.runtime()).gzipped()
                .withPrograms(Map.of(SocketpairShim.GUEST_PATH, SocketpairShim.ensure(setup.cache())), List.of())
                .write(initrd, kernel, "scenario-kho.sh",
                        Map.of("MARKER", marker, "NEXT_APPEND", NEXT_APPEND, "GUEST_POWEROFF", "reboot"));

        // No ext4 in this kernel: the boot disk is a tar the guest unpacks with busybox.
        Path bootFiles = work.resolve("boot-files");
        GuestRun.copy(kernel.vmlinuz(), bootFiles.resolve("bzImage-kho"));
        GuestRun.copy(initrd, bootFiles.resolve("initrd.img"));
        GuestRun.copy(withoutKho, bootFiles.resolve("vmlinuz-nokho"));
        Path bootTar = Ext4Image.privateFile(work.resolve("boot.tar"));
        HostCommand.of("tar", "--format=ustar", "-cf", bootTar.toString(), "-C", bootFiles.toString(), "bzImage-kho", "initrd.img",
                "vmlinuz-nokho").output();
        List<Qemu.Disk> disks = new java.util.ArrayList<>(List.of(new Qemu.Disk(bootTar, true)));
        for (String name : OUT_DISKS) {
            disks.add(new Qemu.Disk(emptyDisk(work.resolve(name), 64 << 20), false));
        }

        // The first kernel stops after kexec -l -s loaded the next one: the preserved-memory radix
        // tree is only whole in its memory (the second kernel frees the tree pages early). The
        // second kernel stops before it opens /dev/liveupdate: LUO's session blocks are still in its
        // memory then (they are freed on the first open). The host dumps memory at both points.
        Path monitor = work.resolve("monitor.sock");
        Path firstMemory = work.resolve("stage1-memory.elf");
        Path memory = work.resolve("stage2-memory.elf");
        Path fourthMemory = work.resolve("stage4-memory.elf");
        // The pattern for khomem goes into guest RAM at machine reset, before the first kernel runs
        // (the firmware then copies the initrd over part of it): reserve_mem does not clear its
        // region, and kexec does not reset the machine, so it is written for the first boot only.
        MemoryPattern pattern = new MemoryPattern(new java.security.SecureRandom().nextLong(), PATTERN_BASE, PATTERN_LENGTH);
        Path patternFile = pattern.write(work.resolve("memory-pattern.bin"));
        List<String> extra = new java.util.ArrayList<>(List.of(QemuMonitor.arguments(monitor)));
        extra.addAll(List.of("-device", "loader,file=" + patternFile + ",addr=0x" + Long.toHexString(PATTERN_BASE) + ",force-raw=on"));
        Qemu.Machine machine = new Qemu.Machine(kernel.vmlinuz(), initrd, CMDLINE, 1024, 2, disks);
        SerialLog log;
        try {
            for (int attempt = 1; ; attempt++) {
                SerialLog console = new SerialLog(work.resolve("serial.log"), false);
                Thread dumper = new Thread(() -> {
                    if (dumpWhenAsked(console, monitor, "KEXKIT-GUEST: kho-dump-point", firstMemory)
                            && dumpWhenAsked(console, monitor, "KEXKIT-GUEST: luo-dump-point", memory)) {
                        dumpWhenAsked(console, monitor, "KEXKIT-GUEST: kho-c-dump-point", fourthMemory);
                    }
                }, "kho-memory-dump");
                dumper.setDaemon(true);
                dumper.start();
                Progress.step("kho-handover: four " + kernel.release() + " kernels in QEMU (" + Qemu.accelerator(kernel.vmlinuz())
                        + "; console " + console.file() + ")", () -> Qemu.run(machine, console, LIMIT_SECONDS, extra));
                if (attempt == GuestRun.BOOT_ATTEMPTS || !GuestRun.bootAgainAfterEarlyCrash("kho-handover", work, console, attempt)) {
                    log = console;
                    break;
                }
            }
        } finally {
            deleteQuietly(patternFile); // about 96 MiB, made again from the seed when needed
        }
        GuestRun.Result console = new GuestRun.Result(work, log, null, GuestRun.size(initrd));

        List<Path> stages = new java.util.ArrayList<>();
        for (int i = 0; i < OUT_DISKS.size(); i++) {
            Path dir = work.resolve("stage" + (i + 1));
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            console.need("KEXKIT-GUEST: saved stage " + (i + 1));
            HostCommand.of("tar", "-xf", work.resolve(OUT_DISKS.get(i)).toString(), "-C", dir.toString()).output();
            stages.add(dir);
        }
        return new Run(work, console, List.copyOf(stages), marker, Files.exists(firstMemory) ? firstMemory : null,
                Files.exists(memory) ? memory : null, Files.exists(fourthMemory) ? fourthMemory : null, pattern);
    }

    /**
     * Dumps guest memory to {@code memory} (mode 0600) once the console shows {@code line}, then
     * answers the guest, which waits for that line on its console (scenario-kho.sh wait_for_host)
     * whether or not the dump worked; false if the guest never asked.
     */
    private static boolean dumpWhenAsked(SerialLog log, Path monitor, String line, Path memory) {
        long deadline = System.nanoTime() + LIMIT_SECONDS * 1_000_000_000L;
        while (log.find(line, 0).isEmpty()) {
            if (System.nanoTime() > deadline || log.find("KEXKIT-GUEST: poweroff", 0).isPresent()) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return false;
            }
        }
        try {
            // made 0600 before QEMU writes guest memory into it (QEMU truncates it and keeps the mode)
            Ext4Image.privateFile(memory);
            QemuMonitor.command(monitor, "dump-guest-memory " + memory, 120);
        } catch (java.io.UncheckedIOException | QemuRunException e) {
            Progress.say("dumping the guest's memory at '" + line + "' failed: " + e.getMessage());
        } finally {
            log.send(HOST_ANSWER);
        }
        return true;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file in the run directory is harmless; the next run deletes the directory
        }
    }

    private static Path emptyDisk(Path file, long size) {
        Ext4Image.privateFile(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
