package org.kexkit.kexec.kho;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.PhysRange;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kexec.FakeSystem;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.Segment;
import org.kexkit.kexec.image.SegmentKind;
import org.kexkit.kexec.image.SetupData;
import org.kexkit.kexec.image.TestKernels;
import org.kexkit.kexec.load.KexecLoadPlan;
import org.kexkit.kexec.load.KexecLoadPlanner;
import org.kexkit.kho.KhoGeneration;
import org.kexkit.kho.KhoRoot;
import org.kexkit.kho.KhoRootReader;
import org.kexkit.kho.KhoSubtree;
import org.kexkit.kho.PreservedBlock;
import org.kexkit.kho.PreservedMemoryMapReader;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.kho.system.KhoDebugfsReader;
import org.kexkit.kho.system.KhoDebugfsTrees;

/**
 * A kexec_load KHO handover built from kernel 2 of the QEMU runs (its debugfs kho/, booted through
 * KHO: no out/fdt), then read back with kho-fdt's readers as the next kernel would read it.
 */
class KhoHandoverLayoutTest {
    private static final long KHOMEM = 0x3e400000L;
    /** The scratch areas of the runs (kho_scratch=16M,96M,32M on 1 GiB). */
    private static final List<PhysRange> SCRATCH = List.of(PhysRange.ofSize(0x3d400000L, 16 << 20),
            PhysRange.ofSize(0x37400000L, 96 << 20), PhysRange.ofSize(0x35400000L, 32 << 20));

    @TempDir
    Path dir;

    private KhoCarryOver carry() throws Exception {
        return KhoCarryOver.of(new KhoDebugfsReader(KhoDebugfsTrees.stage2(dir)).require());
    }

    @Test
    void whatGoesOverAndWhatDoesNot() throws Exception {
        KhoCarryOver carry = carry();
        assertEquals(KhoGeneration.V4, carry.generation());
        assertEquals(List.of("kexec-metadata", "memblock"), carry.blobs().stream().map(KhoCarryOver.Blob::name).sorted().toList());
        assertEquals(List.of("LUO"), carry.dropped().stream().map(KhoCarryOver.Dropped::name).toList());
        assertEquals(List.of(new SubtreeContent.ReserveMem("khomem", KHOMEM, 0x400000)), carry.regions());
        assertEquals(SCRATCH, carry.scratchRanges());
    }

    @Test
    void theSegmentReadsBackAsTheNextKernelReadsIt() throws Exception {
        KhoCarryOver carry = carry();
        KhoHandoverLayout layout = new KhoHandoverLayout(carry);
        long base = 0x20000000L;
        byte[] segment = layout.build(base);
        assertTrue(segment.length <= layout.size() && layout.size() % 4096 == 0);

        KhoRoot root = KhoRootReader.read(FdtReader.read(Arrays.copyOf(segment, 4096), "root").tree());
        assertEquals(KhoGeneration.V4, root.generation());
        for (KhoSubtree s : root.subtrees()) {
            byte[] blob = carry.blobs().stream().filter(b -> b.name().equals(s.name())).findFirst().orElseThrow().data();
            assertEquals(blob.length, s.blobSize().getAsLong());
            assertEquals(0, s.preservedData() % 4096, s.name());
            int at = (int) (s.preservedData() - base);
            assertArrayEquals(blob, Arrays.copyOfRange(segment, at, at + blob.length), s.name());
        }
        assertEquals(2, root.subtrees().size());

        PhysicalMemory memory = new PhysicalMemory() {
            @Override
            public boolean read(long paddr, byte[] dst, int at, int length) {
                if (paddr < base || paddr + length > base + segment.length) {
                    return false;
                }
                System.arraycopy(segment, (int) (paddr - base), dst, at, length);
                return true;
            }

            @Override
            public String name() {
                return "segment";
            }
        };
        Comparator<PreservedBlock> byAddress = Comparator.comparingLong(PreservedBlock::address);
        List<PreservedBlock> blocks = PreservedMemoryMapReader.read(memory, root.preservedMemoryMap()).stream()
                .sorted(byAddress).toList();
        List<PreservedBlock> expected = new java.util.ArrayList<>(List.of(new PreservedBlock(base, 0)));
        root.subtrees().forEach(s -> expected.add(new PreservedBlock(s.preservedData(), 0)));
        expected.add(new PreservedBlock(KHOMEM, 10));
        assertEquals(expected.stream().sorted(byAddress).toList(), blocks);
    }

