package org.kexkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.kexkit.bin.FormatException;
import org.kexkit.btf.BtfBuilder;
import org.kexkit.dump.codec.ZlibCodec;
import org.kexkit.dump.filter.PageFilter;
import org.kexkit.dump.flattened.FlattenedSink;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.io.ChannelSink;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.kexec.image.TestKernels;
import org.kexkit.kho.KhoSamples;
import org.kexkit.kho.PreservedBlock;
import org.kexkit.kho.PreservedMemoryMapWriter;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemSamples;
import org.kexkit.testing.Fixtures;

/**
 * Writes the committed seed inputs (src/test/resources/org/kexkit/fuzz/NAMEInputs/METHOD/): one
 * small valid file of each format, made by the project's own writers and test builders, from
 * which the fuzzer mutates. Not a test; run once when a format changes:
 * {@code java -cp <fuzz test class path> org.kexkit.fuzz.SeedInputs fuzz/src/test/resources/org/kexkit/fuzz}.
 */
public final class SeedInputs {
    private static final String VMCOREINFO = "OSRELEASE=6.1.0-seed\nPAGESIZE=4096\nCRASHTIME=1700000000\n"
            + "KERNELOFFSET=0\nNUMBER(phys_base)=16777216\nSYMBOL(init_uts_ns)=ffffffff82a12340\n"
            + "SYMBOL(prb)=ffffffff82b00000\nSIZE(page)=64\nOFFSET(page.flags)=0\nOFFSET(page._refcount)=52\n"
            + "OFFSET(page.mapping)=24\nOFFSET(page.lru)=8\nOFFSET(page._mapcount)=48\nOFFSET(page.private)=40\n"
            + "NUMBER(PG_lru)=4\nNUMBER(PG_private)=13\nNUMBER(PG_swapcache)=10\nNUMBER(PG_buddy)=-128\n"
            + "SYMBOL(vmemmap)=ffffea0000000000\nNUMBER(pgtable_l5_enabled)=0\n";

    private SeedInputs() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("kexkit-seeds");
        Path vmcore = tmp.resolve("vmcore");
        byte[] low = pages(3, 1);
        byte[] high = pages(2, 2);
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo(VMCOREINFO)
                .addLoad(0xffff888000000000L, 0, low)
                .addLoad(0xffff888000000000L + (64 << 12), 64 << 12, high)
                .write(vmcore);
        seed(root, "ElfVmcoreFuzzTest", "elfVmcore", "small", Files.readAllBytes(vmcore));

        byte[] kdump = kdump(vmcore, tmp.resolve("kdump"), false);
        byte[] flat = kdump(vmcore, tmp.resolve("flat"), true);
        seed(root, "KdumpFuzzTest", "kdump", "zlib", kdump);
        seed(root, "KdumpFuzzTest", "kdump", "flattened", flat);
        seed(root, "KdumpSplitFuzzTest", "splitParts", "zlib", kdump);
        List<Path> parts = List.of(tmp.resolve("part1"), tmp.resolve("part2"));
        try (VmcoreSource source = VmcoreSources.open(vmcore)) {
            new KdumpDumper(new KdumpWriter(new KdumpOptions(Optional.of(new ZlibCodec()), 1, 1, PageFilter.KEEP_ALL)))
                    .toSplitFiles(source, parts, false);
        }
        seed(root, "KdumpSplitFuzzTest", "splitParts", "zlib-2-parts", splitInput(Files.readAllBytes(parts.get(0)),
                Files.readAllBytes(parts.get(1))));
        seed(root, "FlattenedFuzzTest", "flattened", "zlib", flat);

        seed(root, "VmcoreInfoFuzzTest", "vmcoreInfo", "synthetic", VMCOREINFO.getBytes(StandardCharsets.US_ASCII));

        for (String name : new String[] {"stage1-out-fdt.truncated.dtb", "stage2-in-fdt.dtb", "stage3-in-fdt.dtb",
                "stage1-out-sub-memblock.dtb"}) {
            seed(root, "FdtFuzzTest", "fdt", name, KhoSamples.bytes(name));
        }
        for (String name : new String[] {"stage1-out-sub-LUO.bin", "stage1-out-sub-kexec-metadata.bin",
                "stage1-out-sub-memblock.dtb"}) {
            seed(root, "KhoBlobFuzzTest", "khoBlob", name, KhoSamples.bytes(name));
        }

        seed(root, "IomemFuzzTest", "iomem", "qemu-7.2", Files.readAllBytes(
                Fixtures.path("sysroot/qemu-7.2/proc/iomem")));
        seed(root, "IomemFuzzTest", "iomem", "qemu-7.2-fsdax", Files.readAllBytes(
                Fixtures.path("sysroot/qemu-7.2-fsdax/first/proc/iomem")));
        seed(root, "SystemTextFuzzTest", "systemText", "cpulist", "0-3,8\n\u0002".getBytes(StandardCharsets.US_ASCII));
        seed(root, "SystemTextFuzzTest", "systemText", "kallsyms", ("ffffffff81000000 T _text\n"
                + "ffffffff82a12340 D init_uts_ns\n0000000000000000 t x [mod]\n\u0003")
                .getBytes(StandardCharsets.US_ASCII));

