package org.kexkit.kho;

/** A child of the KHO root: the blob a subsystem handed over with kho_add_subtree(). */
public record KhoSubtree(String name, long preservedData, long blobSize) {
}
