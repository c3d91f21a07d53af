package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.pmem.NamespaceMode;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutNote;
import org.kexkit.pmem.PmemLayoutText;
import org.kexkit.pmem.PmemNamespace;
import org.kexkit.pmem.PmemRegion;
import org.kexkit.pmem.PmemResourceKind;
import org.kexkit.pmem.PmemSamples;
import org.kexkit.testing.Fixtures;

/** `kexkit pmem list` on recorded trees, and makedumpfile on a vmcore with pmem. */
class PmemCommandTest {
    @TempDir
    Path dir;
    CliEnvironment environment;

    @BeforeEach
    void setUp() {
        environment = new FakeKernel().environment(dir.resolve("live"));
    }

    @Test
    void listsTheFirstKernelsNamespaces() throws Exception {
        Path root = dir.resolve("first");
        PmemSamples.firstKernel(root);
        CliRun run = CliRun.of(environment, "pmem", "list", "--sysroot", root.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                region0  0x140000000-0x14fffffff  256 MiB  Persistent Memory
                  namespace0.0  fsdax  memmap on the device  0x140000000-0x14fffffff  (cases B, D)
                    claimed by pfn0.1, align 2 MiB, uuid 5a5a5a5a-5a5a-5a5a-5a5a-5a5a5a5a5a5a
                    metadata   0x140000000-0x1405fffff  6 MiB  on the device, kept
                    user data  0x140600000-0x14fffffff  250 MiB  never dumped
                region1  0x150000000-0x15fffffff  256 MiB  Persistent Memory
                  namespace1.0  fsdax  memmap in RAM  0x150000000-0x15fffffff  (cases A, C)
                    claimed by pfn1.1, align 2 MiB, uuid 5a5a5a5a-5a5a-5a5a-5a5a-5a5a5a5a5a5a
                    metadata   0x150000000-0x1501fffff  2 MiB  on the device, kept
                    user data  0x150200000-0x15fffffff  254 MiB  never dumped
                pmem 512 MiB in 2 regions: metadata 8 MiB kept, user data 504 MiB never dumped
                """, run.out());
        CliRun json = CliRun.of(environment, "pmem", "list", "--json", "--sysroot", root.toString());
        assertTrue(json.out().startsWith("{\"regions\":[{\"name\":\"region0\",\"kind\":\"Persistent Memory\",\"start\":"
                + "\"0x140000000\",\"end\":\"0x14fffffff\",\"size\":268435456,\"system_ram\":[],\"namespaces\":[{\"name\":"
                + "\"namespace0.0\",\"mode\":\"fsdax\",\"memmap\":\"device\""), json.out());
        assertTrue(json.out().contains("\"cases\":[\"B\",\"D\"],\"problem\":null,\"uuid\":null,\"holder\":\"pfn0.1\","
                + "\"force_raw\":false,\"block_device\":null,\"claim\":{\"name\":\"pfn0.1\",\"mode\":\"pmem\",\"data_start\":"
                + "\"0x140600000\",\"align\":2097152,\"uuid\":\"5a5a5a5a-5a5a-5a5a-5a5a-5a5a5a5a5a5a\"}"), json.out());
        assertTrue(json.out().endsWith("\"pmem_bytes\":536870912,\"metadata_bytes\":8388608,\"user_data_bytes\":528482304,"
                + "\"problems\":[]}\n"), json.out());
        CliRun layout = CliRun.of(environment, "pmem", "list", "--layout", "--sysroot", root.toString());
        assertEquals(PmemLayoutText.HEADER + "\n"
                + "region region0 nfit 0x140000000-0x14fffffff\n"
                + "region region1 nfit 0x150000000-0x15fffffff\n"
                + "namespace namespace0.0 region0 0x140000000-0x14fffffff fsdax pmem data 0x140600000\n"
                + "namespace namespace1.0 region1 0x150000000-0x15fffffff fsdax ram data 0x150200000\n", layout.out());
    }

    @Test
    void aCaptureKernelsCorruptInfoBlockIsOneProblemLine() throws Exception {
        Path root = dir.resolve("capture");
        byte[] dev = PmemSamples.namespaceHead(PmemSamples.block(PfnMode.PMEM, PmemSamples.DEV_DATAOFF,
                PmemSamples.DEV_NAMESPACE.size()).toBytes(), 16384);
        dev[4096] = 'X';
        byte[] mem = PmemSamples.namespaceHead(PmemSamples.block(PfnMode.RAM, PmemSamples.MEM_DATAOFF,
                PmemSamples.MEM_NAMESPACE.size()).toBytes(), 16384);
        PmemSamples.captureKernel(root, dev, mem);
        CliRun run = CliRun.of(environment, "pmem", "list", "--sysroot", root.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  namespace0.0  raw  no memmap  0x140000000-0x14fffffff\n"
                + "    raw device pmem0 (force_raw)\n"
                + "    user data  0x140000000-0x14fffffff  256 MiB  never dumped\n"), run.out());
        // raw by its block (no signature): not a problem; a recorded fsdax layout would call it one
        assertTrue(run.out().contains("namespace1.0  fsdax  memmap in RAM"), run.out());
        dev[4096] = 'N';
        dev[4096 + 300] ^= 1;
        Files.write(root.resolve("dev/pmem0"), dev);
        CliRun bad = CliRun.of(environment, "pmem", "list", "--sysroot", root.toString());
        assertTrue(bad.out().contains("    problem: namespace0.0: offset 0x1ff8: expected info block checksum 0x"), bad.out());
    }

    /**
     * A -c crash load of the recorded QEMU 7.2 guest with the pmem of the recorded fsdax guest: two
     * PF_DEV loads, and the layout note in the header segment behind its own PT_NOTE.
     */
    @Test
    void crashLoadDryRunListsPmemAndCarriesTheLayoutNote() throws Exception {
        Path root = dir.resolve("sysroot");
        copyTree(Fixtures.path("sysroot/qemu-7.2"), root);
        Path pmem = Fixtures.path("sysroot/qemu-7.2-fsdax");
        copyTree(pmem.resolve("first/sys/bus/nd"), root.resolve("sys/bus/nd"));
        Files.writeString(root.resolve("proc/iomem"), Files.readString(root.resolve("proc/iomem"))
                + "100000000-10fffffff : Persistent Memory\n  100000000-10fffffff : namespace0.0\n"
                + "110000000-11fffffff : Persistent Memory\n  110000000-11fffffff : namespace1.0\n");
        Path header = dir.resolve("elfcorehdr");
        Path kernel = org.kexkit.kexec.image.TestKernels.bzImageKho();
        CliRun r = CliRun.of(environment, "kexec", "-p", "-c", kernel.toString(), "--command-line=console=ttyS0",
                "--dry-run", "--sysroot", root.toString(), "--elfcorehdr-out", header.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("pmem: 2 PF_DEV loads (512 MiB), metadata 8192 KiB kept, in the KEXKIT layout note of the"
                + " header\n"), r.out());
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("elfcorehdr=(\\d+)K").matcher(r.out());
        assertTrue(at.find());
        long loadAt = Long.parseLong(at.group(1)) << 10;
        var headers = org.kexkit.elfcore.ElfCoreReader.readHeaderTable(header).programHeaders();
        assertEquals(2, headers.stream().filter(h -> (h.flags() & org.kexkit.elfcore.ProgramHeader.PF_DEV) != 0).count());
        byte[] bytes = Files.readAllBytes(header);
        var note = headers.stream().filter(h -> h.type() == org.kexkit.elfcore.ProgramHeader.PT_NOTE)
                .filter(h -> h.paddr() >= loadAt && h.paddr() < loadAt + bytes.length).findFirst().orElseThrow();
        int offset = (int) (note.paddr() - loadAt);
        var notes = org.kexkit.elfcore.NoteParser.parse(org.kexkit.bin.ByteCursor.of(
                java.util.Arrays.copyOfRange(bytes, offset, offset + (int) note.filesz()), "elfcorehdr", offset), "note");
        assertEquals(Files.readString(pmem.resolve("pmem-layout")),
                PmemLayoutText.write(PmemLayoutNote.find(notes, "elfcorehdr").orElseThrow()));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest);
                }
            }
        }
    }

    @Test
    void noPmem() throws Exception {
        Path root = dir.resolve("none");
        PmemSamples.write(root, "proc/iomem", "00100000-3fffffff : System RAM\n");
        CliRun run = CliRun.of(environment, "pmem", "list", "--sysroot", root.toString());
        assertEquals("no persistent memory (no \"Persistent Memory\" in /proc/iomem)\n", run.out());
    }

    /** A vmcore of 4 RAM pages and a 32-page pmem namespace (8 pages metadata) with kexkit's note. */
    private Path vmcore(String layoutText) throws Exception {
        byte[] ram = new byte[4 * 4096];
        ram[10] = 1;
        byte[] pmem = new byte[32 * 4096];
        for (int i = 0; i < pmem.length; i += 4096) {
            pmem[i + 5] = (byte) (i / 4096 + 1);
        }
        Path p = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=7.2.0-test\nPAGESIZE=4096\nCRASHTIME=1700000000\n")
                .addNote(PmemLayoutNote.NAME, PmemLayoutNote.TYPE, layoutText.getBytes(StandardCharsets.US_ASCII))
                .addLoad(0xffff888000100000L, 0x100000, ram).addLoad(0xffff888000200000L, 0x200000, pmem).write(p);
        return p;
    }

    static PmemLayout layout() {
        PhysRange ns = PhysRange.ofSize(0x200000, 32 * 4096);
        return new PmemLayout(java.util.List.of(new PmemRegion("region0", ns, PmemResourceKind.PERSISTENT_MEMORY,
                java.util.List.of(), java.util.List.of(PmemNamespace.withMetadata("namespace0.0", "region0", ns,
                        NamespaceMode.FSDAX, PfnMode.PMEM, 0x200000 + 8 * 4096)))));
    }

    @Test
    void makedumpfileCountsPmemClassesAndDropsMetadataAtBit32() throws Exception {
        Path vmcore = vmcore(PmemLayoutText.write(layout()));
        Path out = dir.resolve("d1");
        CliRun run = CliRun.of(environment, "makedumpfile", "-d", "1", "--message-level", "31", vmcore.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("    Offline pages           : 0x0000000000000000\n"
                + "    pmem metadata pages     : 0x0000000000000000\n"
                + "    pmem userdata pages     : 0x0000000000000018\n"), run.out());
        assertTrue(run.out().contains("pmem (layout from the vmcore's kexkit pmem note):\n"
                + "  namespace0.0   fsdax  (memmap on device)    metadata 0x8 of 0x8 pages dumped, user data 0x18 pages left out\n"),
                run.out());
        try (KdumpVmcore d = KdumpVmcore.open(out)) {
            assertTrue(!d.excluded(0x200 + 7) && d.excluded(0x200 + 8));
        }
        CliRun drop = CliRun.of(environment, "makedumpfile", "-d", "33", "--json", vmcore.toString(), dir.resolve("d33").toString());
        assertTrue(drop.out().contains("\"pmem_metadata\":8,\"pmem_userdata\":24"), drop.out());
        assertTrue(drop.out().contains("\"pmem\":{\"layout_from\":\"the vmcore's kexkit pmem note\",\"namespaces\":[{\"name\":"
                + "\"namespace0.0\",\"mode\":\"fsdax\",\"memmap\":\"device\",\"cases\":[\"B\",\"D\"],\"metadata_pages\":8,"
                + "\"metadata_dumped_pages\":0,\"user_data_pages\":24,\"problem\":null}],\"ram_memmap_pages\":0}"), drop.out());
        CliRun named = CliRun.of(environment, "makedumpfile", "-d", "1", "--pmem-metadata", "drop", "--json", vmcore.toString(),
                dir.resolve("named").toString());
        assertTrue(named.out().contains("\"pmem_metadata\":8,\"pmem_userdata\":24"), named.out());
        assertEquals("kexkit: --pmem-metadata takes keep or drop, found 'some' (see 'kexkit makedumpfile --help')",
                CliRun.of(environment, "makedumpfile", "--pmem-metadata", "some", vmcore.toString(), dir.resolve("x").toString())
                        .errLine());
    }

    /**
     * -E keeps makedumpfile's habit of writing short excluded runs (under 256 pages) as data, but
     * never with pmem user data in them: two namespaces of 16 pages in one PT_LOAD, the first's
     * 8 user-data pages between the two metadata areas.
     */
    @Test
    void elfOutputNeverHoldsPmemUserData() throws Exception {
        byte[] pmem = new byte[32 * 4096];
        for (int p = 0; p < 32; p++) {
            byte[] marker = String.format("PMEM-PAGE-%04d", p).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(marker, 0, pmem, p * 4096 + 64, marker.length);
        }
        PhysRange first = PhysRange.ofSize(0x200000, 16 * 4096);
        PhysRange second = PhysRange.ofSize(0x210000, 16 * 4096);
        PmemLayout two = new PmemLayout(java.util.List.of(new PmemRegion("region0", PhysRange.ofSize(0x200000, 32 * 4096),
                PmemResourceKind.PERSISTENT_MEMORY, java.util.List.of(), java.util.List.of(
                        PmemNamespace.withMetadata("namespace0.0", "region0", first, NamespaceMode.FSDAX, PfnMode.PMEM,
                                0x200000 + 8 * 4096),
                        PmemNamespace.withMetadata("namespace0.1", "region0", second, NamespaceMode.FSDAX, PfnMode.PMEM,
                                0x210000 + 8 * 4096)))));
        Path vmcore = dir.resolve("vmcore-two");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=7.2.0-test\nPAGESIZE=4096\n")
                .addNote(PmemLayoutNote.NAME, PmemLayoutNote.TYPE, PmemLayoutText.write(two).getBytes(StandardCharsets.US_ASCII))
                .addLoad(0xffff888000200000L, 0x200000, pmem).write(vmcore);
        Path elf = dir.resolve("elf");
        CliRun run = CliRun.of(environment, "makedumpfile", "-E", "-d", "0", "--json", vmcore.toString(), elf.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"pmem_metadata\":0,\"pmem_userdata\":16"), run.out());
        String written = new String(Files.readAllBytes(elf), StandardCharsets.ISO_8859_1);
        for (int p = 0; p < 32; p++) {
            boolean metadata = p % 16 < 8;
            assertEquals(metadata, written.contains(String.format("PMEM-PAGE-%04d", p)), "page " + p);
        }
    }

    @Test
    void aNamespaceWithAProblemIsAllUserDataAndTheReportSaysSo() throws Exception {
        PmemNamespace bad = PmemNamespace.withoutMetadata("namespace0.0", "region0", PhysRange.ofSize(0x200000, 32 * 4096),
                NamespaceMode.FSDAX, Optional.of("namespace0.0: offset 0x1ff8: expected info block checksum 0x1, found 0x2"));
        PmemLayout layout = layout().with(bad);
        CliRun run = CliRun.of(environment, "makedumpfile", "-d", "1", "--message-level", "31", vmcore(PmemLayoutText.write(layout))
                .toString(), dir.resolve("bad").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("kexkit: warning: pmem: namespace0.0: offset 0x1ff8: expected info block checksum 0x1, found 0x2; all of"
                + " that namespace counts as user data, none of it is dumped", run.errLine());
        assertTrue(run.out().contains("    pmem userdata pages     : 0x0000000000000020\n"), run.out());
        assertTrue(run.out().contains("    namespace0.0: offset 0x1ff8: expected info block checksum 0x1, found 0x2; all of it"
                + " counted as user data\n"), run.out());
    }

    @Test
    void aBadRecordedLayoutIsOneLine() throws Exception {
        Path layout = dir.resolve("layout");
        Files.writeString(layout, "kexkit-pmem-layout 1\nregion region0 nfit 0x200000\n");
        Path plain = dir.resolve("plain");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=7.2.0-test\nPAGESIZE=4096\n")
                .addLoad(0xffff888000100000L, 0x100000, new byte[4096]).write(plain);
        CliRun run = CliRun.of(environment, "makedumpfile", "--pmem-layout", layout.toString(), plain.toString(),
                dir.resolve("y").toString());
        assertEquals(1, run.exitCode());
        assertEquals("kexkit: " + layout + ": offset 0x15: line 2: expected a range 0xSTART-0xLAST, found '0x200000'",
                run.errLine());
    }
}
