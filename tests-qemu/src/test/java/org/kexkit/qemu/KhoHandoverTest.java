package org.kexkit.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.KexecMetadataDecoder;
import org.kexkit.kho.LuoSession;
import org.kexkit.kho.LuoSessionReader;
import org.kexkit.kho.MemblockDecoder;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.qemu.run.HostCommand;
import org.kexkit.qemu.run.Qemu;
import org.kexkit.qemu.run.SerialLog;

/**
 * Kexec HandOver and LUO on the KHO test kernel (7.2.13-kho, TCG): a file preserved with
 * kexkit kexec -e --preserve comes back byte for byte from kexkit luo restore in the next kernel,
 * the reserve_mem region is revived at the same physical address still holding the pattern QEMU
 * loaded there before the first kernel and lies inside the preserved ranges kexkit kho show --memory
 * finds in the first kernel's memory, kexkit kho show reads kho/in/fdt
 * as dtc does, and a second KHO kexec makes the kexec count 2. The third kernel loads a fourth with
 * kexkit kexec -l -c --kho (kexec_load, kexkit writes the root FDT, blobs, radix tree and scratch array
 * itself): the fourth gets khomem back at the same address, still holding the pattern, and count 3. Before all that, with KHO on, kexkit kho
 * check accepts the test kernel and refuses Debian's 7.2 (built without KHO), and kexkit kexec -l -s
 * refuses to load the latter.
 */
