package org.kexkit.kho.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.system.KhoDebugfsReader.Absence.Reason;

class KhoDebugfsReaderTest {
    @TempDir
    Path dir;

    @Test
    void stage1ColdBoot() throws Exception {
        KhoDebugfsReader reader = new KhoDebugfsReader(KhoDebugfsTrees.stage1(dir));
        KhoDebugfs kho = reader.read().orElseThrow();
        assertFalse(kho.bootedThroughKho());
        assertEquals(List.of(new ScratchArea(0, 0x3d400000L, 0x1000000L), new ScratchArea(1, 0x37400000L, 0x6000000L),
                new ScratchArea(2, 0x35400000L, 0x2000000L)), kho.scratch());
        assertEquals(List.of("lowmem", "global", "node 0"), kho.scratch().stream().map(ScratchArea::role).toList());
        KhoDebugfsDir out = kho.out().orElseThrow();
        assertEquals(233, out.fdt().orElseThrow().length);
        assertEquals(List.of("LUO", "kexec-metadata", "memblock"), List.copyOf(out.subtrees().keySet()));
        List<DebugfsFault> faults = DebugfsFaults.find(kho);
        assertEquals(1, faults.size());
        assertEquals(DebugfsFault.Kind.OUT_FDT_TRUNCATED, faults.get(0).kind());
        assertEquals(out.fdtPath() + ": 233 of 345 bytes (7.2.13 fault: the file keeps the size the FDT had at boot,"
                + " before later subtrees were added; the FDT the next kernel gets is complete)", faults.get(0).line());
        assertTrue(reader.liveUpdateDevice());
        assertEquals(Optional.of(true), KhoKernelParameters.parse(reader.cmdline().orElseThrow()).khoEnabled());
    }

    @Test
    void stage2KhoBooted() throws Exception {
        KhoDebugfs kho = new KhoDebugfsReader(KhoDebugfsTrees.stage2(dir)).read().orElseThrow();
        assertTrue(kho.bootedThroughKho());
        assertEquals(345, kho.in().orElseThrow().fdt().orElseThrow().length);
        assertTrue(kho.out().orElseThrow().fdt().isEmpty());
        List<DebugfsFault> faults = DebugfsFaults.find(kho);
        assertEquals(List.of(DebugfsFault.Kind.OUT_FDT_MISSING, DebugfsFault.Kind.IN_LUO_STALE),
                faults.stream().map(DebugfsFault::kind).toList());
        assertTrue(faults.get(0).line().endsWith("/sys/kernel/debug/kho/out/fdt: missing (7.2.13 fault: a kernel"
                + " booted through KHO does not create it; the outgoing FDT exists and is handed over)"));
        assertTrue(faults.get(1).line().endsWith("/sys/kernel/debug/kho/in/sub_fdts/LUO: stale (7.2.13 fault: LUO"
                + " frees this page early in boot, after taking its data, and debugfs still shows the reused page)"));
    }

    @Test
    void noKhoAndNoDebugfs() throws Exception {
        KhoDebugfsReader reader = new KhoDebugfsReader(dir);
        assertTrue(reader.read().isEmpty());
        Path debugfs = dir.resolve("sys/kernel/debug");
        assertEquals(new KhoDebugfsReader.Absence(Reason.NOT_MOUNTED, debugfs.toString(), ""), reader.absence());
        KhoDebugfsAbsent absent = assertThrows(KhoDebugfsAbsent.class, reader::require);
        assertEquals(reader.absence(), absent.absence());
        assertEquals(debugfs + ": debugfs is not mounted", absent.getMessage());
        Files.createDirectories(dir.resolve("sys/kernel/debug"));
        assertEquals(Reason.NOT_MOUNTED, reader.absence().reason());
        Files.createDirectories(dir.resolve("sys/kernel/debug/tracing"));
        assertEquals(new KhoDebugfsReader.Absence(Reason.NO_KHO, debugfs.resolve("kho").toString(), ""),
                reader.absence());
        assertFalse(reader.liveUpdateDevice());
        assertTrue(reader.cmdline().isEmpty());
    }

    @Test
    void anIoErrorIsNotAPermissionProblem() {
        Path debugfs = dir.resolve("sys/kernel/debug");
        assertEquals(new KhoDebugfsReader.Absence(Reason.NOT_READABLE, debugfs.toString(), ""),
                KhoDebugfsReader.unlisted(debugfs, new AccessDeniedException(debugfs.toString())));
        KhoDebugfsReader.Absence eio = KhoDebugfsReader.unlisted(debugfs, new FileSystemException(debugfs.toString(),
                null, "Input/output error"));
        assertEquals(new KhoDebugfsReader.Absence(Reason.READ_FAILED, debugfs.toString(), "Input/output error"), eio);
        assertEquals(debugfs + ": cannot be listed: Input/output error", new KhoDebugfsAbsent(eio).getMessage());
    }

    @Test
    void badScratchFilesAreOneLine() throws Exception {
        KhoDebugfsTrees.stage1(dir);
        Path len = dir.resolve("sys/kernel/debug/kho/out/scratch_len");
        Files.writeString(len, "0x1000000\n0x6000000\n");
        FormatException e = assertThrows(FormatException.class, () -> new KhoDebugfsReader(dir).read());
        assertEquals(len + ": offset 0x0: 2 lengths for 3 scratch areas in scratch_phys", e.getMessage());
        Files.writeString(len, "0x1000000\n16M\n0x2000000\n");
        e = assertThrows(FormatException.class, () -> new KhoDebugfsReader(dir).read());
        assertEquals(len + ": offset 0xa: expected a 0x-prefixed hex number, found '16M'", e.getMessage());
    }

    @Test
    void kernelParameters() {
        KhoKernelParameters p = KhoKernelParameters.parse(KhoDebugfsTrees.CMDLINE);
        assertEquals("kho=on kho_scratch=16M,96M,32M liveupdate=on reserve_mem=4M:4096:khomem", p.describe());
        assertEquals(Optional.of(false), KhoKernelParameters.parse("kho=0 x").khoEnabled());
        assertEquals(Optional.of(true), KhoKernelParameters.parse("kho=off kho=Y").khoEnabled());
        assertEquals(Optional.empty(), KhoKernelParameters.parse("kho=maybe").khoEnabled());
        assertEquals(Optional.empty(), KhoKernelParameters.parse("quiet").khoEnabled());
    }
}