        BtfBuilder btf = new BtfBuilder();
        int u64 = btf.integer("unsigned long", 8);
        btf.struct("page", 64, "flags", u64, 0, "private", u64, 40);
        byte[] btfBytes = btf.bytes();
        seed(root, "BtfFuzzTest", "btf", "page", btfBytes);
        seed(root, "BzImageFuzzTest", "bzImage", "gzip-btf", TestKernels.bzImageWithBtf(btfBytes, "Linux version 6.1"));

        seed(root, "PfnInfoBlockFuzzTest", "pfnInfoBlock", "fsdax", pfnInfoBlockInput(1L << 30));
        seed(root, "KhoPreservedMemoryFuzzTest", "preservedMemory", "three-pages", preservedMemoryInput(0x1000,
                List.of(new PreservedBlock(0x7000, 0), new PreservedBlock(0x5a2000, 0), new PreservedBlock(0x5a3000, 0))));
        Files.walk(tmp).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    /**
     * PfnInfoBlockFuzzTest's input for a label-less fsdax namespace of {@code namespaceSize} bytes, laid
     * out as its FuzzedDataProvider reads it: the namespace uuid (zero) and the block from the front,
     * then from the end the namespace size (the last 8 bytes, little-endian) and the seal byte before them.
     */
    static byte[] pfnInfoBlockInput(long namespaceSize) {
        byte[] block = PmemSamples.block(PfnMode.PMEM, 2L << 20, namespaceSize).toBytes();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + block.length + 1 + 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[16]).put(block).put((byte) 1).putLong(namespaceSize);
        return b.array();
    }

    /**
     * KhoPreservedMemoryFuzzTest's input for a radix tree of {@code blocks} (as the kernel lays it out,
     * through the project's writer) whose root is at {@code root}: memory from address 0 with the tree
     * at the root, then the root address as the FuzzedDataProvider reads a long in [0, 2^16] from the
     * end (3 bytes, the last one the most significant).
     */
    static byte[] preservedMemoryInput(int root, List<PreservedBlock> blocks) {
        if (root < 0 || root > 1 << 16) {
            throw new IllegalArgumentException("root 0x" + Integer.toHexString(root) + " is beyond what the target reads");
        }
        byte[] tree = PreservedMemoryMapWriter.write(blocks, root);
        byte[] input = new byte[root + tree.length + 3];
        System.arraycopy(tree, 0, input, root, tree.length);
        input[input.length - 3] = (byte) root;
        input[input.length - 2] = (byte) (root >>> 8);
        input[input.length - 1] = (byte) (root >>> 16);
        return input;
    }

    /**
     * KdumpSplitFuzzTest's input for two parts: both back to back, then where the first ends as its
     * FuzzedDataProvider reads a ranged int from the end (2 bytes, little-endian, for inputs below 64 KiB).
     */
    static byte[] splitInput(byte[] first, byte[] second) {
        int length = first.length + second.length + 2;
        if (length > 1 << 16) {
            throw new IllegalArgumentException("split seed of " + length + " bytes: the cut would take more than 2 bytes");
        }
        return java.nio.ByteBuffer.allocate(length).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(first).put(second)
                .putShort((short) first.length).array();
    }

    /** {@code count} pages, half random, half text. */
    private static byte[] pages(int count, long seed) {
        byte[] out = new byte[count << 12];
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                byte[] page = new byte[4096];
                random.nextBytes(page);
                System.arraycopy(page, 0, out, i << 12, 4096);
            } else {
                byte[] text = ("seed page " + i + " ").repeat(500).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, out, i << 12, 4096);
            }
        }
        return out;
    }

    private static byte[] kdump(Path vmcore, Path out, boolean flattened) throws IOException, FormatException,
            org.kexkit.dump.DumpException {
        KdumpWriter writer = new KdumpWriter(new KdumpOptions(Optional.of(new ZlibCodec()), 1, 1, PageFilter.KEEP_ALL));
        try (VmcoreSource source = VmcoreSources.open(vmcore)) {
            if (flattened) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                writer.write(source, new FlattenedSink(bytes));
                return bytes.toByteArray();
            }
            try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ)) {
                writer.write(source, new ChannelSink(channel));
            }
        }
        return Files.readAllBytes(out);
    }

    private static void seed(Path root, String test, String method, String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(root.resolve(test + "Inputs").resolve(method));
        Files.write(dir.resolve(name), bytes);
    }
}
