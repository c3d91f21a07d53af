package org.kexkit.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class KernelModulesTest {
    @TempDir
    Path dir;

    @Test
    void readsDependsFromModinfoStrings() {
        byte[] image = "\0\0license=GPL\0depends=virtio_ring,virtio\0vermagic=6.1\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("virtio_ring", "virtio"), KernelModules.depends(image));
    }

    @Test
    void emptyDependsMeansNone() {
        assertEquals(List.of(), KernelModules.depends("\0depends=\0name=x\0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void ignoresDependsInsideAnotherString() {
        assertEquals(List.of(), KernelModules.depends("\0xdepends=a\0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void dependenciesComeFirstInEveryCompressionAndBuiltinsAreSkipped() throws IOException {
        Path kernel = dir.resolve("kernel/drivers");
        Files.createDirectories(kernel);
        module(kernel.resolve("virtio_blk.ko.zst"), "virtio-ring,virtio");
        module(kernel.resolve("virtio_ring.ko.xz"), "");
        module(kernel.resolve("virtio.ko.gz"), "");
        module(kernel.resolve("ext4.ko"), "jbd2,crc16");
        module(kernel.resolve("jbd2.ko"), "");
        Files.writeString(dir.resolve("modules.builtin"), "kernel/lib/crc16.ko\n");
        List<KernelModules.Module> mods = new KernelModules(dir).withDependencies(List.of("virtio_blk", "ext4", "virtio_pci"));
        assertEquals(List.of("virtio_ring", "virtio", "virtio_blk", "jbd2", "ext4"),
                mods.stream().map(KernelModules.Module::name).toList());
        assertArrayEquals(image("virtio-ring,virtio"), mods.get(2).image());
    }

    @Test
    void softPreDependenciesLoadFirstByNameOrAliasWhenTheyExist() throws IOException {
        Path kernel = dir.resolve("kernel");
        Files.createDirectories(kernel);
        Files.write(kernel.resolve("ext4.ko"), "\0depends=jbd2\0softdep=pre: crc32c nothere post: later\0"
                .getBytes(StandardCharsets.US_ASCII));
        module(kernel.resolve("jbd2.ko"), "");
        module(kernel.resolve("crc32c_generic.ko"), "");
        Files.writeString(dir.resolve("modules.alias"), "alias crypto-crc32c crc32c_generic\nalias crc32c crc32c_generic\n"
                + "alias pci:v*d* other\n");
        assertEquals(List.of("crc32c", "nothere"), KernelModules.softPre(
                "\0softdep=pre: crc32c nothere post: later\0".getBytes(StandardCharsets.US_ASCII)));
        List<KernelModules.Module> mods = new KernelModules(dir).withDependencies(List.of("ext4"));
        assertEquals(List.of("jbd2", "crc32c_generic", "ext4"), mods.stream().map(KernelModules.Module::name).toList());
    }

    @Test
    void withoutModulesAliasACryptoSoftdepIsItsGenericModule() throws IOException {
        Path kernel = dir.resolve("kernel");
        Files.createDirectories(kernel);
        // 6.1's ext4: "softdep=pre: crypto-crc32c"
        Files.write(kernel.resolve("ext4.ko"), "\0depends=jbd2\0softdep=pre: crypto-crc32c\0".getBytes(StandardCharsets.US_ASCII));
        module(kernel.resolve("jbd2.ko"), "");
        module(kernel.resolve("crc32c_generic.ko"), "");
        List<KernelModules.Module> mods = new KernelModules(dir).withDependencies(List.of("ext4"));
        assertEquals(List.of("jbd2", "crc32c_generic", "ext4"), mods.stream().map(KernelModules.Module::name).toList());
    }

    @Test
    void aMissingDependencyIsNamed() throws IOException {
        Path kernel = dir.resolve("kernel");
        Files.createDirectories(kernel);
        module(kernel.resolve("ext4.ko"), "jbd2");
        CaptureEnvException e = assertThrows(CaptureEnvException.class,
                () -> new KernelModules(dir).withDependencies(List.of("ext4")));
        assertTrue(e.getMessage().startsWith("module jbd2 is neither in "), e.getMessage());
    }

    @Test
    void aCorruptModuleFileIsNamed() throws IOException {
        Path kernel = dir.resolve("kernel");
        Files.createDirectories(kernel);
        Files.write(kernel.resolve("ext4.ko.xz"), new byte[] {1, 2, 3});
        CaptureEnvException e = assertThrows(CaptureEnvException.class,
                () -> new KernelModules(dir).withDependencies(List.of("ext4")));
        assertTrue(e.getMessage().contains("ext4.ko.xz: does not unpack"), e.getMessage());
    }

    private static byte[] image(String depends) {
        return ("\u007fELF\0license=GPL\0depends=" + depends + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static void module(Path file, String depends) throws IOException {
        byte[] image = image(depends);
        String f = file.getFileName().toString();
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = f.endsWith(".gz") ? new GZIPOutputStream(raw)
                     : f.endsWith(".xz") ? new XZOutputStream(raw, new LZMA2Options())
                     : f.endsWith(".zst") ? new ZstdOutputStream(raw) : raw) {
            out.write(image);
        }
    }
}
