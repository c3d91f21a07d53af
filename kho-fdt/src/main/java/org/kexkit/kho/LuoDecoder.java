package org.kexkit.kho;

import java.nio.charset.StandardCharsets;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/** Decodes struct luo_ser (include/linux/kho/abi/luo.h), the LUO subtree blob. */
public final class LuoDecoder {
    private LuoDecoder() {
    }

    public static SubtreeContent decode(byte[] blob, String source) throws FormatException {
        ByteCursor c = ByteCursor.of(blob, source, 0);
        String compatible = compatible(c.bytes(Math.min(blob.length, KhoAbi.LUO_COMPATIBLE_LENGTH)), c);
        if (!compatible.equals(KhoAbi.LUO_COMPATIBLE)) {
            return new SubtreeContent.NotDecoded(KhoAbi.notKnown("subtree " + KhoAbi.LUO, "compatible", compatible,
                    KhoAbi.LUO_COMPATIBLE));
        }
        if (blob.length != KhoAbi.LUO_SER_SIZE) {
            throw c.errorAt(Math.min(blob.length, KhoAbi.LUO_SER_SIZE), "struct luo_ser is "
                    + KhoAbi.LUO_SER_SIZE + " bytes, the blob has " + blob.length);
        }
        return new SubtreeContent.Luo(compatible, c.u64(), c.u64(), c.u64());
    }

    private static String compatible(byte[] field, ByteCursor c) throws FormatException {
        int end = 0;
        while (end < field.length && field[end] != 0) {
            if (field[end] < 0x20 || field[end] > 0x7e) {
                // 7.2.13's in/sub_fdts/LUO: the page was freed by luo_early_startup() and reused
                throw c.errorAt(0, "compatible is not a printable string: not a struct luo_ser (a freed and"
                        + " reused page, as 7.2.13's debugfs in/sub_fdts/LUO shows?)");
            }
            end++;
        }
        if (end == field.length) {
            throw c.errorAt(0, "compatible has no NUL in its " + KhoAbi.LUO_COMPATIBLE_LENGTH + " bytes");
        }
        return new String(field, 0, end, StandardCharsets.US_ASCII);
    }
}
