package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kexkit.pmem.PfnInfoBlock;

/**
 * The pmem info block (struct nd_pfn_sb) at 4 KiB into a namespace, against the namespace's size.
 * The input: the namespace's uuid (16 bytes), the block, then from the end the namespace size (8
 * bytes) and a byte whose low bit seals the block with its right checksum: the fuzzer cannot solve
 * a Fletcher-64, so without the seal no mutation would reach the fields after it.
 */
class PfnInfoBlockFuzzTest {
    @FuzzTest
    void pfnInfoBlock(FuzzedDataProvider data) {
        long namespaceSize = data.consumeLong();
        boolean seal = data.consumeBoolean();
        byte[] uuid = data.consumeBytes(16);
        byte[] block = data.consumeRemainingAsBytes();
        if (seal && block.length >= PfnInfoBlock.SIZE) {
            // nd_pfn_sb.checksum, the block's last 8 bytes
            ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putLong(PfnInfoBlock.SIZE - 8,
                    PfnInfoBlock.checksum(block));
        }
        Bounds.check("pmem-info-block", block.length, 16, 1 << 20, () ->
                PfnInfoBlock.read(block, "namespace0.0", namespaceSize, uuid));
    }
}