@Tag("qemu")
class KhoHandoverTest {
    @Test
    void filesAndReservedMemorySurviveTwoKhoKexecs() throws Exception {
        Path repo = Path.of(System.getProperty("kexkit.repo", "..")).toAbsolutePath().normalize();
        PanicCapture.Setup setup = PanicCapture.Setup.prepare(HarnessCache.fromEnvironment(), repo);
        GuestKernel kernel = KhoKernel.locate(repo);
        GuestKernel debian = new DebianKernels(setup.cache(), setup.sid()).byLabel("7.2");
        KhoHandover.Run run = new KhoHandover(setup).run(kernel, debian.vmlinuz());
        GuestRun.Result c = run.console();

        // Pre-flight with KHO on: this kernel is accepted, Debian's 7.2 (no KHO) refused, and
        // kexec -l -s will not load it without --force.
        assertTrue(c.need("KEXKIT-GUEST: kho-status").text().endsWith("rc=0"), "kexkit kho status");
        String status = Files.readString(run.stage(1).resolve("kho-status.txt"));
        assertTrue(status.contains("enabled"), status);
        SerialLog.Line checkKho = c.needSuccess("KEXKIT-GUEST: kho-check-kho", "kexkit kho check --next bzImage-kho");
        String accepted = Files.readString(run.stage(1).resolve("check-kho.txt"));
        assertTrue(accepted.contains("root (kho-v4): accept") && !accepted.contains("refuse"), accepted);
        SerialLog.Line checkDebian = c.need("KEXKIT-GUEST: kho-check-nokho");
        String refused = Files.readString(run.stage(1).resolve("check-nokho.txt"));
        assertTrue(checkDebian.text().contains("rc=1 ") && refused.contains("root (kho-v4): refuse: the next kernel has no KHO"),
                checkDebian.text() + "\n" + refused);
        assertTrue(c.need("KEXKIT-GUEST: kexec-load-nokho").text().endsWith("rc=1 loaded=0"), "kexec -l -s of a kernel without KHO");
        String load = Files.readString(run.stage(1).resolve("load-nokho.txt"));
        assertTrue(load.contains("--force loads it anyway"), load);
        System.out.printf("kho check in the guest (TCG): bzImage-kho accepted in %.1f s, %s refused in %.1f s%n",
                GuestRun.span(checkKho), debian.release(), GuestRun.span(checkDebian));

        SerialLog.Line boot1 = c.need("KEXKIT-GUEST: kho stage 1");
        SerialLog.Line load1 = c.needSuccess("KEXKIT-GUEST: kexec-load stage=2", "kexkit kexec -l -s (stage 1)");
        SerialLog.Line exec1 = c.need("KEXKIT-GUEST: kexec-exec at");
        SerialLog.Line boot2 = c.need("KEXKIT-GUEST: kho stage 2");
        SerialLog.Line restore = c.needSuccess("KEXKIT-GUEST: luo-restore", "kexkit luo restore");
        SerialLog.Line show = c.needSuccess("KEXKIT-GUEST: kho-show", "kexkit kho show");
        SerialLog.Line load2 = c.needSuccess("KEXKIT-GUEST: kexec-load stage=3", "kexkit kexec -l -s (stage 2)");
        SerialLog.Line boot3 = c.need("KEXKIT-GUEST: kho stage 3");
        System.out.printf("KHO handover (%s, initramfs %.1f MB gzip): first userspace at %.1f s (host);"
                + " kexec -l -s %.2f s; -e --preserve to second userspace %.1f s; luo restore %.2f s; kho show %.2f s;"
                + " kexec -l -s %.2f s; second kexec to third userspace %.1f s; whole run %.1f s%n",
                Qemu.accelerator(kernel.vmlinuz()), c.initramfsBytes() / 1e6, boot1.seconds(), GuestRun.span(load1),
                boot2.seconds() - exec1.seconds(), GuestRun.span(restore), GuestRun.span(show), GuestRun.span(load2),
                boot3.seconds() - c.log().find("KEXKIT-GUEST: kexec-exec at", 1).orElseThrow().seconds(),
                c.log().lines().get(c.log().lines().size() - 1).seconds());

        // The file, byte for byte, owner-only.
        byte[] original = Files.readAllBytes(run.stage(1).resolve("data.bin"));
        assertArrayEquals(original, Files.readAllBytes(run.stage(2).resolve("restored-data")), "restored file");
        assertTrue(c.need("KEXKIT-GUEST: restored sha256").text().endsWith(" mode 600"), "restored file's mode");
        assertTrue(new String(original, java.nio.charset.StandardCharsets.US_ASCII).endsWith(run.marker() + "\n"));

        // KHO took over, the reserve_mem region came back where it was, twice.
        for (int stage = 2; stage <= 3; stage++) {
            String dmesg = Files.readString(run.stage(stage).resolve("dmesg.txt"));
            assertTrue(dmesg.contains("KHO: found kexec handover data"), "stage " + stage + " dmesg");
            assertTrue(dmesg.contains("Revived memory reservation 'khomem' from KHO"), "stage " + stage + " dmesg");
        }
        SubtreeContent before = memblock(run.stage(1).resolve("out/sub_fdts/memblock"));
        assertEquals(before, memblock(run.stage(2).resolve("in/sub_fdts/memblock")), "khomem in the second kernel");
        assertEquals(before, memblock(run.stage(3).resolve("in/sub_fdts/memblock")), "khomem in the third kernel");
        System.out.println("  khomem: " + before);
        SubtreeContent.ReserveMem khomem = khomem(memblock(run.stage(2).resolve("in/sub_fdts/memblock")));
        checkInitrdClearOfKhomem(c, khomem);

        checkPreservedMemory(run, khomem);
        checkSessionsInMemory(run, original, khomem);

        // kexec count 1, then 2.
        assertEquals(new SubtreeContent.KexecMetadata(1, KhoKernel.RELEASE, 1), metadata(run.stage(2)));
        assertEquals(new SubtreeContent.KexecMetadata(1, KhoKernel.RELEASE, 2), metadata(run.stage(3)));

        checkKexecLoadHandover(run, before, khomem);

        // kexkit kho show --in in the guest against dtc on the host (kho/in/fdt), property by property.
        SidRoot sid = setup.sid();
        Path fdt = sid.workDir("kho-handover").resolve("stage2-in-fdt.dtb");
        Files.copy(run.stage(2).resolve("in/fdt"), fdt, StandardCopyOption.REPLACE_EXISTING);
        HostCommand.Result dtc = sid.run(60, "dtc", "-I", "dtb", "-O", "dts", sid.inside(fdt));
        assertEquals(0, dtc.exitCode(), dtc.stderr());
        Map<String, String> theirs = DtsProperties.of(dtc.stdout());
        Map<String, String> ours = DtsProperties.of(Files.readString(run.stage(2).resolve("kho-show-in.txt")));
        assertEquals(theirs, ours, "kexkit kho show against dtc on kho/in/fdt");
        assertEquals(FdtReader.read(Files.readAllBytes(run.stage(2).resolve("in/fdt")), "in/fdt").tree().root().children().size() + 1,
                theirs.keySet().stream().map(k -> k.substring(0, k.indexOf(':'))).distinct().count(), "nodes compared");
        run.discardImages(); // passed: the disks and the two memory dumps (2 GiB) go, the stages' files stay
    }

