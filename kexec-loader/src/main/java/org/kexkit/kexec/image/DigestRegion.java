package org.kexkit.kexec.image;

/** A physical range the purgatory hashes (struct {u64 start; u64 len} in its parameter block). */
public record DigestRegion(long start, long length) {
}
