package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;
import org.kexkit.dump.kdump.KdumpVmcore;

/** The parts of a split dump (makedumpfile --split) read as one: two files cut from the input. */
class KdumpSplitFuzzTest {
    @FuzzTest
    void splitParts(FuzzedDataProvider data) {
        int cut = data.consumeInt(0, Math.max(0, data.remainingBytes() - 1));
        byte[] all = data.consumeRemainingAsBytes();
        byte[] first = java.util.Arrays.copyOf(all, Math.min(cut, all.length));
        byte[] second = java.util.Arrays.copyOfRange(all, first.length, all.length);
        Bounds.check("kdump-split", all.length, 16, 32 << 20, () -> {
            Path a = InputFile.write("part1", first);
            Path b = InputFile.write("part2", second);
            try (KdumpVmcore source = KdumpVmcore.openSplit(List.of(a, b))) {
                Exercise.read(source);
            }
        });
    }
}
