/*
 * Purgatory entry. The kernel's relocate_kernel (arch/x86/kernel/relocate_kernel_64.S,
 * identity_mapped) gets here with a plain "ret" to the kexec entry address:
 * 64-bit mode, paging on with the identity map built by init_pgtable
 * (arch/x86/kernel/machine_kexec_64.c: every pfn_mapped range plus every
 * segment), interrupts off (flags zeroed), all general registers zero,
 * CR4 reduced to PAE (+LA57), so no SSE, and rsp on the kernel's control page.
 *
 * All code is position-independent (RIP-relative only, checked by
 * scripts/build-purgatory), so the flat binary runs wherever it is loaded.
 */
	.code64

	.section .entry, "ax"
	.globl purgatory_start
purgatory_start:
	jmp	purgatory_entry		/* kexec entry = segment base + 0 */
	.balign	8, 0xcc

	/* The parameter block (params.h); kexkit patches it. */
	.globl	purgatory_params
	.hidden	purgatory_params
purgatory_params:
	.ascii	"KXKPURG1"
	.long	1			/* layout version */
	.long	0
params_rip:	.quad	0
params_rsi:	.quad	0
params_rsp:	.quad	0
params_rbx:	.quad	0
	.fill	32, 1, 0		/* sha256 digest */
	.fill	16 * 16, 1, 0		/* regions */

	.text
purgatory_entry:
	cli
	cld
	movq	params_rsp(%rip), %rsp	/* our own stack, not the kernel's control page */
	call	purgatory_verify
	testl	%eax, %eax
	jz	mismatch

	/*
	 * The 64-bit boot protocol (Documentation/arch/x86/boot.rst) wants a GDT
	 * with __BOOT_CS = 0x10 and __BOOT_DS = 0x18; the old kernel's GDT may be
	 * gone. The descriptor's base is only known at run time.
	 */
	leaq	gdt(%rip), %rax
	movq	%rax, gdt_desc + 2(%rip)
	lgdt	gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	reloaded_cs(%rip), %rax
	pushq	$0x10
	pushq	%rax
	lretq
reloaded_cs:
	movq	params_rsi(%rip), %rsi
	movq	params_rsp(%rip), %rsp
	movq	params_rbx(%rip), %rbx
	movq	params_rip(%rip), %rax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmpq	*%rax

	/* Memory changed since load (kexec-tools' purgatory does the same): never boot it. */
mismatch:
	cli
	hlt
	jmp	mismatch

	.data
	.balign	16
gdt:
	.quad	0			/* null */
	.quad	0			/* unused 0x08 */
	.quad	0x00af9a000000ffff	/* 0x10: 64-bit code, present, DPL 0 */
	.quad	0x00cf92000000ffff	/* 0x18: data, 4 GiB, writable */
gdt_end:
	.balign	8
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	0			/* base, filled in at run time */
