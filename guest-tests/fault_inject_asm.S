/*
 * For fault_inject.c: a vector table that records the exception hypv7
 * injects and returns past the instruction that caused it, and one probe
 * per fault. Each probe returns the address of its faulting instruction,
 * so the test can check the LR the exception was taken with.
 */
	.arm
	.text

	.equ	KIND_UNDEF, 1
	.equ	KIND_PABT, 3
	.equ	KIND_DABT, 4
	.equ	SEEN_LR, 4
	.equ	SEEN_SPSR, 8

/* Records kind (an immediate), LR and SPSR in inject_seen; r0, r1 kept. */
	.macro	record kind
	push	{r0, r1}
	ldr	r0, =inject_seen
	mov	r1, #\kind
	str	r1, [r0]
	str	lr, [r0, #SEEN_LR]
	mrs	r1, spsr
	str	r1, [r0, #SEEN_SPSR]
	pop	{r0, r1}
	.endm

	.align	5
	.global	inject_vectors
inject_vectors:
	b	.			/* reset */
	b	undef_entry
	b	.			/* SVC: not expected */
	b	pabt_entry
	b	dabt_entry
	b	.
	b	.			/* IRQ: not expected */
	b	.			/* FIQ */

undef_entry:			/* LR = the instruction after (ARM state) */
	record	KIND_UNDEF
	movs	pc, lr

dabt_entry:			/* LR = the faulting instruction + 8 */
	record	KIND_DABT
	subs	pc, lr, #4

pabt_entry:			/* nothing to return to: back to the probe's caller */
	record	KIND_PABT
	ldr	lr, =inject_pabt_return
	ldr	lr, [lr]
	movs	pc, lr

/* uint32_t probe_load(uint32_t addr) */
	.global	probe_load
probe_load:
	adr	r1, 1f
1:	ldr	r2, [r0]
	mov	r0, r1
	bx	lr

/* uint32_t probe_store(uint32_t addr) */
	.global	probe_store
probe_store:
	adr	r1, 1f
1:	str	r1, [r0]
	mov	r0, r1
	bx	lr

/* uint32_t probe_smc(void) */
	.global	probe_smc
probe_smc:
	.arch_extension sec
	adr	r0, 1f
1:	smc	#0
	bx	lr

/* uint32_t probe_hvc_imm(void): HVC with an immediate hypv7 does not use */
	.global	probe_hvc_imm
probe_hvc_imm:
	.arch_extension virt
	adr	r0, 1f
1:	hvc	#1
	bx	lr

/* void probe_jump(uint32_t addr): branches there; the prefetch abort
 * returns to this call's caller through inject_pabt_return. */
	.global	probe_jump
probe_jump:
	ldr	r1, =inject_pabt_return
	str	lr, [r1]
	bx	r0

/* uint32_t probe_dbgdidr(void): CP14 debug ID, read as zero */
	.global	probe_dbgdidr
probe_dbgdidr:
	mvn	r0, #0
	mrc	p14, 0, r0, c0, c0, 0
	bx	lr

/* uint32_t probe_dbgbvr0(uint32_t value): writes, then reads back, a
 * breakpoint value register (writes ignored) */
	.global	probe_dbgbvr0
probe_dbgbvr0:
	mcr	p14, 0, r0, c0, c0, 4
	mvn	r0, #0
	mrc	p14, 0, r0, c0, c0, 4
	bx	lr

	.ltorg
