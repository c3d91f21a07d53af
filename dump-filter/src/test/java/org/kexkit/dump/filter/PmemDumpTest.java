package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.PhysRange;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.pmem.MemmapPages;
import org.kexkit.dump.pmem.PmemDumpCounts;
import org.kexkit.dump.pmem.PmemDumpInput;
import org.kexkit.dump.pmem.PmemNotes;
import org.kexkit.dump.pmem.PmemPageFilter;
import org.kexkit.dump.pmem.PmemRuns;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.pmem.InfoBlockSignature;
import org.kexkit.pmem.NamespaceBytes;
import org.kexkit.pmem.NamespaceMode;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PfnInfoBlock;
import org.kexkit.pmem.PfnMode;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutNote;
import org.kexkit.pmem.PmemLayoutText;
import org.kexkit.pmem.PmemNamespace;
import org.kexkit.pmem.PmemRegion;
import org.kexkit.pmem.PmemResourceKind;
import org.kexkit.pmem.PmemSystem;

/**
 * Dumps of a synthetic kernel with a 32-page pmem namespace at pfn 192: 8 pages of metadata (the
 * info block at 4 KiB, the struct pages of the namespace on its 3rd page), 24 of user data. As a
 * kexec_load capture (a pmem PT_LOAD and kexkit's note) and as a kexec_file_load one (no pmem in the
 * vmcore; metadata read from the namespace's raw device).
 */
class PmemDumpTest {
    static final int PAGE = SyntheticKernel.PAGE;
    static final long PMEM_PFN = 192;
    static final int PMEM_PAGES = 32;
    static final int META_PAGES = 8;
    static final PhysRange NAMESPACE = PhysRange.ofSize(PMEM_PFN * PAGE, PMEM_PAGES * PAGE);
    /** A RAM page holding the memmap of a --map=mem namespace, that looks free to the page scan. */
    static final long RAM_MEMMAP_PFN = 40;

    @TempDir
    Path dir;

    private Path sub(String name) throws IOException {
        return java.nio.file.Files.createDirectories(dir.resolve(name));
    }

    static PmemLayout layout(PfnMode memmap) {
        PmemNamespace ns = PmemNamespace.withMetadata("namespace0.0", "region0", NAMESPACE, NamespaceMode.FSDAX, memmap,
                NAMESPACE.start() + META_PAGES * PAGE);
        return new PmemLayout(List.of(new PmemRegion("region0", NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of(),
                List.of(ns))));
    }

    /** The namespace's bytes: every page its pfn in text, the info block at 4 KiB. */
    static byte[] device(PfnMode memmap) {
        byte[] bytes = new byte[PMEM_PAGES * PAGE];
        for (int p = 0; p < PMEM_PAGES; p++) {
            byte[] text = ("pmem page " + (PMEM_PFN + p)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, bytes, p * PAGE + 100, text.length);
        }
        PfnInfoBlock block = new PfnInfoBlock(InfoBlockSignature.PFN, new byte[16], new byte[16], 0, 1, 4,
                META_PAGES * PAGE, PMEM_PAGES - META_PAGES, memmap, 0, 0, PAGE, PAGE, 64);
        System.arraycopy(block.toBytes(), 0, bytes, PAGE, PAGE);
        return bytes;
    }

    private SyntheticKernel kernel(PfnMode memmap) {
        SyntheticKernel k = new SyntheticKernel(false);
        // the struct pages of pfns 192..255 are vmemmap page 3: on the device, or in RAM
        k.vmemmapPage(3, memmap == PfnMode.PMEM ? PMEM_PFN + 2 : RAM_MEMMAP_PFN);
        k.page(RAM_MEMMAP_PFN).mapcount(SyntheticKernel.BUDDY_6_1); // a scan would call it free
        return k;
    }

    private Path captureWithNote(PfnMode memmap) throws IOException {
        PmemLayout l = layout(memmap);
        byte[] note = PmemLayoutText.write(l).getBytes(StandardCharsets.US_ASCII);
        return kernel(memmap).write(dir, PMEM_PFN, device(memmap), PmemLayoutNote.NAME, PmemLayoutNote.TYPE, note);
    }

    record Result(DumpStatistics stats, PmemDumpCounts counts, Path out, List<String> warnings) {
    }

