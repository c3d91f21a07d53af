package org.kexkit.kho;

import java.util.Set;
import org.kexkit.kho.fdt.Fdt;
import org.kexkit.kho.fdt.FdtNode;
import org.kexkit.kho.fdt.FdtProperty;
import org.kexkit.kho.fdt.PropertyTyping;
import org.kexkit.kho.fdt.PropertyValue;

/**
 * Shows KHO's raw little-endian u64 properties as u64s (dtc would show byte-swapped cells): the
 * root's and subtree nodes' addresses and sizes in a kho-v4 tree, start and size in reserve-mem-v1.
 */
public final class KhoPropertyTyping implements PropertyTyping {
    /** kho-v1's "fdt" (PROP_SUB_FDT) is raw too. */
    private static final Set<String> ROOT_U64 = Set.of(KhoAbi.PRESERVED_MEMORY_MAP, KhoAbi.PRESERVED_DATA,
            KhoAbi.BLOB_SIZE, KhoGeneration.V1.dataProperty());
    /** luo-v1 and luo-v2 FDTs (luo_core.c writes them with fdt_property(..., &u64, 8)). */
    private static final Set<String> LUO_U64 = Set.of(LuoGeneration.LIVEUPDATE_NUMBER, LuoGeneration.SESSION_HEADER,
            LuoGeneration.FLB_HEADER, LuoGeneration.ABI_HEADER);
    private static final Set<String> RESERVE_MEM_U64 = Set.of(KhoAbi.RESERVE_MEM_START, KhoAbi.RESERVE_MEM_SIZE);

    private final boolean khoRoot;
    private final boolean luo;

    public KhoPropertyTyping(Fdt fdt) {
        this.khoRoot = KhoRootReader.looksLikeRoot(fdt);
        this.luo = fdt.root().string("compatible").map(c -> c.startsWith("luo-v")).orElse(false);
    }

    @Override
    public PropertyValue type(FdtNode node, FdtProperty property) {
        if (property.length() == 8) {
            boolean u64 = khoRoot ? ROOT_U64.contains(property.name())
                    : luo ? LUO_U64.contains(property.name())
                    : RESERVE_MEM_U64.contains(property.name())
                            && node.string("compatible").filter(KhoAbi.RESERVE_MEM_COMPATIBLE::equals).isPresent();
            if (u64) {
                return new PropertyValue.U64Le(property.asRawU64Le());
            }
        }
        return PropertyTyping.GUESS.type(node, property);
    }
}
