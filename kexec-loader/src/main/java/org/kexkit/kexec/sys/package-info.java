/**
 * Every system call kexec-loader makes, each an interface with one {@code Native*}
 * implementation bound through jnr: kexec_file_load(2) and open(2) for
 * {@link org.kexkit.kexec.KexecFileLoader}, kexec_load(2) and reboot(2) for images built by
 * {@link org.kexkit.kexec.image}, and the /dev/liveupdate ioctls and memfd calls for
 * {@link org.kexkit.kexec.luo}. {@link org.kexkit.kexec.sys.Syscalls} bundles them for a
 * front end. Tests implement the interfaces, so no test reaches the kernel; the native
 * classes are loaded only when a command first needs them.
 */
package org.kexkit.kexec.sys;
