/**
 * The image side of kexec_load on x86-64: what goes into memory and where.
 *
 * <p>Flow for a load: {@link org.kexkit.kexec.image.BzImage#read} the kernel;
 * make {@link org.kexkit.kexec.image.BootParams} (e820, setup_data);
 * {@link org.kexkit.kexec.image.SegmentPlanner} places the sizes (crash
 * region or free RAM); with the addresses known, set the command line
 * (elfcorehdr=) and let {@link org.kexkit.kexec.image.KexecImageAssembler}
 * fill the plan: it builds the zero page at its address, computes the
 * {@link org.kexkit.kexec.image.SegmentDigest} and patches the
 * {@link org.kexkit.kexec.image.Purgatory}. The resulting
 * {@link org.kexkit.kexec.image.KexecImage} goes to a
 * {@link org.kexkit.kexec.image.KexecLoadSyscall}; {@link org.kexkit.kexec.image.Reboot}
 * starts a normal image. Formats here know nothing of syscalls; the two
 * Native* classes are the only ones that reach the kernel.
 */
package org.kexkit.kexec.image;
