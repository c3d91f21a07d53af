package org.kexkit.kexec.image;

import java.util.Arrays;
import java.util.List;

/**
 * The values patched into the purgatory's parameter block (see
 * src/main/purgatory/params.h): the registers it loads before jumping to the
 * next kernel and the digest it checks first.
 *
 * @param rip the next kernel's 64-bit entry, kernel load address + 0x200 (startup_64)
 * @param rsi physical address of struct boot_params
 * @param rsp stack top inside the purgatory segment (the purgatory runs on it too)
 * @param rbx 0 (kexec-tools' entry64_regs value)
 * @param digest SHA-256 over {@code regions}, in order
 * @param regions at most 16 physical ranges to hash
 */
public record PurgatoryParams(long rip, long rsi, long rsp, long rbx, byte[] digest, List<DigestRegion> regions) {
    public PurgatoryParams {
        if (digest.length != 32) {
            throw new IllegalArgumentException("SHA-256 digest is 32 bytes, got " + digest.length);
        }
        if (regions.size() > Purgatory.MAX_REGIONS) {
            throw new IllegalArgumentException(regions.size() + " digest regions, the purgatory takes at most "
                    + Purgatory.MAX_REGIONS);
        }
        digest = digest.clone();
        regions = List.copyOf(regions);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PurgatoryParams that && rip == that.rip && rsi == that.rsi && rsp == that.rsp
                && rbx == that.rbx && Arrays.equals(digest, that.digest) && regions.equals(that.regions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rip) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return String.format("PurgatoryParams[rip=0x%x, rsi=0x%x, rsp=0x%x, rbx=0x%x, regions=%s]", rip, rsi, rsp, rbx,
                regions);
    }
}
