package org.kexkit.kho;

import java.util.OptionalLong;

/**
 * A child of the KHO root: the blob a subsystem handed over with kho_add_subtree().
 *
 * @param blobSize the node's blob-size (kho-v3 on); empty before v3, where every blob is an FDT
 *     that its own header sizes
 */
public record KhoSubtree(String name, long preservedData, OptionalLong blobSize) {
    /** A kho-v3/v4 subtree with its blob-size. */
    public KhoSubtree(String name, long preservedData, long blobSize) {
        this(name, preservedData, OptionalLong.of(blobSize));
    }
}
