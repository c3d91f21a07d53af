package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.pmem.PfnInfoBlock;

/** The pmem info block (struct nd_pfn_sb) at 4 KiB into a namespace, against the namespace's size. */
class PfnInfoBlockFuzzTest {
    @FuzzTest
    void pfnInfoBlock(FuzzedDataProvider data) {
        long namespaceSize = data.consumeLong();
        byte[] uuid = data.consumeBytes(16);
        byte[] block = data.consumeRemainingAsBytes();
        Bounds.check("pmem-info-block", block.length, 16, 1 << 20, () ->
                PfnInfoBlock.read(block, "namespace0.0", namespaceSize, uuid));
    }
}
