package org.kexkit.kho.system;

import java.util.Map;
import java.util.Optional;

/**
 * kho/in or kho/out as debugfs shows it: the root FDT file's bytes (empty when the file is
 * missing) and the blobs in sub_fdts/, by subtree name in directory order.
 *
 * @param path the directory's path, for messages
 */
public record KhoDebugfsDir(String path, Optional<byte[]> fdt, Map<String, byte[]> subtrees) {
    public KhoDebugfsDir {
        subtrees = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subtrees));
    }

    public String fdtPath() {
        return path + "/fdt";
    }

    public String subtreePath(String name) {
        return path + "/sub_fdts/" + name;
    }
}
