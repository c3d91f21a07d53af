/**
 * Kexec HandOver at load time: {@link org.kexkit.kexec.kho.KhoPreflight} checks a next kernel
 * against what the running kernel hands over, and {@link org.kexkit.kexec.kho.KhoLoadPolicy}
 * turns that into the verdict every front end applies before a load. The KHO formats themselves
 * are kho-fdt's; this package only joins them with the bzImage unpacking of
 * {@link org.kexkit.kexec.image}.
 */
package org.kexkit.kexec.kho;
