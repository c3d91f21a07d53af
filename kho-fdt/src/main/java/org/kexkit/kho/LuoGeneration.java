package org.kexkit.kho;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The generations of the LUO subtree, by its compatible string, read from the kernel's history
 * of include/linux/kho/abi/luo.h and kernel/liveupdate/luo_core.c (docs/KHO-ABI.md, "Generations").
 */
public enum LuoGeneration {
    /**
     * An FDT: compatible "luo-v1", raw u64 liveupdate-number, a node luo-session (compatible
     * "luo-session-v1", raw u64 luo-session-header) and a node luo-flb ("luo-flb-v1", luo-flb-header).
     */
    V1("luo-v1", Blob.FDT_NODES),
    /** An FDT: compatible "luo-v2" and luo-abi-header, the raw u64 address of a struct luo_ser without a compatible. */
    V2("luo-v2", Blob.FDT_POINTER),
    /** The blob is a packed struct luo_ser: char compatible[8]; u64 liveupdate_num, sessions_pa, flbs_pa. */
    V3("luo-v3", Blob.PACKED),
    /** As v3; the bump covers struct luo_file_set_ser. */
    V4("luo-v4", Blob.PACKED),
    /** As v3; sessions and files sit in KHO serialization block chains (include/linux/kho/abi/block.h). */
    V5("luo-v5", Blob.PACKED);

    /** What the LUO subtree blob itself is. */
    public enum Blob {
        FDT_NODES, FDT_POINTER, PACKED
    }

    /** LUO_FDT_LIVEUPDATE_NUM (luo-v1). */
    public static final String LIVEUPDATE_NUMBER = "liveupdate-number";
    /** LUO_FDT_SESSION_NODE_NAME and LUO_FDT_SESSION_HEADER (luo-v1). */
    public static final String SESSION_NODE = "luo-session";
    public static final String SESSION_HEADER = "luo-session-header";
    /** LUO_FDT_FLB_NODE_NAME and LUO_FDT_FLB_HEADER (luo-v1). */
    public static final String FLB_NODE = "luo-flb";
    public static final String FLB_HEADER = "luo-flb-header";
    /** LUO_FDT_ABI_HEADER (luo-v2). */
    public static final String ABI_HEADER = "luo-abi-header";

    private final String compatible;
    private final Blob blob;

    LuoGeneration(String compatible, Blob blob) {
        this.compatible = compatible;
        this.blob = blob;
    }

    public String compatible() {
        return compatible;
    }

    public Blob blob() {
        return blob;
    }

    public static Optional<LuoGeneration> of(String compatible) {
        return Arrays.stream(values()).filter(g -> g.compatible.equals(compatible)).findFirst();
    }

    public static String known() {
        return Arrays.stream(values()).map(LuoGeneration::compatible).collect(Collectors.joining(", "));
    }
}
