package org.kexkit.kexec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.kexec.image.BzImage;
import org.kexkit.kexec.image.E820Entry;
import org.kexkit.kexec.image.PurgatoryParams;
import org.kexkit.kexec.image.Purgatory;
import org.kexkit.kexec.image.Segment;
import org.kexkit.kexec.image.SegmentKind;
import org.kexkit.kexec.system.CrashSystemReader;

/** Whole kexec_load plans from the /proc and /sys of our QEMU guests (recorded samples). */
class KexecLoadPlannerTest {
    private static final long CRASH_START = 0x2e000000L;
    private static final long CRASH_END = 0x3e000000L;

    private static KexecLoadPlanner planner(String kernel) throws Exception {
        Path root = Path.of(KexecLoadPlannerTest.class.getResource("/sysroot/qemu-" + kernel).toURI());
        return new KexecLoadPlanner(new CrashSystemReader(root));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void crashLoadLivesInTheCrashRegionAndNamesItsHeader(String kernel) throws Exception {
        BzImage bz = BzImage.read(org.kexkit.kexec.image.TestKernels.bzImageKho());
        byte[] initrd = new byte[3 << 20];
        KexecLoadPlan plan = planner(kernel).crash(bz, Optional.of(initrd), "console=ttyS0 irqpoll", false);

        for (Segment s : plan.image().segments()) {
            assertTrue(s.mem() >= CRASH_START && s.mem() + s.memsz() <= CRASH_END, s.kind() + " outside the crash region");
        }
        long header = plan.image().segment(SegmentKind.ELFCOREHDR).mem();
        assertTrue(plan.cmdline().endsWith("elfcorehdr=" + (header >> 10) + "K"), plan.cmdline());
        // The capture kernel's RAM is the crash region minus the header, plus (as the kernel's own
        // crash_setup_memmap_entries gives it) the low 640 KiB; nothing else of the first kernel.
        long inRegion = 0;
        for (E820Entry e : plan.e820()) {
            if (e.type() != E820Entry.RAM) {
                continue;
            }
            if (e.start() >= CRASH_START && e.start() + e.size() <= CRASH_END) {
                inRegion += e.size();
            } else {
                assertTrue(e.start() + e.size() <= 0xa0000, String.format("usable RAM 0x%x+0x%x outside the crash region", e.start(), e.size()));
            }
        }
        assertEquals(CRASH_END - CRASH_START - 4096, inRegion, "the crash region minus the one-page header");
        assertTrue(plan.e820().stream().noneMatch(e -> e.type() == E820Entry.RAM && e.start() <= header
                && header < e.start() + e.size()), "the elfcorehdr must not be usable RAM for the capture kernel");
        assertEquals(3, plan.elfcorehdrHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_NOTE).count());

        PurgatoryParams params = Purgatory.readParams(plan.image().segment(SegmentKind.PURGATORY).data(), "purgatory");
        assertEquals(plan.image().segment(SegmentKind.KERNEL).mem() + BzImage.STARTUP_64_OFFSET, params.rip());
        assertEquals(plan.image().segment(SegmentKind.BOOT_PARAMS).mem(), params.rsi());
        assertEquals(4, params.regions().size(), "every segment but the purgatory is hashed");
        assertTrue(plan.describe().contains("elfcorehdr="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "7.2"})
    void normalLoadStaysOutOfTheCrashRegionAndPassesTheFirmwareMap(String kernel) throws Exception {
        BzImage bz = BzImage.read(org.kexkit.kexec.image.TestKernels.bzImageKho());
        KexecLoadPlan plan = planner(kernel).normal(bz, Optional.of(new byte[1 << 20]), "console=ttyS0");
        for (Segment s : plan.image().segments()) {
            assertTrue(s.mem() + s.memsz() <= CRASH_START || s.mem() >= CRASH_END, s.kind() + " inside the crash region");
            assertTrue(s.mem() >= 1 << 20, s.kind() + " in the low 1 MiB");
        }
        assertEquals(7, plan.e820().size(), "the seven /sys/firmware/memmap entries");
        assertEquals("console=ttyS0", plan.cmdline());
    }
}