    @Test
    void setupDataAndScratchArrayAreTheKernelsStructs() throws Exception {
        KhoHandoverLayout layout = new KhoHandoverLayout(carry());
        ByteBuffer array = ByteBuffer.wrap(layout.scratchArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3 * 16, array.capacity());
        assertEquals(0x3d400000L, array.getLong(0));
        assertEquals(16L << 20, array.getLong(8));
        assertEquals(0x35400000L, array.getLong(32));
        SetupData kho = layout.setupData(0x20000000L, 0x3e3f0000L);
        assertEquals(10, kho.type());
        ByteBuffer data = ByteBuffer.wrap(kho.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(0x20000000L, 4096L, 0x3e3f0000L, 48L),
                List.of(data.getLong(0), data.getLong(8), data.getLong(16), data.getLong(24)));
    }

    private FakeSystem system(String ram) {
        FakeSystem system = new FakeSystem(dir);
        system.file("proc/iomem", "00001000-0009fbff : System RAM\n" + ram);
        String[][] memmap = {{"0x0", "0x9fbff", "System RAM"}, {"0x100000", "0x3ffd9fff", "System RAM"},
            {"0x3ffda000", "0x3fffffff", "Reserved"}};
        for (int i = 0; i < memmap.length; i++) {
            system.file("sys/firmware/memmap/" + i + "/start", memmap[i][0] + "\n");
            system.file("sys/firmware/memmap/" + i + "/end", memmap[i][1] + "\n");
            system.file("sys/firmware/memmap/" + i + "/type", memmap[i][2] + "\n");
        }
        return system;
    }

    @Test
    void theImagesSegmentsGoWhereKexecFileLoadWouldPutThem() throws Exception {
        KhoCarryOver carry = carry();
        FakeSystem system = system("00100000-3ffd9fff : System RAM\n");
        BzImage kernel = BzImage.read(TestKernels.bzImageKho());
        KexecLoadPlan plan = new KexecLoadPlanner(system.crashReader()).normalWithKho(kernel, Optional.of(new byte[3 << 20]),
                "console=ttyS0", carry);
        PhysRange khomem = PhysRange.ofSize(KHOMEM, 0x400000);
        Segment data = plan.image().segment(SegmentKind.KHO_DATA);
        Segment array = plan.image().segment(SegmentKind.KHO_SCRATCH);
        for (Segment s : plan.image().segments()) {
            PhysRange at = PhysRange.ofSize(s.mem(), s.memsz());
            assertTrue(!at.overlaps(khomem), s.toString());
            boolean inScratch = SCRATCH.stream().anyMatch(r -> r.contains(at));
            assertEquals(s != data, inScratch, s + " in the scratch areas");
        }
        assertEquals(0, array.mem() % 0x10000);
        // boot_params' setup_data chain: SETUP_KEXEC_KHO naming the root FDT page and the array
        Segment bootParams = plan.image().segment(SegmentKind.BOOT_PARAMS);
        ByteBuffer zeroPage = ByteBuffer.wrap(bootParams.data()).order(ByteOrder.LITTLE_ENDIAN);
        long node = zeroPage.getLong(0x250);
        int off = (int) (node - bootParams.mem());
        assertEquals(0, zeroPage.getLong(off), "one node");
        assertEquals(SetupData.SETUP_KEXEC_KHO, zeroPage.getInt(off + 8));
        assertEquals(32, zeroPage.getInt(off + 12));
        assertEquals(List.of(data.mem(), 4096L, array.mem(), 48L), List.of(zeroPage.getLong(off + 16),
                zeroPage.getLong(off + 24), zeroPage.getLong(off + 32), zeroPage.getLong(off + 40)));
        assertTrue(plan.describe().contains("kho: reserve_mem khomem 0x3e400000-0x3e7fffff handed over"), plan.describe());
        assertTrue(plan.warnings().get(0).startsWith("kho: subtree LUO is not handed over: "), plan.warnings().toString());
    }