    /**
     * Kernel 3 loaded kernel 4 with kexkit kexec -l -c --kho: its --dry-run put every segment but the
     * KHO data in the scratch areas; kernel 4 found the handover, revived khomem at the same address
     * (dmesg, its kho/in memblock subtree), took kexec-metadata (count 3), and khomem in its memory
     * holds exactly what QEMU loaded before kernel 1.
     */
    private static void checkKexecLoadHandover(KhoHandover.Run run, SubtreeContent memblockBefore,
            SubtreeContent.ReserveMem khomem) throws Exception {
        GuestRun.Result c = run.console();
        String dry = Files.readString(run.stage(3).resolve("load-c-kho-dry.txt"));
        assertTrue(c.need("KEXKIT-GUEST: kexec-load-c-kho-dry").text().endsWith("rc=0"), dry);
        assertTrue(dry.contains(String.format("kho: reserve_mem khomem 0x%x-0x%x handed over", khomem.start(),
                khomem.start() + khomem.size() - 1)), dry);
        SerialLog.Line load = c.needSuccess("KEXKIT-GUEST: kexec-load stage=4", "kexkit kexec -l -c --kho (stage 3)");
        String loadOut = Files.readString(run.stage(3).resolve("load-c-kho.txt"));
        assertTrue(loadOut.contains("warning: kho: subtree LUO is not handed over"), loadOut);
        SerialLog.Line exec = c.log().find("KEXKIT-GUEST: kexec-exec at", 2).orElseThrow();
        SerialLog.Line boot4 = c.need("KEXKIT-GUEST: kho stage 4");
        String dmesg = Files.readString(run.stage(4).resolve("dmesg.txt"));
        assertTrue(dmesg.contains("KHO: found kexec handover data"), "stage 4 dmesg");
        assertTrue(dmesg.contains("Revived memory reservation 'khomem' from KHO"), "stage 4 dmesg");
        assertEquals(memblockBefore, memblock(run.stage(4).resolve("in/sub_fdts/memblock")), "khomem in the fourth kernel");
        assertEquals(new SubtreeContent.KexecMetadata(1, KhoKernel.RELEASE, 3), metadata(run.stage(4)));
        Path dump = run.fourthKernelMemory();
        assertTrue(dump != null, "QEMU did not dump the fourth kernel's memory (console: " + c.logFile() + ")");
        try (org.kexkit.dump.source.VmcoreSource core = org.kexkit.dump.input.VmcoreSources.openCore(dump, List.of());
                org.kexkit.dump.source.SourcePhysicalMemory memory = new org.kexkit.dump.source.SourcePhysicalMemory(core)) {
            checkKhomemPattern(run.khomemPattern(), khomem, memory);
        }
        System.out.printf("  kexec_load handover: kexec -l -c --kho %.2f s; -e to fourth userspace %.1f s; khomem and"
                + " kexec-metadata (count 3) taken, LUO not handed over%n", GuestRun.span(load),
                boot4.seconds() - exec.seconds());
        System.out.print(dry.lines().filter(l -> l.startsWith("kho:") || l.matches("\\s*\\d+ +0x.*")).map(l -> "    " + l + "\n")
                .collect(java.util.stream.Collectors.joining()));
        Files.deleteIfExists(dump); // 1 GiB; kept for a look when the checks failed
    }

