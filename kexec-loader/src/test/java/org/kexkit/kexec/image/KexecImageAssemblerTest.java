package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysRange;

class KexecImageAssemblerTest {
    static final PhysRange CRASH = new PhysRange(0x2f000000L, 0x3f000000L);

    @Test
    void crashImageFromTheRealKernel() throws Exception {
        BzImage kernel = BzImage.read(TestKernels.bzImageKho());
        Purgatory purgatory = Purgatory.bundled();
        byte[] initrd = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(initrd);
        byte[] header = new byte[1500];
        BootParams bootParams = new BootParams(kernel)
                .e820(List.of(new E820Entry(0, 0x9fc00, E820Entry.RAM), new E820Entry(CRASH.start(), CRASH.size(), E820Entry.RAM)));

        SegmentPlan plan = SegmentPlanner.forCrash(List.of(CRASH)).plan(kernel,
                new SegmentSizes(initrd.length, bootParams.sizeLimit(), purgatory.segmentSize(), header.length));
        long elfcorehdr = plan.get(SegmentKind.ELFCOREHDR).mem();
        bootParams.cmdline("console=ttyS0 irqpoll nr_cpus=1 reset_devices elfcorehdr=" + (elfcorehdr >> 10) + "K");
        KexecImage image = KexecImageAssembler.assemble(plan,
                new ImageParts(kernel, Optional.of(initrd), bootParams, Optional.of(header), List.of()), purgatory, false);

        image.requireInside(List.of(CRASH));
        Segment purgatorySegment = image.segment(SegmentKind.PURGATORY);
        assertEquals(purgatorySegment.mem(), image.entry());
        PurgatoryParams params = Purgatory.readParams(purgatorySegment.data(), "purgatory");
        Segment kernelSegment = image.segment(SegmentKind.KERNEL);
        assertEquals(kernelSegment.mem() + 0x200, params.rip());
        Segment zeroPage = image.segment(SegmentKind.BOOT_PARAMS);
        assertEquals(zeroPage.mem(), params.rsi());
        assertEquals(purgatorySegment.endExclusive(), params.rsp());
        assertEquals(0, params.rbx());
        SegmentDigest digest = SegmentDigest.of(image.segments(), false);
        assertArrayEquals(digest.digest(), params.digest());
        assertEquals(4, params.regions().size(), "kernel, initrd, elfcorehdr, boot_params");
        assertEquals(1024 * 2, image.segment(SegmentKind.ELFCOREHDR).bufsz(), "header padded to 1 KiB");

        ByteBuffer page = ByteBuffer.wrap(zeroPage.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((int) image.segment(SegmentKind.INITRD).mem(), page.getInt(0x218));
        assertEquals(initrd.length, page.getInt(0x21c));
        assertEquals((int) (zeroPage.mem() + 4096), page.getInt(0x228));
        assertEquals(2, page.get(0x1e8));
        String table = image.table();
        assertTrue(table.contains("boot_params+cmdline"), table);
        assertTrue(table.endsWith(String.format("entry 0x%016x%n", image.entry())), table);
    }
}
