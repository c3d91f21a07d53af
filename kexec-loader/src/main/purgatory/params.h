/*
 * The parameter block kexkit patches into purgatory.bin before loading it.
 * It sits at file offset 0x08 (right after the 8-byte jump at the entry
 * point) and must match org.kexkit.kexec.image.PurgatoryParams.
 *
 *   +0x00  char[8]   magic "KXKPURG1"
 *   +0x08  u32       layout version (1)
 *   +0x0c  u32       reserved (0)
 *   +0x10  u64       rip: next kernel entry (64-bit startup_64 = load address + 0x200)
 *   +0x18  u64       rsi: physical address of struct boot_params
 *   +0x20  u64       rsp: stack top inside the purgatory segment (used by the purgatory too)
 *   +0x28  u64       rbx: 0
 *   +0x30  u8[32]    SHA-256 over the regions, in order
 *   +0x50  16 x {u64 start, u64 len}: regions to hash (len 0 = unused)
 *   +0x150 end
 */
#ifndef KEXKIT_PURGATORY_PARAMS_H
#define KEXKIT_PURGATORY_PARAMS_H

#include <stdint.h>

#define PURGATORY_REGIONS 16    /* KEXEC_SEGMENT_MAX, include/linux/kexec.h */

struct purgatory_region {
	uint64_t start;
	uint64_t len;
};

struct purgatory_params {
	char magic[8];
	uint32_t version;
	uint32_t reserved;
	uint64_t rip;
	uint64_t rsi;
	uint64_t rsp;
	uint64_t rbx;
	uint8_t digest[32];
	struct purgatory_region regions[PURGATORY_REGIONS];
};

_Static_assert(sizeof(struct purgatory_params) == 0x150, "parameter block layout");

#endif
