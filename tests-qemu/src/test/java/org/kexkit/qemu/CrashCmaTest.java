package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.system.IomemKind;
import org.kexkit.kexec.system.IomemParser;

/**
 * crashkernel=128M plus crashkernel=128M,cma on Debian's 7.2 kernel (see {@link CrashCma}), crash-loaded with
 * kexec_load and kexkit's own header and memory map (kexec_file_load, where the kernel does all of it, passed the same
 * checks when this was written and costs another boot, so CI leaves it out: {@code -Dkexkit.cma.loaders=FILE,LOAD}
 * runs both). The CMA area is the running kernel's (CmaTotal) until the panic and the capture kernel's RAM after it, it is in no
 * PT_LOAD of /proc/vmcore (the kernel's own header leaves it out, and kexkit's kexec_load header must too, or the
 * capture would dump its own memory as the first kernel's), and the dump is whole: drgn reads the log with the marker.
 */
@Tag("qemu")
class CrashCmaTest {
    static final long REGULAR = 128L << 20;
    static final long CMA = 128L << 20;
    private static QemuFixture qemu;

    @BeforeAll
    static void prepare() {
        qemu = QemuFixture.prepare();
    }

    static java.util.stream.Stream<PanicCapture.Loader> loaders() {
        return java.util.Arrays.stream(System.getProperty("kexkit.cma.loaders", "LOAD").split(","))
                .map(String::strip).map(PanicCapture.Loader::valueOf);
    }

    @ParameterizedTest(name = "crashkernel=128M crashkernel=128M,cma, kexkit kexec -p {0}")
    @MethodSource("loaders")
    void captureRunsInTheCmaArea(PanicCapture.Loader loader) throws Exception {
        GuestKernel kernel = qemu.kernels.byLabel("7.2");
        CrashCma.Report r = new CrashCma(qemu.setup, "128M", "128M").run(kernel, loader);
        System.out.printf("crashkernel=128M,cma with %s: CMA %s; first kernel MemTotal %d kB, CmaTotal %d kB; capture"
                + " MemTotal %d kB; load %.1f s, panic to dump written %.1f s; dump %d bytes%n", r.loader(), r.cma(),
                r.firstMemTotalKiB(), r.firstCmaTotalKiB(), r.captureMemTotalKiB(), r.loadSeconds(), r.panicToDump(),
                Files.exists(r.dump()) ? Files.size(r.dump()) : -1);
        assertEquals(CMA, r.cma().stream().mapToLong(PhysRange::size).sum(), "the CMA areas: " + r.cma());
        assertTrue(r.firstCmaTotalKiB() >= CMA >> 10, "the running kernel lends the area to movable allocations: CmaTotal "
                + r.firstCmaTotalKiB() + " kB");
        assertTrue(r.run().log().find("crash reservation:   128 MiB (134217728 bytes), plus 128 MiB (134217728 bytes)"
                + " crashkernel=,cma", 0).isPresent(), "kexec --status names the CMA area: " + r.run().log().tail(30));
        assertTrue(r.captureMemTotalKiB() << 10 > REGULAR, "the capture kernel has more than the crash region: "
                + r.captureMemTotalKiB() + " kB");
        for (PhysRange area : r.cma()) {
            assertTrue(systemRam(r.captureIomem()).stream().anyMatch(ram -> ram.contains(area)),
                    "the capture kernel has the CMA area " + area + " as RAM:\n" + r.captureIomem());
        }
        assertFalse(r.loads().isEmpty(), "no PT_LOAD read from /proc/vmcore");
        for (ProgramHeaderTable.Load load : r.loads()) {
            PhysRange range = PhysRange.ofSize(load.paddr(), load.size());
            assertTrue(r.cma().stream().noneMatch(range::overlaps), load + " overlaps the CMA area " + r.cma());
        }
        assertEquals(0, r.dumpExit(), "makedumpfile in the capture kernel: " + r.run().log().tail(20));
        CrashDirectories.drgnReads(qemu.setup.sid(), r.dump(), kernel, r.marker());
        r.run().discardImages();
        Files.deleteIfExists(r.dump());
    }

    /** The "System RAM" ranges of a /proc/iomem text. */
    static List<PhysRange> systemRam(String iomem) throws Exception {
        return IomemParser.parse(iomem, "the capture kernel's /proc/iomem").rangesOf(IomemKind.SYSTEM_RAM);
    }
}
