/**
 * Kexec HandOver at load time: {@link org.kexkit.kexec.kho.KhoPreflight} checks a next kernel
 * against what the running kernel hands over, and {@link org.kexkit.kexec.kho.KhoLoadPolicy}
 * turns that into the verdict every front end applies before a load. For a kexec_load that hands
 * state over itself, {@link org.kexkit.kexec.kho.KhoCarryOver} says what can go,
 * {@link org.kexkit.kexec.kho.KhoHandoverLayout} writes the segments and the SETUP_KEXEC_KHO entry,
 * and {@link org.kexkit.kexec.kho.KhoPlacement} checks them against the memory handed over. The KHO
 * formats themselves
 * are kho-fdt's; this package only joins them with the bzImage unpacking of
 * {@link org.kexkit.kexec.image}.
 */
package org.kexkit.kexec.kho;
