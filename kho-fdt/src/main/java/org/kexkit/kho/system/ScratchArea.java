package org.kexkit.kho.system;

/**
 * One KHO scratch area (struct kho_scratch {addr, size}): [0] below ARCH_LOW_ADDRESS_LIMIT,
 * [1] global, [2..] one per NUMA node, in kho_reserve_scratch()'s order (kexec_handover.c).
 */
public record ScratchArea(int index, long address, long size) {
    public String role() {
        return switch (index) {
            case 0 -> "lowmem";
            case 1 -> "global";
            default -> "node " + (index - 2);
        };
    }
}
