package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.kho.KhoAbi;
import org.kexkit.kho.SubtreeDecoder;

/** A KHO subtree blob under each name kexkit decodes: kexec-metadata, memblock, LUO (struct luo_ser). */
class KhoBlobFuzzTest {
    private static final String[] NAMES = {KhoAbi.KEXEC_METADATA, KhoAbi.MEMBLOCK, KhoAbi.LUO, "unknown"};

    @FuzzTest
    void khoBlob(FuzzedDataProvider data) {
        String name = data.pickValue(NAMES);
        byte[] blob = data.consumeRemainingAsBytes();
        Bounds.check("kho-blob", blob.length, 64, 1 << 20, () -> {
            SubtreeDecoder.guessName(blob);
            SubtreeDecoder.decode(name, blob, "blob");
        });
    }
}
