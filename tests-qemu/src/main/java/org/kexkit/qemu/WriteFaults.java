package org.kexkit.qemu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.dump.io.SafeOutputFile;
import org.kexkit.qemu.run.Ext4Image;
import org.kexkit.qemu.run.SerialLog;

/**
 * Real write faults under a capture kernel, in one boot: kexkit crash-loads the guest's kernel, the
 * guest panics, and the capture kernel runs {@code kexkit makedumpfile -l -d 31 /proc/vmcore} onto
 * two targets that fail for real: a small ext4 that fills up mid-dump (the kernel's ENOSPC), and an
 * ext4 on a virtio disk whose writes from {@link #EIO_FROM} on fail with EIO (QEMU's blkdebug driver
 * under the raw format: the guest's block layer gets the error, nothing in the guest is faked). Then
 * it saves the whole vmcore as the reference. The files left come back from the disk images.
 */
public final class WriteFaults {
    /** The ENOSPC target: an ext4 of 8 MiB (about 6 MiB free), smaller than the dump. */
    static final int FULL_MIB = 8;
    /** The EIO target's size: room for the whole dump (about 45 MiB of the 6.1 guest), so only the device can stop it. */
    static final int EIO_MIB = 128;
    /**
     * Byte of the EIO disk from which every write fails: a few MiB into the file's data, which ext4 places
     * after the inode table, at about 8.2 MiB of this disk (at 6 MiB the header's own write-back failed, and
     * the first sync with it).
     */
    public static final long EIO_FROM = 16L << 20;
    /** The EIO target's file system block (mkfs -b), in which its file's block map is given. */
    public static final int EIO_BLOCK = 4096;
    /** Where the scenario mounts each target and names the dump (its partial file is left there). */
    static final String DUMP_NAME = "dump";

    /**
     * One faulted dump: its exit status, what it printed, the partial file it left, copied back (null if
     * none), that file's block map on the target, and whether a file under the dump's own name (one that
     * would say the dump finished) is on the target.
     */
    public record Fault(String name, int exitCode, String stdout, String stderr, Path partial, long[] blocks,
            double seconds, boolean finishedFileLeft) {
    }

    /** What the boot saw: both faults, the vmcore saved after them, the console. */
    public record Report(Fault full, Fault eio, Path vmcore, String marker, GuestRun.Result run) {
    }

    private final PanicCapture.Setup setup;

    public WriteFaults(PanicCapture.Setup setup) {
        this.setup = setup;
    }

    /** The run's name: its directory under runs/ and in the sid root. */
    static String runName(GuestKernel kernel) {
        return "write-faults-" + kernel.label();
    }

    public Report run(GuestKernel kernel) {
        String name = runName(kernel);
        String marker = "KEXKIT-MARKER-" + UUID.randomUUID();
        // one CPU and the default 1 GiB (crashkernel=256M): the capture kernel has the ~220 MiB the other captures have
        PanicCapture.Options defaults = PanicCapture.Options.defaults();
        PanicCapture.Options options = new PanicCapture.Options(defaults.memoryMiB(), 1, defaults.crashkernel(), "", false);
        GuestRun.Result run = new GuestRun(setup, options).boot(kernel, name, "scenario-write-faults.sh",
                Map.of("MARKER", marker, "CAPTURE_APPEND", PanicCapture.CAPTURE_APPEND, "LOAD_ARGS",
                        PanicCapture.Loader.FILE.flag),
                Map.of(), List.of(), Map.of(), Map.of(), WriteFaults::faultyDisks);
        run.needSuccess("KEXKIT-GUEST: kexec-load", "kexkit kexec -p -s");
        run.need(PanicCapture.SYSRQ_CRASH);
        Path sidWork = setup.sid().workDir(name);
        Fault full = fault(run, "full", run.work().resolve("full.img"), sidWork);
        Fault eio = fault(run, "eio", run.work().resolve("eio.img"), sidWork);
        run.needSuccess("KEXKIT-GUEST: vmcore-save", "kexkit vmcore save");
        Path vmcore = sidWork.resolve("vmcore");
        Ext4Image.extract(run.dumpDisk(), "/vmcore", vmcore);
        run.discardImages();
        deleteQuietly(run.work().resolve("eio-blkdebug.conf"));
        return new Report(full, eio, vmcore, marker, run);
    }

    /**
     * The two targets as vdc and vdd: the small ext4, and the EIO disk (an ext4 without a journal, so a
     * failed write is a data write, never a journal abort that turns the file system read-only) behind blkdebug,
     * with one rule per 4 KiB from {@link #EIO_FROM} to the disk's end (a rule's sector fails the requests
     * that cover it, every time: once off), and werror=report, so the guest sees the error.
     */
    static List<String> faultyDisks(Path work) {
        Path full = work.resolve("full.img");
        Ext4Image.create(full, FULL_MIB, null, "kexkit-full");
        Path eio = work.resolve("eio.img");
        Ext4Image.create(eio, EIO_MIB, null, "kexkit-eio", List.of("-O", "^has_journal", "-b", Integer.toString(EIO_BLOCK)));
        Path config = work.resolve("eio-blkdebug.conf");
        StringBuilder rules = new StringBuilder();
        for (long at = EIO_FROM; at < ((long) EIO_MIB << 20); at += EIO_BLOCK) {
            // blkdebug's rules fire on the raw format's write_aio event; sector is in 512-byte units
            rules.append("[inject-error]\nevent = \"write_aio\"\niotype = \"write\"\nerrno = \"5\"\nsector = \"")
                    .append(at / 512).append("\"\nonce = \"off\"\n\n");
        }
        try {
            Files.writeString(config, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // request-merging off (QEMU's virtio-blk would join a guest's adjacent writes into one, which then fails whole,
        // below EIO_FROM too), and the guest writes vdd 4 KiB a request (max_sectors_kb): a block fails exactly when it
        // lies at or past EIO_FROM
        return List.of("-drive", "file=" + full + ",format=raw,if=virtio", "-drive",
                "if=virtio,format=raw,werror=report,file.driver=blkdebug,file.config=" + config
                        + ",file.image.driver=file,file.image.filename=" + eio,
                "-global", "virtio-blk-pci.request-merging=off");
    }

    private static final Pattern RC = Pattern.compile("rc=(\\d+) start=([0-9.]+) end=([0-9.]+)");

    private static Fault fault(GuestRun.Result run, String name, Path image, Path sidWork) {
        SerialLog.Line line = run.need("KEXKIT-GUEST: " + name + "-dump rc=");
        Matcher m = RC.matcher(line.text());
        if (!m.find()) {
            throw run.failure("no exit status in '" + line.text() + "'");
        }
        Path out = sidWork.resolve(name + ".out");
        Path err = sidWork.resolve(name + ".err");
        Ext4Image.extract(run.dumpDisk(), "/" + name + ".out", out);
        Ext4Image.extract(run.dumpDisk(), "/" + name + ".err", err);
        String partialName = "/" + SafeOutputFile.partialPath(Path.of(DUMP_NAME)).getFileName();
        Path partial = null;
        long[] blocks = new long[0];
        if (Ext4Image.contains(image, partialName)) {
            partial = sidWork.resolve(name + ".kdump");
            Ext4Image.extract(image, partialName, partial);
            blocks = Ext4Image.blocks(image, partialName);
        }
        return new Fault(name, Integer.parseInt(m.group(1)), read(out), read(err), partial, blocks,
                Double.parseDouble(m.group(3)) - Double.parseDouble(m.group(2)), Ext4Image.contains(image, "/" + DUMP_NAME));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover file costs space, nothing else
        }
    }
}
