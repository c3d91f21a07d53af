package org.kexkit.kho;

import org.kexkit.bin.FormatException;
import org.kexkit.kho.fdt.FdtReader;

/** Picks the decoder for a subtree blob by the name it was handed over under. */
public final class SubtreeDecoder {
    private SubtreeDecoder() {
    }

    public static SubtreeContent decode(String name, byte[] blob, String source) throws FormatException, KhoException {
        // luo-v1 and luo-v2 are FDTs as well
        switch (name) {
            case KhoAbi.KEXEC_METADATA:
                return KexecMetadataDecoder.decode(blob, source);
            case KhoAbi.MEMBLOCK:
                return MemblockDecoder.decode(FdtReader.read(blob, source).tree());
            case KhoAbi.LUO:
                return LuoDecoder.decode(blob, source);
            default:
                return new SubtreeContent.NotDecoded("subtree " + name + ": not a subtree this kexkit knows (knows "
                        + String.join(", ", KhoAbi.KNOWN_SUBTREES) + ")");
        }
    }

    /**
     * A blob's meaning, or why it has none ({@link SubtreeContent.NotDecoded}), never an exception:
     * one bad blob must not hide the others in a listing.
     */
    public static SubtreeContent decodeQuietly(String name, byte[] blob, String source) {
        try {
            return decode(name, blob, source);
        } catch (FormatException | KhoException e) {
            return new SubtreeContent.NotDecoded(e.getMessage());
        }
    }

    /**
     * Which stock subtree a lone blob is, from its bytes, or null: a memblock-v1 FDT, a luo-v1/v2 FDT, a struct
     * luo_ser (starts with "luo-v"), or a 73-byte kexec-metadata whose version is 1.
     */
    public static String guessName(byte[] blob) {
        if (FdtReader.hasMagic(blob)) {
            return isLuoFdt(blob) ? KhoAbi.LUO : KhoAbi.MEMBLOCK;
        }
        if (blob.length >= 5 && new String(blob, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("luo-v")) {
            return KhoAbi.LUO;
        }
        if (blob.length == KhoAbi.KEXEC_METADATA_SIZE) {
            return KhoAbi.KEXEC_METADATA;
        }
        return null;
    }

    /** An FDT whose root compatible is luo-vN (LUO before luo-v3). */
    public static boolean isLuoFdt(byte[] blob) {
        try {
            return FdtReader.read(blob, "blob").tree().root().string("compatible").orElse("").startsWith("luo-v");
        } catch (FormatException e) {
            return false;
        }
    }
}
