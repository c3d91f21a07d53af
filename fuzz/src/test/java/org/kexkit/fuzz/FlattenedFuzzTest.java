package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.kexkit.dump.flattened.FlattenedReassembler;
import org.kexkit.dump.io.ChannelSink;

/** The flattened format (makedumpfile -F) reassembled from a stream, as `makedumpfile -R` does. */
class FlattenedFuzzTest {
    @FuzzTest
    @DictionaryEntries({"makedumpfile", "KDUMP   "})
    void flattened(byte[] input) {
        // reassembly writes what the records say: the file may hold as much as the stream (sparse
        // holes cost no heap), so the bound is on the heap, not the file
        Bounds.check("flattened", input.length, 4, 2 << 20, () -> {
            Path out = InputFile.output("reassembled");
            try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                FlattenedReassembler.reassemble(new ByteArrayInputStream(input), "stdin", new ChannelSink(channel));
            }
        });
    }
}
