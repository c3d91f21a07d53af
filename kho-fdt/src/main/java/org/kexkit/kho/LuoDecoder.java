package org.kexkit.kho;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtReader;

/**
 * Decodes the LUO subtree blob in each {@link LuoGeneration}'s layout (include/linux/kho/abi/luo.h):
 * an FDT for luo-v1 and luo-v2, a packed struct luo_ser from luo-v3 on.
 */
public final class LuoDecoder {
    private static final String WHERE = "subtree " + KhoAbi.LUO;

    private LuoDecoder() {
    }

    public static SubtreeContent decode(byte[] blob, String source) throws FormatException, KhoException {
        if (FdtReader.hasMagic(blob)) {
            return fdt(FdtReader.read(blob, source).tree());
        }
        ByteCursor c = ByteCursor.of(blob, source, 0);
        String compatible = compatible(c.bytes(Math.min(blob.length, KhoAbi.LUO_COMPATIBLE_LENGTH)), c);
        Optional<LuoGeneration> generation = LuoGeneration.of(compatible);
        if (generation.isEmpty() || generation.get().blob() != LuoGeneration.Blob.PACKED) {
            return new SubtreeContent.NotDecoded(KhoAbi.notKnown(WHERE, "compatible", compatible,
                    LuoGeneration.known()));
        }
        if (blob.length != KhoAbi.LUO_SER_SIZE) {
            throw c.errorAt(Math.min(blob.length, KhoAbi.LUO_SER_SIZE), "struct luo_ser is "
                    + KhoAbi.LUO_SER_SIZE + " bytes, the blob has " + blob.length);
        }
        return new SubtreeContent.Luo(compatible, c.u64(), c.u64(), c.u64());
    }

    /** luo-v1 (liveupdate-number and the session and FLB header nodes) or luo-v2 (luo-abi-header). */
    private static SubtreeContent fdt(Fdt fdt) throws KhoException {
        FdtNode root = fdt.root();
        String compatible = root.string("compatible").orElse("(none)");
        Optional<LuoGeneration> generation = LuoGeneration.of(compatible);
        if (generation.isEmpty() || generation.get().blob() == LuoGeneration.Blob.PACKED) {
            return new SubtreeContent.NotDecoded(KhoAbi.notKnown(WHERE + " (an FDT)", "compatible", compatible,
                    LuoGeneration.known()));
        }
        if (generation.get().blob() == LuoGeneration.Blob.FDT_POINTER) {
            return new SubtreeContent.LuoAt(compatible, KhoRootReader.u64(root, LuoGeneration.ABI_HEADER, WHERE));
        }
        long number = KhoRootReader.u64(root, LuoGeneration.LIVEUPDATE_NUMBER, WHERE);
        return new SubtreeContent.Luo(compatible, number, header(root, LuoGeneration.SESSION_NODE,
                LuoGeneration.SESSION_HEADER), header(root, LuoGeneration.FLB_NODE, LuoGeneration.FLB_HEADER));
    }

    /** A luo-v1 node's header address, 0 when the node is absent (an older luo-v1 had no luo-flb). */
    private static long header(FdtNode root, String node, String property) throws KhoException {
        Optional<FdtNode> child = root.child(node);
        return child.isEmpty() ? 0 : KhoRootReader.u64(child.get(), property, WHERE + ": node " + node);
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
