package org.kexkit.kho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.fdt.FdtReader;
import org.kexkit.testing.Fixtures;

/**
 * Blobs of a KhoHandoverTest run (resources kho-qemu/, recorded with KEXKIT_RECORD_KHO_FIXTURES=1):
 * each kernel's debugfs kho/ files, and the pages of the LUO session 'kexkit' as the second kernel
 * had them in memory before it opened /dev/liveupdate.
 */
class KhoQemuRunTest {
    private static Path fixture(String name) {
        return Fixtures.path("kho-qemu").resolve(name);
    }

    private static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(fixture(name));
    }

    /** The recorded pages, one file per page named by its physical address. */
    private static final PhysicalMemory PAGES = new PagedMemory(page -> {
        try {
            return Files.readAllBytes(fixture(String.format("stage2-luo-memory/%012x.page", page)));
        } catch (NoSuchFileException e) {
            return null; // not recorded
        }
    });

    @Test
    void theSessionKexkitPreservedFromMemory() throws Exception {
        long sessionsPa = Long.decode(Files.readString(fixture("stage2-luo-memory/sessions_pa")).strip());
        List<LuoSession> sessions = new LuoSessionReader(PAGES).sessions(sessionsPa);
        assertEquals(1, sessions.size());
        LuoSession s = sessions.get(0);
        assertEquals("kexkit", s.name());
        assertEquals(List.of(1L, 0L), s.files().stream().map(LuoSession.LuoFile::token).toList());
        for (LuoSession.LuoFile f : s.files()) {
            assertEquals(KhoAbi.MEMFD_COMPATIBLE, f.compatible());
        }
        LuoSession.Memfd data = s.files().get(0).memfd();
        assertEquals(257, data.folios().size(), "1 MiB and a marker line: 257 pages");
        assertTrue(data.folios().stream().allMatch(f -> (f.flags() & LuoAbi.MEMFD_FOLIO_UPTODATE) != 0));
        LuoSession.Memfd index = s.files().get(1).memfd();
        String text = new String(PAGES.read(index.folios().get(0).physicalAddress(), (int) index.size()), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("kexkit-luo-index 1\n1 " + data.size() + " "), text);
        assertTrue(text.endsWith(" data\n"), text);
    }

    @Test
    void headersAndRootsOfTheThreeKernels() throws Exception {
        SubtreeContent luo = LuoDecoder.decode(bytes("stage1/out/sub_fdts/LUO"), "LUO");
        assertInstanceOf(SubtreeContent.Luo.class, luo);
        assertEquals(0, ((SubtreeContent.Luo) luo).sessionsPa(), "sessions_pa is filled in only at reboot");
        KhoRoot root = KhoRootReader.read(FdtReader.read(bytes("stage2/in/fdt"), "in/fdt").tree());
        assertEquals(List.of("memblock", "LUO", "kexec-metadata"), root.subtrees().stream().map(KhoSubtree::name).toList());
        assertEquals(new SubtreeContent.KexecMetadata(1, "7.2.13-kho", 2),
                KexecMetadataDecoder.decode(bytes("stage3/in/sub_fdts/kexec-metadata"), "kexec-metadata"));
        // 7.2.13's debugfs in/sub_fdts/LUO shows a page LUO freed early in boot
        assertThrows(FormatException.class, () -> LuoDecoder.decode(bytes("stage2/in/sub_fdts/LUO"), "in/sub_fdts/LUO"));
    }
}
