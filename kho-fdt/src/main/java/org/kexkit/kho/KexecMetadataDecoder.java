package org.kexkit.kho;

import java.nio.charset.StandardCharsets;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/** Decodes the packed struct kho_kexec_metadata (include/linux/kho/abi/kexec_metadata.h). */
public final class KexecMetadataDecoder {
    private KexecMetadataDecoder() {
    }

    public static SubtreeContent decode(byte[] blob, String source) throws FormatException {
        ByteCursor c = ByteCursor.of(blob, source, 0);
        long version = c.u32();
        if (version != KhoAbi.KEXEC_METADATA_VERSION) {
            return new SubtreeContent.NotDecoded(KhoAbi.notKnown("subtree " + KhoAbi.KEXEC_METADATA, "version",
                    Long.toString(version), Long.toString(KhoAbi.KEXEC_METADATA_VERSION)));
        }
        if (blob.length != KhoAbi.KEXEC_METADATA_SIZE) {
            throw c.errorAt(Math.min(blob.length, KhoAbi.KEXEC_METADATA_SIZE), "kexec-metadata is " + blob.length
                    + " bytes, version 1 is " + KhoAbi.KEXEC_METADATA_SIZE);
        }
        byte[] release = c.bytes(KhoAbi.KEXEC_METADATA_RELEASE_LENGTH);
        int end = 0;
        while (end < release.length && release[end] != 0) {
            end++;
        }
        if (end == release.length) {
            throw c.errorAt(4, "previous_release has no NUL in its 65 bytes");
        }
        long count = c.u32();
        return new SubtreeContent.KexecMetadata(version, new String(release, 0, end, StandardCharsets.UTF_8), count);
    }
}
