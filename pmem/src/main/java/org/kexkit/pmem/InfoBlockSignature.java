package org.kexkit.pmem;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The 16-byte signatures a namespace's info block (at {@link PfnInfoBlock#OFFSET}) starts with: a
 * pfn device (fsdax) or a dax device (devdax) writes struct nd_pfn_sb (drivers/nvdimm/pfn.h
 * PFN_SIG, DAX_SIG; PFN_SIG_LEN 16), a BTT (sector mode) struct btt_sb (drivers/nvdimm/btt.h
 * BTT_SIG, BTT_SIG_LEN 16; BTT v1.1 puts it at SZ_4K too, btt_devs.c).
 */
public enum InfoBlockSignature {
    PFN("NVDIMM_PFN_INFO"),
    DAX("NVDIMM_DAX_INFO"),
    BTT("BTT_ARENA_INFO");

    /** PFN_SIG_LEN and BTT_SIG_LEN. */
    public static final int LENGTH = 16;

    private final byte[] bytes;

    InfoBlockSignature(String text) {
        bytes = Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), LENGTH); // NUL-padded, as the C strings are
    }

    /** The 16 bytes as the kernel writes them. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The signature {@code field} (16 bytes) holds, if any. */
    public static Optional<InfoBlockSignature> of(byte[] field) {
        for (InfoBlockSignature s : values()) {
            if (Arrays.equals(s.bytes, field)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The signature as text, for messages. */
    public String text() {
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII).replace("\0", "");
    }
}
