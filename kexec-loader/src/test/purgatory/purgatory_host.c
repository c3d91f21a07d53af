/*
 * Host test driver for the purgatory's C code (PurgatoryHostTest compiles it
 * with gcc together with the very same sha256.c and purgatory.c).
 *
 *   purgatory_host hash            prints the SHA-256 of stdin in hex
 *   purgatory_host verify HEX N    splits stdin into N regions (N <= 16), patches
 *                                  the expected digest HEX into the parameter
 *                                  block and prints purgatory_verify()'s answer
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "params.h"
#include "sha256.h"

struct purgatory_params purgatory_params __attribute__((visibility("hidden")));
int purgatory_verify(void);

static unsigned char *slurp(size_t *length)
{
	size_t size = 0, capacity = 1 << 16;
	unsigned char *data = malloc(capacity);
	size_t got;

	while ((got = fread(data + size, 1, capacity - size, stdin)) > 0) {
		size += got;
		if (size == capacity)
			data = realloc(data, capacity *= 2);
	}
	*length = size;
	return data;
}

int main(int argc, char **argv)
{
	size_t length, i;
	unsigned char *data = slurp(&length);

	if (argc == 2 && strcmp(argv[1], "hash") == 0) {
		struct sha256_ctx ctx;
		uint8_t digest[SHA256_DIGEST_BYTES];
		size_t done = 0, step = 1;

		/* uneven update sizes exercise the block buffering */
		sha256_init(&ctx);
		while (done < length) {
			size_t n = length - done < step ? length - done : step;
			sha256_update(&ctx, data + done, n);
			done += n;
			step = step * 3 + 1;
		}
		sha256_final(&ctx, digest);
		for (i = 0; i < SHA256_DIGEST_BYTES; i++)
			printf("%02x", digest[i]);
		printf("\n");
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "verify") == 0 && strlen(argv[2]) == 64) {
		unsigned regions = (unsigned)atoi(argv[3]);
		size_t at = 0;

		if (regions < 1 || regions > PURGATORY_REGIONS)
			return 2;
		for (i = 0; i < SHA256_DIGEST_BYTES; i++) {
			unsigned byte;
			sscanf(argv[2] + 2 * i, "%2x", &byte);
			purgatory_params.digest[i] = (uint8_t)byte;
		}
		for (i = 0; i < regions; i++) {
			size_t part = i + 1 == regions ? length - at : length / regions;
			purgatory_params.regions[i].start = (uint64_t)(uintptr_t)(data + at);
			purgatory_params.regions[i].len = part;
			at += part;
		}
		printf("%d\n", purgatory_verify());
		return 0;
	}
	fprintf(stderr, "usage: purgatory_host hash | verify HEX N < data\n");
	return 2;
}
