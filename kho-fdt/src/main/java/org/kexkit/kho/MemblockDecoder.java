package org.kexkit.kho;

import java.util.ArrayList;
import java.util.List;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;

/** Decodes the memblock subtree FDT (include/linux/kho/abi/memblock.h, mm/memblock.c). */
public final class MemblockDecoder {
    private MemblockDecoder() {
    }

    public static SubtreeContent decode(Fdt fdt) throws KhoException {
        String where = "subtree " + KhoAbi.MEMBLOCK;
        String compatible = fdt.root().string("compatible").orElse("(none)");
        if (!compatible.equals(KhoAbi.MEMBLOCK_COMPATIBLE)) {
            return new SubtreeContent.NotDecoded(KhoAbi.notKnown(where, "compatible", compatible,
                    KhoAbi.MEMBLOCK_COMPATIBLE));
        }
        List<SubtreeContent.ReserveMem> regions = new ArrayList<>();
        for (FdtNode node : fdt.root().children()) {
            String nodeWhere = where + ": node " + node.name();
            String nodeCompatible = node.string("compatible").orElse("(none)");
            if (!nodeCompatible.equals(KhoAbi.RESERVE_MEM_COMPATIBLE)) {
                return new SubtreeContent.NotDecoded(KhoAbi.notKnown(nodeWhere, "compatible", nodeCompatible,
                        KhoAbi.RESERVE_MEM_COMPATIBLE));
            }
            regions.add(new SubtreeContent.ReserveMem(node.name(),
                    KhoRootReader.u64(node, KhoAbi.RESERVE_MEM_START, nodeWhere),
                    KhoRootReader.u64(node, KhoAbi.RESERVE_MEM_SIZE, nodeWhere)));
        }
        return new SubtreeContent.Memblock(regions);
    }
}
