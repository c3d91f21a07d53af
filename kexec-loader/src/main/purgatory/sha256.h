/*
 * SHA-256 (FIPS 180-4), freestanding: no libc, no SSE, no global state.
 * Built into the purgatory and, unchanged, into the host test program
 * that compares it with Java's MessageDigest.
 */
#ifndef KEXKIT_SHA256_H
#define KEXKIT_SHA256_H

#include <stdint.h>

#define SHA256_DIGEST_BYTES 32
#define SHA256_BLOCK_BYTES 64

struct sha256_ctx {
	uint32_t state[8];      /* H0..H7 */
	uint64_t total;         /* message bytes seen so far */
	uint32_t used;          /* bytes waiting in block[] */
	uint8_t block[SHA256_BLOCK_BYTES];
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, uint64_t length);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_BYTES]);

#endif
