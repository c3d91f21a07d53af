package org.kexkit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kexkit.bin.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLibrariesTest {
    @TempDir
    Path root;

    @Test
    void readsInterpreterAndNeededLibraries() throws Exception {
        ElfLinkage l = ElfLinkage.read(elf("/lib64/ld-linux-x86-64.so.2", "libz.so.1", "libc.so.6"), "prog");
        assertEquals(Optional.of("/lib64/ld-linux-x86-64.so.2"), l.interpreter());
        assertEquals(List.of("libz.so.1", "libc.so.6"), l.needed());
        assertEquals(List.of(), ElfLinkage.read(elf(null), "static").needed());
    }

    @Test
    void aTruncatedFileIsOneLineWithItsOffset() throws Exception {
        byte[] full = elf(null, "libc.so.6");
        byte[] cut = java.util.Arrays.copyOf(full, 200);
        FormatException e = assertThrows(FormatException.class, () -> ElfLinkage.read(cut, "prog"));
        assertTrue(e.getMessage().startsWith("prog: offset 0x"), e.getMessage());
    }

    @Test
    void aHeaderTableThatDoesNotFitIsRefusedBeforeItIsRead() throws Exception {
        byte[] b = elf(null, "libc.so.6");
        java.nio.ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(56, (short) 0xffff);
        FormatException e = assertThrows(FormatException.class, () -> ElfLinkage.read(b, "prog"));
        assertTrue(e.getMessage().startsWith("prog: offset 0x20: program headers at 0x40 (65535 of them) run past"),
                e.getMessage());
        java.nio.ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(56, (short) 3).putShort(54, (short) 0);
        assertTrue(assertThrows(FormatException.class, () -> ElfLinkage.read(b, "prog")).getMessage()
                .contains("e_phentsize 0, expected 56"));
    }

    @Test
    void followsNeededTransitivelyAndSkipsWhatTheTreeBrings() throws Exception {
        Path lib = Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("lib64"));
        Files.write(lib.resolve("ld-linux-x86-64.so.2"), elf(null));
        Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"), lib.resolve("ld-linux-x86-64.so.2"));
        Files.write(lib.resolve("libz.so.1"), elf(null, "libc.so.6"));
        Files.write(lib.resolve("libc.so.6"), elf(null));
        Files.write(lib.resolve("libzstd.so.1"), elf(null, "libc.so.6"));
        Path prog = root.resolve("prog");
        Files.write(prog, elf("/lib64/ld-linux-x86-64.so.2", "libz.so.1", "libjvm.so"));
        Path script = root.resolve("script");
        Files.writeString(script, "#!/bin/sh\n");
        var found = new SharedLibraries(root).of(List.of(prog, script), Set.of("libjvm.so"));
        assertEquals(List.of("ld-linux-x86-64.so.2", "libc.so.6", "libz.so.1", "libzstd.so.1"), List.copyOf(found.keySet()));

        Files.write(prog, elf(null, "libmissing.so.9"));
        CaptureEnvException e = assertThrows(CaptureEnvException.class,
                () -> new SharedLibraries(root).of(List.of(prog), Set.of()));
        assertTrue(e.getMessage().endsWith("[libmissing.so.9 (needed by prog)]"), e.getMessage());
    }

    /** A minimal ELF64: header, PT_INTERP?, PT_LOAD over the whole file, PT_DYNAMIC with DT_NEEDED/DT_STRTAB. */
    static byte[] elf(String interp, String... needed) {
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        long[] offsets = new long[needed.length];
        for (int i = 0; i < needed.length; i++) {
            offsets[i] = strtab.size();
            strtab.writeBytes((needed[i] + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        int phnum = 3;
        int phoff = 64;
        int interpAt = phoff + phnum * 56;
        byte[] interpBytes = interp == null ? new byte[0] : (interp + "\0").getBytes(StandardCharsets.US_ASCII);
        int strAt = interpAt + interpBytes.length;
        int dynAt = (strAt + strtab.size() + 7) & ~7;
        int dynSize = (needed.length + 2) * 16;
        ByteBuffer b = ByteBuffer.allocate(dynAt + dynSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(32, phoff);
        b.putShort(54, (short) 56);
        b.putShort(56, (short) phnum);
        int ph = phoff;
        b.putInt(ph, interp == null ? 6 : 3).putLong(ph + 8, interpAt).putLong(ph + 32, interpBytes.length); // PT_PHDR stands in
        ph += 56;
        b.putInt(ph, 1).putLong(ph + 8, 0).putLong(ph + 16, 0x400000).putLong(ph + 32, dynAt + dynSize);
        ph += 56;
        b.putInt(ph, 2).putLong(ph + 8, dynAt).putLong(ph + 32, dynSize);
        b.put(interpAt, interpBytes);
        b.put(strAt, strtab.toByteArray());
        int d = dynAt;
        for (long off : offsets) {
            b.putLong(d, 1).putLong(d + 8, off);
            d += 16;
        }
        b.putLong(d, 5).putLong(d + 8, 0x400000 + strAt);
        return b.array();
    }
}
