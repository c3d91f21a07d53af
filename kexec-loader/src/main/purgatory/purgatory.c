/*
 * The C half of the purgatory: hash the loaded segments and compare with the
 * digest kexkit computed at load time. Runs on the identity map the kernel
 * built (machine_kexec_64.c init_pgtable), so physical addresses are pointers.
 */
#include "params.h"
#include "sha256.h"

/* Defined in entry.S; hidden so that -fpie code reaches it RIP-relative, without a GOT. */
extern struct purgatory_params purgatory_params __attribute__((visibility("hidden")));

int purgatory_verify(void) __attribute__((visibility("hidden")));

/* Returns 1 when the regions still hash to the expected digest, 0 otherwise. */
int purgatory_verify(void)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_BYTES];
	uint8_t difference = 0;
	unsigned i;

	sha256_init(&ctx);
	for (i = 0; i < PURGATORY_REGIONS; i++) {
		const struct purgatory_region *region = &purgatory_params.regions[i];
		if (region->len != 0)
			sha256_update(&ctx, (const void *)(uintptr_t)region->start, region->len);
	}
	sha256_final(&ctx, digest);
	for (i = 0; i < SHA256_DIGEST_BYTES; i++)
		difference |= digest[i] ^ purgatory_params.digest[i];
	return difference == 0;
}
