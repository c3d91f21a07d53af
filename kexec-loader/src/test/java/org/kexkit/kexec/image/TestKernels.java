package org.kexkit.kexec.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.kexkit.testing.Fixtures;

/**
 * Test kernels: the KHO test kernel (test-kernels/kho/bzImage-kho in the repository, a test resource
 * of this module), Debian's 7.2 kernel when the QEMU harness has cached it, and small bzImages made
 * from bzImage-kho's setup part.
 */
public final class TestKernels {
    private TestKernels() {
    }

    /** Linux 7.2.13-kho (tinyconfig + KHO + LUO; test-kernels/kho/README.md says how it was built). */
    public static Path bzImageKho() {
        return Fixtures.path("kernels/bzImage-kho");
    }

    /**
     * Debian's 7.2 cloud kernel (built without KHO) from the harness cache ($KEXKIT_CACHE, default
     * ~/.cache/kexkit/kernels), or empty when the harness has not fetched it yet.
     */
    public static Optional<Path> debian72() {
        String cache = System.getenv("KEXKIT_CACHE");
        Path kernels = (cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "kexkit"))
                .resolve("kernels");
        if (!Files.isDirectory(kernels)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(kernels)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("7.2") && d.getFileName().toString()
                    .endsWith("-cloud-amd64")).sorted().map(d -> d.resolve("root/usr/lib/modules")
                    .resolve(d.getFileName()).resolve("vmlinuz")).filter(Files::isRegularFile).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The BTF pair the QEMU harness builds (tests-qemu BtfKernelPairBuilder, in $KEXKIT_CACHE or
     * ~/.cache/kexkit, kho-btf-pair/KEY/): kernel A, kernel B (one member more in struct
     * memfd_luo_ser) and A rebuilt; empty when no complete pair has been built yet.
     */
    public static Optional<List<Path>> btfPair() {
        String cache = System.getenv("KEXKIT_CACHE");
        Path pairs = (cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "kexkit"))
                .resolve("kho-btf-pair");
        if (!Files.isDirectory(pairs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(pairs)) {
            return dirs.map(d -> List.of(d.resolve("bzImage-a"), d.resolve("bzImage-b"), d.resolve("bzImage-a-again")))
                    .filter(p -> p.stream().allMatch(Files::isRegularFile))
                    .max(java.util.Comparator.comparing(p -> p.get(2).toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** bzImage-kho's setup part with another payload right after it (payload_offset 0, payload_length its size). */
    public static byte[] bzImageWithPayload(byte[] payload) throws IOException {
        int setup = 32 * 512; // bzImage-kho: setup_sects 31
        byte[] kho = Files.readAllBytes(bzImageKho());
        byte[] file = Arrays.copyOf(kho, setup + Math.max(payload.length, 0x400));
        System.arraycopy(payload, 0, file, setup, payload.length);
        Arrays.fill(file, setup + payload.length, file.length, (byte) 0);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x248, 0);
        b.putInt(0x24c, payload.length);
        return file;
    }

    /** A gzip bzImage whose vmlinux is a {@link TinyElf} holding these strings in its .rodata. */
    public static byte[] bzImageWithStrings(String... strings) throws IOException {
        return bzImageWithBtf(new byte[0], strings);
    }

    /** The same with a .BTF section holding {@code btf}. */
    public static byte[] bzImageWithBtf(byte[] btf, String... strings) throws IOException {
        byte[] elf = TinyElf.withRodataAndBtf((String.join("\0", strings) + "\0").getBytes(
                StandardCharsets.US_ASCII), btf, 20_000);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            out.write(elf);
        }
        return bzImageWithPayload(gzip.toByteArray());
    }
}