    @Test
    void withoutTheFirmwareMapTheNextKernelsMapComesFromIomem() throws Exception {
        // the KHO test kernel is built without CONFIG_FIRMWARE_MEMMAP
        FakeSystem system = new FakeSystem(dir).file("proc/iomem", "00000000-00000fff : Reserved\n"
                + "00001000-0009fbff : System RAM\n000a0000-000bffff : PCI Bus 0000:00\n00100000-3ffd9fff : System RAM\n"
                + "  01000000-01ffffff : Kernel code\n3ffda000-3fffffff : Reserved\n");
        KexecLoadPlan plan = new KexecLoadPlanner(system.crashReader()).normalWithKho(BzImage.read(TestKernels.bzImageKho()),
                Optional.empty(), "console=ttyS0", carry());
        assertEquals(List.of("0x0+0x1000 type 2", "0x1000+0x9ec00 type 1", "0x100000+0x3feda000 type 1",
                "0x3ffda000+0x26000 type 2"), plan.e820().stream().map(e -> String.format("0x%x+0x%x type %d", e.start(),
                        e.size(), e.type())).toList());
    }

    @Test
    void noRoomOutsideScratchAndPreservedMemoryIsOneLine() throws Exception {
        KhoCarryOver carry = carry();
        // RAM is only the scratch areas and khomem
        FakeSystem system = system("35400000-3e7fffff : System RAM\n");
        BzImage kernel = BzImage.read(TestKernels.bzImageKho());
        KexecException e = assertThrows(KexecException.class, () -> new KexecLoadPlanner(system.crashReader())
                .normalWithKho(kernel, Optional.empty(), "console=ttyS0", carry));
        assertEquals("no memory outside the KHO scratch areas and the preserved memory for the kho fdt+blobs+radix tree"
                + " segment", e.getMessage());
    }

    @Test
    void aSegmentOverPreservedMemoryOrPreservedMemoryInScratchIsRefused() throws Exception {
        KhoCarryOver carry = carry();
        Segment over = new Segment(SegmentKind.INITRD, new byte[0], KHOMEM + 0x200000, 0x400000);
        assertEquals("the initrd segment 0x3e600000-0x3e9fffff would overwrite the preserved reserve_mem region khomem"
                + " 0x3e400000-0x3e7fffff", assertThrows(KexecException.class, () -> KhoPlacement.requireClear(
                        List.of(over), carry)).getMessage());
        KhoCarryOver inScratch = new KhoCarryOver(carry.generation(), carry.blobs(), carry.dropped(),
                List.of(new SubtreeContent.ReserveMem("khomem", 0x3d000000L, 0x400000)), carry.scratch());
        assertTrue(assertThrows(KexecException.class, () -> KhoPlacement.requireClear(List.of(), inScratch)).getMessage()
                .startsWith("reserve_mem region khomem 0x3d000000-0x3d3fffff overlaps the KHO scratch area"));
    }

    @Test
    void blobOrdersAreThePagesTheyNeed() {
        assertEquals(0, KhoHandoverLayout.order(1));
        assertEquals(0, KhoHandoverLayout.order(4096));
        assertEquals(1, KhoHandoverLayout.order(4097));
        assertEquals(2, KhoHandoverLayout.order(3 * 4096));
    }

    @Test
    void aRootVersionWithoutBlobSizesIsRefused() throws Exception {
        Path root = KhoDebugfsTrees.stage2(dir);
        // kernel 2 took its root as kho-v4; pretend it took kho-v2
        Path in = root.resolve("sys/kernel/debug/kho/in/fdt");
        byte[] fdt = Files.readAllBytes(in);
        String text = new String(fdt, java.nio.charset.StandardCharsets.ISO_8859_1).replace("kho-v4", "kho-v2");
        Files.write(in, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("the running kernel hands over kho-v2; a kexec_load handover is written only as kho-v3 or kho-v4"
                + " (blobs with blob-size, the radix tree)", assertThrows(org.kexkit.kho.KhoException.class,
                        () -> KhoCarryOver.of(new KhoDebugfsReader(root).require())).getMessage());
    }
}
