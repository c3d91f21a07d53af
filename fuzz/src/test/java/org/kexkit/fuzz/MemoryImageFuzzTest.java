package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kexkit.dump.filter.TrainingVmcore;
import org.kexkit.dump.input.VmcoreSources;
import org.kexkit.dump.printk.DmesgDumper;
import org.kexkit.dump.source.VmcoreSource;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.ProgramHeader;

/**
 * A corrupt memory image: the synthetic kernel's vmcore (page tables, vmemmap mem_map,
 * mem_section, pgdat and zone, free lists) with up to 16 patches of fuzzed bytes in its memory,
 * then classified at -d 31 (the struct page and page table walks), dumped and read for dmesg.
 * Its other pages are zero (no filler of text and random bytes): their contents matter to no walk,
 * and each non-zero page would cost a compression per input.
 * The input is the patches, not the image, so the bound allows the image's own size.
 */
class MemoryImageFuzzTest {
    private static final byte[] IMAGE;
    private static final int MEMORY_START;

    static {
        try {
            Path dir = Files.createTempDirectory("kexkit-fuzz-image");
            Path vmcore = TrainingVmcore.write(dir, false);
            IMAGE = Files.readAllBytes(vmcore);
            MEMORY_START = (int) ElfCoreReader.read(vmcore).loads().stream().mapToLong(ProgramHeader::offset).min()
                    .orElseThrow();
            Files.delete(vmcore);
            Files.delete(dir);
        } catch (IOException | org.kexkit.bin.FormatException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void memoryImage(FuzzedDataProvider data) {
        byte[] image = IMAGE.clone();
        int patches = data.consumeInt(1, 16);
        int inputBytes = 0;
        for (int i = 0; i < patches && data.remainingBytes() > 4; i++) {
            int at = data.consumeInt(MEMORY_START, image.length - 1);
            byte[] bytes = data.consumeBytes(data.consumeInt(1, 64));
            System.arraycopy(bytes, 0, image, at, Math.min(bytes.length, image.length - at));
            inputBytes += bytes.length + 8;
        }
        Bounds.check("memory-image", inputBytes, 64, 8L * IMAGE.length + (32 << 20), () -> {
            Path file = InputFile.write("image", image);
            try (VmcoreSource source = VmcoreSources.open(file)) {
                Exercise.dump(source);
            }
            DmesgDumper.read(file);
        });
    }
}
