package org.kexkit.dump.flattened;

import java.util.Arrays;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/** Checks {@code struct makedumpfile_header}: signature and type, as rearrange_dumpdata does. */
final class FlattenedHeader {
    private FlattenedHeader() {
    }

    static void check(ByteCursor header) throws FormatException {
        ByteCursor c = header.bigEndian();
        byte[] signature = c.bytes(FlattenedFormat.SIGNATURE_FIELD);
        byte[] expected = Arrays.copyOf(FlattenedFormat.SIGNATURE, FlattenedFormat.SIGNATURE_FIELD);
        if (!Arrays.equals(signature, expected)) {
            throw c.errorAtLastValue("expected the signature \"makedumpfile\": not a flattened dump");
        }
        long type = c.u64();
        if (type != FlattenedFormat.TYPE_FLAT_HEADER) {
            throw c.errorAtLastValue("expected type " + FlattenedFormat.TYPE_FLAT_HEADER + " (TYPE_FLAT_HEADER), found " + type);
        }
    }
}
