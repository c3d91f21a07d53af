package org.kexkit.kdump;

import java.util.Locale;

/** The page compression of the kdump-compressed dump (kdump.conf's {@code compression}; makedumpfile's -c -l -p -z). */
public enum Compression {
    NONE(""), ZLIB("-c"), LZO("-l"), SNAPPY("-p"), ZSTD("-z");

    private final String makedumpfileFlag;

    Compression(String makedumpfileFlag) {
        this.makedumpfileFlag = makedumpfileFlag;
    }

    /** makedumpfile's option for it, empty for none. */
    public String makedumpfileFlag() {
        return makedumpfileFlag;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