    /** The dump as makedumpfile writes it, with the pmem side resolved as given. */
    static Result dump(Path vmcore, Path out, int level, Optional<PmemDumpInput.Recorded> recorded,
            Optional<PmemSystem> here) throws Exception {
        try (VmcoreSource opened = VmcoreSources.open(vmcore)) {
            PmemDumpInput pmem = PmemDumpInput.resolve(opened, recorded, here);
            VmcoreSource source = pmem.source();
            MemmapPages memmap = MemmapPages.locate(source, pmem.layout());
            DumpLevel dl = new DumpLevel(level);
            PageFilter classes = dl.needsPageClasses()
                    ? VmcoreClassifier.classify(source, dl, PmemRuns.outside(source.memory().runs(), pmem.layout(), PAGE))
                    : PageFilter.KEEP_ALL;
            PageFilter filter = PmemPageFilter.of(pmem.layout(), PAGE, dl, memmap.inRam(), classes);
            PmemDumpCounts counts = PmemDumpCounts.of(pmem, memmap, filter);
            DumpStatistics stats = new KdumpDumper(new KdumpWriter(new KdumpOptions(Optional.empty(), level, 1, filter)))
                    .toFile(source, out, false);
            List<String> warnings = new java.util.ArrayList<>(pmem.warnings());
            warnings.addAll(memmap.warnings());
            return new Result(stats, counts, out, warnings);
        }
    }

    @Test
    void kexecLoadCaptureKeepsMetadataAndNeverUserData() throws Exception {
        Path vmcore = captureWithNote(PfnMode.PMEM);
        Result r = dump(vmcore, dir.resolve("d31"), 31, Optional.empty(), Optional.empty());
        assertEquals(PMEM_PAGES - META_PAGES, r.stats().excluded(ExclusionClass.PMEM_USERDATA));
        assertEquals(0, r.stats().excluded(ExclusionClass.PMEM_METADATA));
        assertEquals(META_PAGES, r.counts().metadataDumped());
        assertEquals("the vmcore's kexkit pmem note", r.counts().origin());
        byte[] dev = device(PfnMode.PMEM);
        try (KdumpVmcore d = KdumpVmcore.open(r.out()); VmcoreSource.PageReader reader = d.pageReader(false)) {
            byte[] page = new byte[PAGE];
            for (int p = 0; p < PMEM_PAGES; p++) {
                long pfn = PMEM_PFN + p;
                assertTrue(d.memory().backed(pfn), "pmem pfn " + pfn + " is in the 1st bitmap");
                if (p < META_PAGES) {
                    reader.read(pfn, page, 0);
                    assertArrayEquals(Arrays.copyOfRange(dev, p * PAGE, (p + 1) * PAGE), page, "metadata pfn " + pfn);
                } else {
                    assertTrue(d.excluded(pfn), "user data pfn " + pfn + " is left out");
                }
            }
            // the dump keeps the layout for whoever filters it again
            assertEquals(Optional.of(layout(PfnMode.PMEM)), PmemNotes.layout(d));
        }
        Result dropped = dump(vmcore, dir.resolve("d63"), 63, Optional.empty(), Optional.empty());
        assertEquals(META_PAGES, dropped.stats().excluded(ExclusionClass.PMEM_METADATA));
        assertEquals(0, dropped.counts().metadataDumped());
        Result zero = dump(vmcore, dir.resolve("d0"), 0, Optional.empty(), Optional.empty());
        assertEquals(PMEM_PAGES - META_PAGES, zero.stats().excluded(ExclusionClass.PMEM_USERDATA), "user data even at -d 0");
        // re-filtering the -d 31 dump at 63 finds the layout in its note
        Result again = dump(r.out(), dir.resolve("again63"), 63, Optional.empty(), Optional.empty());
        assertEquals(META_PAGES, again.stats().excluded(ExclusionClass.PMEM_METADATA));
    }

    @Test
    void theMemmapInRamIsKeptAtEveryLevel() throws Exception {
        Path vmcore = captureWithNote(PfnMode.RAM);
        for (int level : new int[] {31, 63}) {
            Result r = dump(vmcore, dir.resolve("d" + level), level, Optional.empty(), Optional.empty());
            assertEquals(1, r.counts().ramMemmapPages());
            try (KdumpVmcore d = KdumpVmcore.open(r.out())) {
                assertTrue(!d.excluded(RAM_MEMMAP_PFN), "memmap page in RAM dumped at -d " + level);
            }
        }
        // without pmem the same page is a free page
        Path plain = kernel(PfnMode.RAM).write(sub("plain"));
        Result r = dump(plain, dir.resolve("plain31"), 31, Optional.empty(), Optional.empty());
        try (KdumpVmcore d = KdumpVmcore.open(r.out())) {
            assertTrue(d.excluded(RAM_MEMMAP_PFN));
        }
    }

