package org.kexkit.pmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.NoteParser;
import org.junit.jupiter.api.Test;

class PmemLayoutTextTest {
    static PmemLayout sample() {
        PmemNamespace dev = PmemNamespace.withMetadata("namespace0.0", "region0", PmemSamples.DEV_NAMESPACE,
                NamespaceMode.FSDAX, PfnMode.PMEM, PmemSamples.DEV_NAMESPACE.start() + PmemSamples.DEV_DATAOFF);
        PmemNamespace mem = PmemNamespace.withMetadata("namespace1.0", "region1", PmemSamples.MEM_NAMESPACE,
                NamespaceMode.DEVDAX, PfnMode.RAM, PmemSamples.MEM_NAMESPACE.start() + PmemSamples.MEM_DATAOFF);
        PhysRange third = PhysRange.ofSize(0x160000000L, 64L << 20);
        PmemNamespace bad = PmemNamespace.withoutMetadata("namespace2.0", "region2", PhysRange.ofSize(0x160000000L, 32L << 20),
                NamespaceMode.FSDAX, Optional.of("namespace2.0: offset 0x1ff8: expected info block checksum 0x1, found 0x2"));
        return new PmemLayout(List.of(
                new PmemRegion("region0", PmemSamples.DEV_NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of(), List.of(dev)),
                new PmemRegion("region1", PmemSamples.MEM_NAMESPACE, PmemResourceKind.PERSISTENT_MEMORY, List.of(), List.of(mem)),
                new PmemRegion("region2", third, PmemResourceKind.PERSISTENT_MEMORY_LEGACY,
                        List.of(PhysRange.ofSize(0x162000000L, 32L << 20)), List.of(bad))));
    }

    @Test
    void roundTrips() throws Exception {
        String text = PmemLayoutText.write(sample());
        assertEquals("kexkit-pmem-layout 1\n"
                + "region region0 nfit 0x140000000-0x14fffffff\n"
                + "region region1 nfit 0x150000000-0x15fffffff\n"
                + "region region2 legacy 0x160000000-0x163ffffff ram 0x162000000-0x163ffffff\n"
                + "namespace namespace0.0 region0 0x140000000-0x14fffffff fsdax pmem data 0x140600000\n"
                + "namespace namespace1.0 region1 0x150000000-0x15fffffff devdax ram data 0x150200000\n"
                + "namespace namespace2.0 region2 0x160000000-0x161ffffff fsdax none problem namespace2.0: offset 0x1ff8:"
                + " expected info block checksum 0x1, found 0x2\n", text);
        assertEquals(sample(), PmemLayoutText.read(text, "layout"));
    }

    @Test
    void rangesByKind() {
        PmemLayout l = sample();
        assertEquals(List.of(PhysRange.ofSize(0x140000000L, 6L << 20), PhysRange.ofSize(0x150000000L, 2L << 20)),
                l.metadataRanges());
        assertEquals(List.of(PmemSamples.DEV_NAMESPACE, PmemSamples.MEM_NAMESPACE, PhysRange.ofSize(0x160000000L, 32L << 20)),
                l.pmemRanges());
        assertEquals(List.of(new PhysRange(0x140600000L, 0x150000000L), new PhysRange(0x150200000L, 0x160000000L),
                PhysRange.ofSize(0x160000000L, 32L << 20)), l.userDataRanges());
        assertEquals(List.of(DumpCase.B, DumpCase.D), l.namespaces().get(0).cases());
        assertEquals(List.of(DumpCase.A, DumpCase.C), l.namespaces().get(1).cases());
        assertEquals(List.of(), l.namespaces().get(2).cases());
        assertEquals(1, l.problems().size());
    }

    @Test
    void travelsInItsOwnElfNote() throws Exception {
        byte[] note = PmemLayoutNote.encode(sample());
        var notes = NoteParser.parse(org.kexkit.bin.ByteCursor.of(note, "vmcore", 0x100), "PT_NOTE");
        assertEquals("KEXKIT", notes.get(0).name());
        assertEquals(Optional.of(sample()), PmemLayoutNote.find(notes, "vmcore"));
        assertEquals(Optional.empty(), PmemLayoutNote.find(List.of(), "vmcore"));
    }

    @Test
    void badLinesAreOneLineWithTheirOffset() {
        assertEquals("f: offset 0x0: line 1: expected 'kexkit-pmem-layout 1', found 'kexkit-pmem-layout 2'",
                assertThrows(FormatException.class, () -> PmemLayoutText.read("kexkit-pmem-layout 2\n", "f")).getMessage());
        String text = "kexkit-pmem-layout 1\nregion region0 nfit 0x140000000-0x14fffffff\n"
                + "namespace namespace0.0 region0 0x140000000-0x14fffffff fsdax pmem data 0x150000000\n";
        assertEquals("f: offset 0x41: line 3: a data start goes with fsdax or devdax, memmap ram or pmem, inside"
                + " 0x140000000-0x14fffffff; found fsdax pmem data 0x150000000",
                assertThrows(FormatException.class, () -> PmemLayoutText.read(text, "f")).getMessage());
        assertEquals("f: offset 0x15: line 2: expected kind nfit or legacy, found 'e820'",
                assertThrows(FormatException.class,
                        () -> PmemLayoutText.read("kexkit-pmem-layout 1\nregion r e820 0x0-0xfff\n", "f")).getMessage());
        assertEquals("f: offset 0x15: line 2: namespace n names region r, not listed before it",
                assertThrows(FormatException.class, () -> PmemLayoutText.read(
                        "kexkit-pmem-layout 1\nnamespace n r 0x0-0xfff raw none\n", "f")).getMessage());
    }
}
