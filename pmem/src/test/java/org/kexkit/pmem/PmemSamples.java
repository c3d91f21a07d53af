package org.kexkit.pmem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.kexkit.bin.PhysRange;

/**
 * Test data for pmem: info blocks as nd_pfn_init writes them, namespace images, and recorded
 * /proc + /sys + /dev trees of a first kernel (pfn devices enabled) and of a capture kernel
 * (namespaces forced raw). Also used by dump-filter's and cli's tests (test-jar).
 */
public final class PmemSamples {
    /** A 2 MiB-aligned fsdax namespace with its memmap on the device, as the QEMU guests have one. */
    public static final PhysRange DEV_NAMESPACE = PhysRange.ofSize(0x140000000L, 256L << 20);
    /** Its data offset: ALIGN(8 KiB + 64 * npfns, 2 MiB) for 256 MiB (nd_pfn_init). */
    public static final long DEV_DATAOFF = align(8192 + 64L * ((256L << 20) - 8192) / 4096, 2L << 20);
    /** A second namespace, its memmap in RAM. */
    public static final PhysRange MEM_NAMESPACE = PhysRange.ofSize(0x150000000L, 256L << 20);
    public static final long MEM_DATAOFF = 2L << 20;

    private PmemSamples() {
    }

    static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    /** An fsdax info block (version 1.4, label-less namespace: parent uuid zero). */
    public static PfnInfoBlock block(PfnMode mode, long dataoff, long namespaceSize) {
        byte[] uuid = new byte[16];
        Arrays.fill(uuid, (byte) 0x5a);
        return new PfnInfoBlock(InfoBlockSignature.PFN, uuid, new byte[16], 0, 1, 4, dataoff,
                (namespaceSize - dataoff) / 4096, mode, 0, 0, 2L << 20, 4096, 64);
    }

    /** The first {@code length} bytes of a namespace holding {@code block} at 4 KiB. */
    public static byte[] namespaceHead(byte[] block, int length) {
        byte[] head = new byte[length];
        for (int i = 0; i < head.length; i++) {
            head[i] = (byte) (i * 7 + 3); // a memmap-like, non-zero filler
        }
        Arrays.fill(head, 0, 4096, (byte) 0);
        System.arraycopy(block, 0, head, 4096, block.length);
        return head;
    }

    /** /proc/iomem of a guest with the two namespaces in two NFIT regions. */
    public static String iomem() {
        return "00000000-00000fff : Reserved\n"
                + "00001000-0009fbff : System RAM\n"
                + "00100000-3ffdffff : System RAM\n"
                + "  01000000-01ffffff : Kernel code\n"
                + "  30000000-3fffffff : Crash kernel\n"
                + "140000000-14fffffff : Persistent Memory\n"
                + "  140000000-14fffffff : namespace0.0\n"
                + "150000000-15fffffff : Persistent Memory\n"
                + "  150000000-15fffffff : namespace1.0\n";
    }

    /** A first kernel's tree: both namespaces fsdax, claimed by enabled pfn devices. */
    public static void firstKernel(Path root) throws IOException {
        write(root, "proc/iomem", iomem());
        region(root, "region0", DEV_NAMESPACE);
        region(root, "region1", MEM_NAMESPACE);
        namespace(root, "namespace0.0", DEV_NAMESPACE, "memory", "pfn0.1", false, null);
        namespace(root, "namespace1.0", MEM_NAMESPACE, "memory", "pfn1.1", false, null);
        pfn(root, "pfn0.1", "namespace0.0", "pmem", DEV_NAMESPACE.start() + DEV_DATAOFF);
        pfn(root, "pfn1.1", "namespace1.0", "ram", MEM_NAMESPACE.start() + MEM_DATAOFF);
        write(root, "sys/bus/nd/devices/pfn0.0/mode", "none\n"); // a seed, claiming nothing
        write(root, "sys/bus/nd/devices/namespace0.1/size", "0\n"); // a seed namespace without capacity
    }

    /** A capture kernel's tree: the namespaces raw (force_raw), their devices holding the info blocks. */
    public static void captureKernel(Path root, byte[] devHead, byte[] memHead) throws IOException {
        write(root, "proc/iomem", iomem());
        region(root, "region0", DEV_NAMESPACE);
        region(root, "region1", MEM_NAMESPACE);
        namespace(root, "namespace0.0", DEV_NAMESPACE, "raw", "", true, "pmem0");
        namespace(root, "namespace1.0", MEM_NAMESPACE, "raw", "", true, "pmem1");
        Files.createDirectories(root.resolve("dev"));
        Files.write(root.resolve("dev/pmem0"), devHead);
        Files.write(root.resolve("dev/pmem1"), memHead);
    }

    private static void region(Path root, String name, PhysRange range) throws IOException {
        write(root, "sys/bus/nd/devices/" + name + "/resource", String.format("0x%x\n", range.start()));
        write(root, "sys/bus/nd/devices/" + name + "/size", range.size() + "\n");
    }

    private static void namespace(Path root, String name, PhysRange range, String mode, String holder, boolean raw,
            String block) throws IOException {
        String d = "sys/bus/nd/devices/" + name + "/";
        write(root, d + "resource", String.format("0x%x\n", range.start()));
        write(root, d + "size", range.size() + "\n");
        write(root, d + "mode", mode + "\n");
        write(root, d + "holder", holder + "\n");
        write(root, d + "force_raw", (raw ? 1 : 0) + "\n");
        if (block != null) {
            Files.createDirectories(root.resolve(d + "block/" + block));
        }
    }

    private static void pfn(Path root, String name, String namespace, String mode, long dataStart) throws IOException {
        String d = "sys/bus/nd/devices/" + name + "/";
        write(root, d + "namespace", namespace + "\n");
        write(root, d + "mode", mode + "\n");
        write(root, d + "align", (2L << 20) + "\n");
        write(root, d + "resource", String.format("0x%x\n", dataStart));
        write(root, d + "uuid", "5a5a5a5a-5a5a-5a5a-5a5a-5a5a5a5a5a5a\n");
    }

    public static void write(Path root, String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.US_ASCII);
    }
}
