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
 * {@link org.kexkit.kexec.image.KexecImage} is handed to
 * {@link org.kexkit.kexec.sys.KexecLoadSyscall}, and
 * {@link org.kexkit.kexec.sys.Reboot} starts a normal image.
 *
 * <p>This package holds formats and placement only: nothing here makes a
 * system call. The bindings live in {@link org.kexkit.kexec.sys}.
 */
package org.kexkit.kexec.image;
