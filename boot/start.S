/*
 * Reset entry: from whatever state the board hands over to Non-secure Hyp.
 *
 *   Hyp mode            -> go on (QEMU virt,virtualization=on; firmware that
 *                          already enabled Hyp).
 *   Secure SVC          -> install a minimal Monitor, set SCR.NS|HCE and
 *                          return from it into Non-secure Hyp, as firmware
 *                          would (vexpress-a15).
 *   Non-secure SVC, or
 *   no Virtualization   -> boot_refuse() prints why and halts.
 *
 * The boot CPU (MPIDR Aff0 0) enters at _start; a secondary core that the
 * board starts here too waits in the board's holding pen
 * (platform/<board>/pen.S, the protocol of the board's own boot firmware;
 * platform/drivers/default_pen.S where firmware keeps secondaries off). hypv7 starts each
 * secondary it uses at secondary_entry (board.cpu_start, r0 = its index),
 * in whatever mode the board's mechanism gives: it takes the same road to
 * Non-secure Hyp as the boot CPU, on its own stack.
 */
#include "arch/arm.h"
#include "boot/boot.h"

	.arm
	.section .text.boot, "ax"
	.global _start
_start:
	cpsid	aif
	mrs	r4, cpsr
	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR
	ands	r0, r0, #MPIDR_AFF0_MASK
	bne	board_secondary_pen		@ platform/<board>/pen.S, or drivers/default_pen.S

	mov	r8, #0				@ r8: this CPU's index, to the end
	bl	set_hyp_stack
	bl	zero_bss
	b	to_nonsecure_hyp

	.global	secondary_entry
secondary_entry:				@ r0 = the CPU's index
	cpsid	aif
	mrs	r4, cpsr
	mov	r8, r0
	bl	set_hyp_stack

to_nonsecure_hyp:				@ r4 = CPSR as entered, r8 = CPU
	and	r5, r4, #MODE_MASK_BITS
	cmp	r5, #MODE_HYP
	beq	in_nonsecure_hyp

	/* Not in Hyp: the CPU must have the Virtualization Extensions... */
	mrc	p15, 0, r6, c0, c1, 1		@ ID_PFR1
	lsr	r0, r6, #ID_PFR1_VIRT_SHIFT
	ands	r0, r0, #ID_PFR1_FIELD_MASK
	moveq	r1, #REFUSE_NO_VIRT
	beq	refuse
	/* ...and be in a Secure PL1 mode to reach the Monitor. */
	cmp	r5, #MODE_SVC
	movne	r1, #REFUSE_MODE
	bne	refuse
	bl	probe_secure
	cmp	r0, #0
	moveq	r1, #REFUSE_NONSECURE
	beq	refuse

	bl	secure_board_init		@ C: GIC groups etc.
	ldr	r0, =monitor_vectors
	mcr	p15, 0, r0, c12, c0, 1		@ MVBAR
	ldr	r0, =(NSACR_CP10 | NSACR_CP11 | NSACR_NS_SMP)
	mcr	p15, 0, r0, c1, c1, 2		@ NSACR
	isb
	smc	#0				@ returns here in Non-secure Hyp
	b	in_nonsecure_hyp

refuse:
	mov	r0, r4				@ CPSR as entered
	bl	boot_refuse			@ does not return
1:	wfi
	b	1b

in_nonsecure_hyp:
	bl	set_hyp_stack			@ SP_hyp is not the SP we had
	ldr	r0, =hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0		@ HVBAR
	isb
	mov	r0, r4				@ CPSR as entered
	mov	r1, r8
	cmp	r8, #0
	bleq	hyp_main			@ neither returns
	blne	hyp_secondary_main
2:	wfi
	b	2b

/* sp = the top of CPU r8's Hyp stack (hyp/pcpu.c's hyp_stacks[r8]). */
set_hyp_stack:
	ldr	sp, =hyp_stacks
	add	r0, r8, #1
	add	sp, sp, r0, lsl #HYP_STACK_SHIFT
	bx	lr

zero_bss:
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
3:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	3b
	bx	lr

/*
 * Returns r0 = 1 in Secure state, 0 in Non-secure: reading SCR is
 * UNDEFINED from Non-secure PL1, so a temporary vector table catches the
 * Undefined exception and reports it.
 */
probe_secure:
	mrc	p15, 0, r2, c1, c0, 0		@ SCTLR: vectors at VBAR, not hivecs
	bic	r2, r2, #SCTLR_V
	mcr	p15, 0, r2, c1, c0, 0
	ldr	r2, =probe_vectors
	mcr	p15, 0, r2, c12, c0, 0		@ VBAR
	isb
	mov	r0, #1
	mrc	p15, 0, r2, c1, c1, 0		@ SCR; undefined when Non-secure
	bx	lr

	.balign	32
probe_vectors:
	b	.			@ reset
	b	probe_undef		@ undefined instruction
	b	.			@ SVC
	b	.			@ prefetch abort
	b	.			@ data abort
	b	.
	b	.			@ IRQ
	b	.			@ FIQ
probe_undef:
	mov	r0, #0
	movs	pc, lr			@ back after the faulting mrc, in SVC

/* The Monitor: its only call switches the caller to Non-secure Hyp. */
	.balign	32
monitor_vectors:
	b	.			@ reset
	b	.			@ undefined
	b	monitor_smc		@ SMC
	b	.			@ prefetch abort
	b	.			@ data abort
	b	.
	b	.			@ IRQ
	b	.			@ FIQ
monitor_smc:
	mrc	p15, 0, r0, c1, c1, 0		@ SCR
	orr	r0, r0, #(SCR_NS | SCR_FW | SCR_AW)
	orr	r0, r0, #SCR_HCE
	mcr	p15, 0, r0, c1, c1, 0
	isb
	mov	r0, #(MODE_HYP | CPSR_AIF)
	msr	spsr_cxsf, r0
	movs	pc, lr			@ to the instruction after smc, in Hyp

	.ltorg
