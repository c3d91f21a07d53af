package org.kexkit.qemu.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one panic test boots: the kernel (also the capture kernel), its module tree if it has one, the guest's
 * memory and CPUs, the crashkernel= reservation, the paging levels the virtual CPU offers, and where the
 * kexkit runtime tree and busybox the guest runs come from.
 *
 * @param kernel       the bzImage
 * @param release      its release (the setup header's, or the module tree's name)
 * @param modules      its module tree; empty when it has none (then the drivers must be built in)
 * @param memoryMiB    the first kernel's memory
 * @param cpus         the first kernel's CPUs
 * @param crashkernelMiB the reservation, crashkernel=NM
 * @param pagingLevels 4 or 5: the virtual CPU without or with LA57 (a kernel without 5-level support runs 4 on both)
 * @param tree         the kexkit runtime tree (bin/kexkit, java/, lib/) the guest runs
 * @param busybox      the busybox program (static, or its libraries are added)
 * @param runtimeOnDisk the capture runs kexkit from a read-only disk holding the tree (kdump.conf's capture_runtime
 *                     disk), not from its image
 */
public record PanicTestPlan(Path kernel, String release, Optional<Path> modules, int memoryMiB, int cpus, int crashkernelMiB,
        int pagingLevels, Path tree, Path busybox, boolean runtimeOnDisk) {
    /** The drivers the capture needs for its dump disk (virtio PCI, virtio block) and filesystem (ext4). */
    public static final List<String> CAPTURE_DRIVERS = List.of("virtio_pci", "virtio_blk", "ext4");

    public PanicTestPlan {
        if (pagingLevels != 4 && pagingLevels != 5) {
            throw new IllegalArgumentException("paging levels must be 4 or 5: " + pagingLevels);
        }
        if (memoryMiB <= crashkernelMiB) {
            throw new IllegalArgumentException("crashkernel " + crashkernelMiB + "M leaves nothing of " + memoryMiB + "M");
        }
    }

    public PanicTestPlan withCrashkernel(int mib) {
        return new PanicTestPlan(kernel, release, modules, memoryMiB, cpus, mib, pagingLevels, tree, busybox, runtimeOnDisk);
    }

    public PanicTestPlan withMachine(int memory, int cpuCount) {
        return new PanicTestPlan(kernel, release, modules, memory, cpuCount, Math.min(crashkernelMiB, memory / 2), pagingLevels,
                tree, busybox, runtimeOnDisk);
    }
}
