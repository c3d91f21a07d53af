package org.kexkit.kexec.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.KexecException;

class SegmentPlannerTest {
    static final long MIB = 1 << 20;
    static final PhysRange CRASH = new PhysRange(0x2f000000L, 0x3f000000L);
    static BzImage kernel;

    @BeforeAll
    static void readKernel() throws Exception {
        kernel = BzImage.read(TestKernels.bzImageKho());
    }

    @Test
    void crashLoadFitsTheRegion() throws Exception {
        SegmentPlan plan = SegmentPlanner.forCrash(List.of(CRASH))
                .plan(kernel, new SegmentSizes(30 * MIB + 5, 4096 + 300, 3 * 4096, 5000));
        PlacedSegment k = plan.get(SegmentKind.KERNEL);
        assertEquals(0x2f000000L, k.mem());
        assertEquals(0xc0c000L, k.memsz(), "init_size is larger than the kernel part");
        PlacedSegment initrd = plan.get(SegmentKind.INITRD);
        assertEquals(CRASH.end(), initrd.endExclusive(), "initrd at the top");
        assertEquals(30 * MIB + 4096, initrd.memsz());
        assertEquals(k.endExclusive(), plan.get(SegmentKind.ELFCOREHDR).mem());
        assertEquals(8192, plan.get(SegmentKind.ELFCOREHDR).memsz());
        assertEquals(8192, plan.get(SegmentKind.BOOT_PARAMS).memsz());
        for (PlacedSegment p : plan.placed()) {
            assertTrue(p.mem() >= CRASH.start() && p.endExclusive() <= CRASH.end(), p.toString());
            assertEquals(0, p.mem() % 4096);
        }
        // the plan makes a valid image
        List<Segment> segments = new ArrayList<>();
        for (PlacedSegment p : plan.placed()) {
            segments.add(new Segment(p.kind(), new byte[16], p.mem(), p.memsz()));
        }
        KexecImage image = new KexecImage(plan.get(SegmentKind.PURGATORY).mem(), segments);
        image.requireInside(List.of(CRASH));
        assertTrue(image.table().contains("0x000000002f000000 0x000000002fc0bfff   0xc0c000       0x10  kernel (12 MiB)"),
                image.table());
    }

    @Test
    void crashKernelIsAlignedInsideAnUnalignedRegion() throws Exception {
        PhysRange region = new PhysRange(0x2f001000L, 0x3f000000L);
        SegmentPlan plan = SegmentPlanner.forCrash(List.of(region)).plan(kernel, new SegmentSizes(0, 4096, 4096, 0));
        assertEquals(0x2f200000L, plan.get(SegmentKind.KERNEL).mem());
        assertEquals(0x2f001000L, plan.get(SegmentKind.BOOT_PARAMS).mem(), "small segments use the gap below");
    }

    @Test
    void tooSmallCrashRegionSaysWhatDoesNotFit() {
        KexecException e = assertThrows(KexecException.class, () -> SegmentPlanner.forCrash(List.of(CRASH))
                .plan(kernel, new SegmentSizes(250 * MIB, 8192, 12288, 16384)));
        assertEquals("crash region 0x2f000000-0x3effffff (256 MiB) cannot hold kernel 12 MiB + initrd 250 MiB"
                + " + elfcorehdr 16 KiB + boot_params+cmdline 8 KiB + purgatory 12 KiB = 262 MiB: no room for the initrd;"
                + " boot with a larger crashkernel=", e.getMessage());
    }

    @Test
    void normalLoadPrefersPrefAddressAndKeepsSmallSegmentsAbove0x3000() throws Exception {
        List<PhysRange> free = List.of(new PhysRange(0x1000, 0x9f000), new PhysRange(0x100000, 0x3fee0000L));
        SegmentPlan plan = SegmentPlanner.forNormal(free).plan(kernel, new SegmentSizes(8 * MIB, 8192, 12288, 0));
        assertEquals(0x1000000L, plan.get(SegmentKind.KERNEL).mem());
        assertEquals(0x3fee0000L, plan.get(SegmentKind.INITRD).endExclusive());
        assertEquals(0x3000, plan.get(SegmentKind.BOOT_PARAMS).mem());
        assertEquals(0x5000, plan.get(SegmentKind.PURGATORY).mem());
    }

    @Test
    void kernelNeverGoesBelowPrefAddress() {
        // below LOAD_PHYSICAL_ADDR the decompressor would move the kernel up to it, out of its segment
        KexecException normal = assertThrows(KexecException.class, () -> SegmentPlanner
                .forNormal(List.of(new PhysRange(0x100000, 0x1000000))).plan(kernel, new SegmentSizes(0, 8192, 12288, 0)));
        assertEquals("free System RAM (1 range, largest 0x100000-0xffffff (15 MiB)) cannot hold kernel 12 MiB"
                + " + boot_params+cmdline 8 KiB + purgatory 12 KiB = 12 MiB: no room for the kernel (aligned to 2 MiB)"
                + " at or above 0x1000000", normal.getMessage());
        KexecException crash = assertThrows(KexecException.class, () -> SegmentPlanner
                .forCrash(List.of(new PhysRange(0x800000, 0x1800000))).plan(kernel, new SegmentSizes(0, 8192, 12288, 0)));
        assertTrue(crash.getMessage().startsWith("crash region 0x800000-0x17fffff (16 MiB) cannot hold kernel 12 MiB"),
                crash.getMessage());
    }

    @Test
    void atMostSixteenSegments() {
        List<SegmentRequest> requests = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            requests.add(SegmentRequest.anywhere(SegmentKind.EXTRA, 4096));
        }
        KexecException e = assertThrows(KexecException.class,
                () -> SegmentPlanner.forCrash(List.of(CRASH)).place(requests));
        assertEquals("17 segments requested, kexec_load takes at most 16", e.getMessage());
    }

    @Test
    void imageRejectsOverlapAndMisalignment() {
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class, () -> new KexecImage(0, List.of(
                new Segment(SegmentKind.KERNEL, new byte[1], 0x100000, 0x2000),
                new Segment(SegmentKind.INITRD, new byte[1], 0x101000, 0x1000))));
        assertEquals("kernel segment and initrd segment overlap at 0x101000", overlap.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new KexecImage(0, List.of(new Segment(SegmentKind.KERNEL, new byte[1], 0x100800, 0x1000))));
        assertThrows(IllegalArgumentException.class,
                () -> new KexecImage(0, List.of(new Segment(SegmentKind.KERNEL, new byte[0x2000], 0x100000, 0x1000))));
    }
}
