package org.kexkit.dump.flattened;

import java.nio.charset.StandardCharsets;

/**
 * Constants of makedumpfile's flattened format (-F; makedumpfile.h
 * struct makedumpfile_header / makedumpfile_data_header, REFERENCE 1.10).
 * All integers big-endian.
 */
public final class FlattenedFormat {
    /** MAX_SIZE_MDF_HEADER: the file header is padded to 4096 bytes. */
    static final int HEADER_SIZE = 4096;
    /** MAKEDUMPFILE_SIGNATURE in char signature[16], NUL-padded. */
    public static final byte[] SIGNATURE = "makedumpfile".getBytes(StandardCharsets.US_ASCII);
    public static final int SIGNATURE_FIELD = 16;
    /** TYPE_FLAT_HEADER. */
    static final long TYPE_FLAT_HEADER = 1;
    /** VERSION_FLAT_HEADER. */
    static final long VERSION_FLAT_HEADER = 1;
    /** struct makedumpfile_data_header: int64 offset, int64 buf_size. */
    static final int RECORD_HEADER = 16;
    /** END_FLAG_FLAT_HEADER in both fields of the last record header. */
    static final long END_FLAG = -1;

    private FlattenedFormat() {
    }
}