    /**
     * The first kernel's memory, dumped after kexec -l -s and before kexec -e (QEMU 7.2's ELF, read
     * as it is): kexkit kho show --memory walks the preserved-memory radix tree whose root the second
     * kernel's kho/in/fdt names (the second kernel frees and reuses the tree's pages, so only the
     * first one has it), and khomem and every subtree blob lie inside the preserved ranges.
     */
    private static void checkPreservedMemory(KhoHandover.Run run, SubtreeContent.ReserveMem khomem) throws Exception {
        Path dump = run.firstKernelMemory();
        assertTrue(dump != null, "QEMU did not dump the first kernel's memory (console: " + run.console().logFile() + ")");
        Path fdt = run.stage(2).resolve("in/fdt");
        MakedumpfileOracle.KexkitRun show = MakedumpfileOracle.kexkit("kho", "show", fdt.toString(), "--memory",
                dump.toString());
        java.util.regex.Matcher summary = java.util.regex.Pattern.compile(
                "preserved memory: radix tree root page at 0x([0-9a-f]+), read from .*: (\\d+) blocks? in (\\d+) ranges?,"
                        + " (\\d+) bytes").matcher(show.out());
        assertTrue(summary.find(), show.out());
        List<org.kexkit.kho.PreservedRange> ranges = new java.util.ArrayList<>();
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("(?m)^    0x([0-9a-f]+)-0x([0-9a-f]+) \\(0x[0-9a-f]+ bytes\\)$")
                .matcher(show.out());
        while (range.find()) {
            long start = Long.parseUnsignedLong(range.group(1), 16);
            ranges.add(new org.kexkit.kho.PreservedRange(start, Long.parseUnsignedLong(range.group(2), 16) + 1 - start));
        }
        assertEquals(Integer.parseInt(summary.group(3)), ranges.size(), show.out());
        assertEquals(Long.parseLong(summary.group(4)), ranges.stream().mapToLong(org.kexkit.kho.PreservedRange::size).sum());
        assertTrue(org.kexkit.kho.PreservedRange.covered(ranges, khomem.start(), khomem.size()), String.format(
                "khomem 0x%x (0x%x bytes) is not inside the preserved ranges:%n%s", khomem.start(), khomem.size(), show.out()));
        org.kexkit.kho.KhoRoot root = org.kexkit.kho.KhoRootReader.read(
                FdtReader.read(Files.readAllBytes(fdt), fdt.toString()).tree());
        for (org.kexkit.kho.KhoSubtree s : root.subtrees()) {
            long first = s.preservedData() & ~0xfffL;
            long end = (s.preservedData() + s.blobSize().orElseThrow() + 0xfff) & ~0xfffL;
            assertTrue(org.kexkit.kho.PreservedRange.covered(ranges, first, end - first), String.format(
                    "subtree %s's pages 0x%x-0x%x are not inside the preserved ranges:%n%s", s.name(), first, end, show.out()));
        }
        System.out.printf("  preserved memory in the first kernel (radix tree at 0x%s): %s blocks in %d ranges, %.1f MiB;"
                + " khomem and %d subtree blobs inside; kho show --memory %.2f s%n", summary.group(1), summary.group(2),
                ranges.size(), Long.parseLong(summary.group(4)) / 1048576.0, root.subtrees().size(), show.seconds());
        System.out.println("    ranges: " + String.join(", ", ranges.stream().map(r -> String.format("0x%x+0x%x", r.start(),
                r.size())).toList()));
        Files.deleteIfExists(dump); // 1 GiB; kept for a look when the checks failed
    }