    @Test
    void kexecFileLoadCaptureReadsTheMetadataFromTheRawDevice() throws Exception {
        Path vmcore = kernel(PfnMode.PMEM).write(sub("s"));
        byte[] dev = device(PfnMode.PMEM);
        Optional<PmemSystem> here = Optional.of(captureKernel(dev, ""));
        Optional<PmemDumpInput.Recorded> recorded = Optional.of(new PmemDumpInput.Recorded(layout(PfnMode.PMEM), "recorded"));
        Result r = dump(vmcore, dir.resolve("s31"), 31, recorded, here);
        assertEquals(List.of(), r.warnings());
        assertEquals(PMEM_PAGES - META_PAGES, r.stats().excluded(ExclusionClass.PMEM_USERDATA));
        assertEquals(META_PAGES, r.counts().metadataDumped());
        try (KdumpVmcore d = KdumpVmcore.open(r.out()); VmcoreSource.PageReader reader = d.pageReader(false)) {
            byte[] page = new byte[PAGE];
            reader.read(PMEM_PFN + 2, page, 0);
            assertArrayEquals(Arrays.copyOfRange(dev, 2 * PAGE, 3 * PAGE), page);
            assertTrue(d.excluded(PMEM_PFN + META_PAGES));
            assertEquals(Optional.of(layout(PfnMode.PMEM)), PmemNotes.layout(d));
        }
        // the capture kernel's own discovery gives the same
        Result discovered = dump(vmcore, dir.resolve("s31b"), 31, Optional.empty(), here);
        assertEquals(META_PAGES, discovered.counts().metadataDumped());
    }

    @Test
    void aCorruptInfoBlockMakesTheNamespaceAllUserDataAndSaysSo() throws Exception {
        Path vmcore = kernel(PfnMode.PMEM).write(sub("s"));
        byte[] dev = device(PfnMode.PMEM);
        dev[PAGE + 300] ^= 1; // the checksum no longer matches
        Optional<PmemDumpInput.Recorded> recorded = Optional.of(new PmemDumpInput.Recorded(layout(PfnMode.PMEM), "recorded"));
        Result r = dump(vmcore, dir.resolve("bad"), 31, recorded, Optional.of(captureKernel(dev, "")));
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("pmem: namespace0.0: offset 0x1ff8: expected info block checksum"),
                r.warnings().get(0));
        assertEquals(PMEM_PAGES, r.stats().excluded(ExclusionClass.PMEM_USERDATA));
        assertEquals(0, r.counts().metadataDumped());
        assertTrue(r.counts().namespaces().get(0).namespace().problem().isPresent());
    }

    @Test
    void aNamespaceBoundAsFsdaxInTheCaptureKernelIsNotRead() throws Exception {
        Path vmcore = kernel(PfnMode.PMEM).write(sub("s"));
        Optional<PmemDumpInput.Recorded> recorded = Optional.of(new PmemDumpInput.Recorded(layout(PfnMode.PMEM), "recorded"));
        Result r = dump(vmcore, dir.resolve("claimed"), 31, recorded, Optional.of(captureKernel(device(PfnMode.PMEM), "pfn0.1")));
        assertTrue(r.warnings().get(0).contains("this kernel's pfn0.1 claims it"), r.warnings().get(0));
        assertEquals(PMEM_PAGES, r.stats().excluded(ExclusionClass.PMEM_USERDATA));
    }

    @Test
    void pfDevLoadsWithoutALayoutAreAllUserData() throws Exception {
        PmemLayout none = layout(PfnMode.PMEM);
        PmemNamespace bare = none.namespaces().get(0);
        assertEquals(List.of(NAMESPACE), PmemNamespace.withoutMetadata(bare.name(), bare.region(), bare.range(),
                NamespaceMode.RAW, Optional.empty()).userData());
        assertThrows(IllegalArgumentException.class, () -> new DumpLevel(64));
    }

    /** A capture kernel whose namespace0.0 covers the namespace and drives a raw device with these bytes. */
    static PmemSystem captureKernel(byte[] bytes, String holder) {
        NdBus.Namespace ns = new NdBus.Namespace("namespace0.0", "region0", java.util.OptionalLong.of(NAMESPACE.start()),
                NAMESPACE.size(), holder.isEmpty() ? "raw" : "memory", holder, Optional.empty(), holder.isEmpty(),
                holder.isEmpty() ? Optional.of("pmem0") : Optional.empty());
        NdBus bus = new NdBus(List.of(new NdBus.Region("region0", NAMESPACE.start(), NAMESPACE.size())), List.of(ns), List.of());
        NamespaceBytes device = new NamespaceBytes() {
            @Override
            public String name() {
                return "/dev/pmem0";
            }

            @Override
            public int read(long offset, byte[] dst, int at, int length) {
                int n = (int) Math.max(0, Math.min(length, bytes.length - offset));
                System.arraycopy(bytes, (int) offset, dst, at, n);
                return n;
            }
        };
        PmemLayout seen = org.kexkit.pmem.PmemDiscovery.discover(List.of(new org.kexkit.pmem.PmemResource(NAMESPACE,
                PmemResourceKind.PERSISTENT_MEMORY, List.of())), bus, n -> holder.isEmpty() ? Optional.of(device) : Optional.empty());
        return new PmemSystem(seen, bus, n -> holder.isEmpty() ? Optional.of(device) : Optional.empty());
    }
}
