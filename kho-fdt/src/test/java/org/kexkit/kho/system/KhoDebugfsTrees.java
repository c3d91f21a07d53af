package org.kexkit.kho.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.kho.KhoSamples;

/**
 * /sys/kernel/debug/kho trees rebuilt under a root directory from the {@link KhoSamples}
 * (layout: stage2-kho-debugfs-tree.txt), with the /proc/cmdline of those QEMU runs.
 */
public final class KhoDebugfsTrees {
    /** The command line of all three kernels (dmesg-stage*.txt). */
    public static final String CMDLINE = "console=ttyS0 earlyprintk=serial kho=on liveupdate=on"
            + " reserve_mem=4M:4096:khomem kho_scratch=16M,96M,32M panic=-1";

    private KhoDebugfsTrees() {
    }

    /** Kernel 1 after a cold boot: out/ only, its fdt cut at 233 of 345 bytes. */
    public static Path stage1(Path root) throws IOException {
        Path out = common(root);
        copy("stage1-out-fdt.truncated.dtb", out.resolve("fdt"));
        copy("stage1-out-sub-kexec-metadata.bin", out.resolve("sub_fdts/kexec-metadata"));
        copy("stage1-out-sub-memblock.dtb", out.resolve("sub_fdts/memblock"));
        copy("stage1-out-sub-LUO.bin", out.resolve("sub_fdts/LUO"));
        return root;
    }

    /** Kernel 2, booted through KHO: in/ with the stale LUO page, out/ without fdt. */
    public static Path stage2(Path root) throws IOException {
        Path out = common(root);
        Path in = Files.createDirectories(root.resolve(KhoDebugfsReader.KHO).resolve("in/sub_fdts")).getParent();
        copy("stage2-in-fdt.dtb", in.resolve("fdt"));
        copy("stage2-in-sub-kexec-metadata.bin", in.resolve("sub_fdts/kexec-metadata"));
        copy("stage2-in-sub-memblock.dtb", in.resolve("sub_fdts/memblock"));
        copy("stage2-in-sub-LUO.stale.bin", in.resolve("sub_fdts/LUO"));
        copy("stage2-out-sub-kexec-metadata.bin", out.resolve("sub_fdts/kexec-metadata"));
        copy("stage2-out-sub-LUO.bin", out.resolve("sub_fdts/LUO"));
        // no stage2-out memblock sample: the revived region is handed on unchanged (stage3-in-fdt's blob-size 0xd2)
        copy("stage2-in-sub-memblock.dtb", out.resolve("sub_fdts/memblock"));
        return root;
    }

    /** out/ with the scratch files (the same areas in every kernel of the runs), cmdline and /dev/liveupdate. */
    private static Path common(Path root) throws IOException {
        Path out = Files.createDirectories(root.resolve(KhoDebugfsReader.KHO).resolve("out/sub_fdts")).getParent();
        copy("stage1-scratch_phys.txt", out.resolve("scratch_phys"));
        copy("stage1-scratch_len.txt", out.resolve("scratch_len"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve(KhoDebugfsReader.CMDLINE), CMDLINE + "\n");
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve(KhoDebugfsReader.LIVEUPDATE));
        return out;
    }

    private static void copy(String sample, Path to) throws IOException {
        Files.copy(KhoSamples.file(sample), to);
    }
}