    /**
     * The second kernel's memory, dumped before it opened /dev/liveupdate: the session block chain,
     * the memfd states and folio arrays kernel 1 serialized at reboot, and the file's pages at the
     * physical addresses kernel 1 recorded, holding the file.
     */
    private static void checkSessionsInMemory(KhoHandover.Run run, byte[] original, SubtreeContent.ReserveMem khomem)
            throws Exception {
        Path dump = run.secondKernelMemory();
        assertTrue(dump != null, "QEMU did not dump the second kernel's memory (console: " + run.console().logFile() + ")");
        try (org.kexkit.dump.source.VmcoreSource core = org.kexkit.dump.input.VmcoreSources.openCore(dump, List.of());
                org.kexkit.dump.source.SourcePhysicalMemory memory = new org.kexkit.dump.source.SourcePhysicalMemory(core)) {
            long sessionsPa = LuoSessionLocator.find(memory, "kexkit", 1L << 30)
                    .orElseThrow(() -> new AssertionError("no LUO session block named kexkit in " + dump));
            List<LuoSession> sessions = new LuoSessionReader(memory).sessions(sessionsPa);
            assertEquals(List.of("kexkit"), sessions.stream().map(LuoSession::name).toList());
            LuoSession session = sessions.get(0);
            assertEquals(List.of(1L, 0L), session.files().stream().map(LuoSession.LuoFile::token).toList());
            LuoSession.Memfd data = session.files().get(0).memfd();
            assertEquals("memfd-v2", session.files().get(0).compatible());
            assertEquals(original.length, data.size());
            java.io.ByteArrayOutputStream pages = new java.io.ByteArrayOutputStream();
            for (LuoSession.Folio f : data.folios().stream().sorted(java.util.Comparator.comparingLong(LuoSession.Folio::index)).toList()) {
                pages.writeBytes(memory.read(f.physicalAddress(), 4096));
            }
            assertArrayEquals(original, java.util.Arrays.copyOf(pages.toByteArray(), original.length),
                    "the file's pages at the physical addresses kernel 1 handed over");
            LuoSession.Memfd index = session.files().get(1).memfd();
            String indexText = new String(memory.read(index.folios().get(0).physicalAddress(), (int) index.size()),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(indexText.startsWith("kexkit-luo-index 1\n1 " + original.length + " "), indexText);
            System.out.printf("  LUO session kexkit at 0x%x: %d files, data in %d folios from pfn 0x%x%n", sessionsPa,
                    session.files().size(), data.folios().size(), data.folios().get(0).pfn());
            checkKhomemPattern(run.khomemPattern(), khomem, memory);
            if (!System.getenv().getOrDefault("KEXKIT_RECORD_KHO_FIXTURES", "").isEmpty()) {
                KhoFixtures.record(run, Path.of(System.getProperty("kexkit.repo", "..")), sessionsPa,
                        LuoSessionLocator.pages(memory, sessionsPa, sessions, 4096));
            }
        }
        Files.deleteIfExists(dump); // 1 GiB; kept for a look when the checks failed
    }

    /**
     * The pattern QEMU's loader device wrote before the first kernel ran (no /dev/mem or /proc/kcore
     * in the guest to write it from inside) is still there, byte for byte, where the second kernel's
     * memblock subtree says khomem is.
     */
    private static void checkKhomemPattern(MemoryPattern pattern, SubtreeContent.ReserveMem khomem,
            org.kexkit.bin.PhysicalMemory memory) throws Exception {
        if (!pattern.covers(khomem.start(), khomem.size())) {
            throw new AssertionError(String.format("khomem is at 0x%x (0x%x bytes) in the second kernel, but the pattern was"
                    + " loaded at 0x%x-0x%x: move KhoHandover.PATTERN_BASE", khomem.start(), khomem.size(), pattern.base(),
                    pattern.end()));
        }
        byte[] found = memory.read(khomem.start(), (int) khomem.size());
        int at = pattern.firstDifference(khomem.start(), found);
        if (at >= 0) {
            throw new AssertionError(String.format("khomem at 0x%x: the byte at 0x%x (offset 0x%x) is not what QEMU loaded there"
                    + " before the first kernel", khomem.start(), khomem.start() + at, at));
        }
        System.out.printf("  pattern in khomem: %d MiB at 0x%x as loaded before the first kernel (seed 0x%x)%n",
                khomem.size() >> 20, khomem.start(), pattern.seed());
    }

    /** The first kernel's initrd (QEMU puts it at the top of low memory) must lie clear of khomem. */
    private static void checkInitrdClearOfKhomem(GuestRun.Result c, SubtreeContent.ReserveMem khomem) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("RAMDISK: \\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\]")
                .matcher(c.need("RAMDISK: [mem ").text());
        assertTrue(m.find(), "RAMDISK line");
        long start = Long.parseUnsignedLong(m.group(1), 16);
        long end = Long.parseUnsignedLong(m.group(2), 16) + 1;
        assertTrue(end <= khomem.start() || start >= khomem.start() + khomem.size(), String.format(
                "the first kernel's initrd 0x%x-0x%x overlaps khomem at 0x%x", start, end, khomem.start()));
        System.out.printf("  first initrd at 0x%x-0x%x, khomem at 0x%x-0x%x%n", start, end, khomem.start(),
                khomem.start() + khomem.size());
    }

    private static SubtreeContent.ReserveMem khomem(SubtreeContent memblock) {
        return ((SubtreeContent.Memblock) memblock).regions().stream().filter(r -> r.name().equals("khomem")).findFirst()
                .orElseThrow(() -> new AssertionError("no khomem in the second kernel's memblock subtree: " + memblock));
    }

    private static SubtreeContent memblock(Path blob) throws Exception {
        return MemblockDecoder.decode(FdtReader.read(Files.readAllBytes(blob), blob.toString()).tree());
    }

    private static SubtreeContent metadata(Path stage) throws Exception {
        Path blob = stage.resolve("in/sub_fdts/kexec-metadata");
        return KexecMetadataDecoder.decode(Files.readAllBytes(blob), blob.toString());
    }
}
