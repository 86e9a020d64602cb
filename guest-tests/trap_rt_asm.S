/*
 * Trapped CP15 reads whose destination is not an ordinary register, for
 * trap_rt.c: APSR_nzcv (Rt = 15), and SP / LR / the FIQ bank (Rt = 13, 14,
 * 8) in each privileged mode. hypv7 emulates ACTLR (HCR.TAC), so every MRC
 * here traps and hypv7 must write where the instruction says.
 */
	.include "guest-tests/lib/modes.inc"
	.equ MODE_SYS, 0x1f
	.equ MODE_BITS, 0x1f
	.equ USR_R8_MARK, 0x5a

	.arm
	.text

/* uint32_t trap_rt_flags(uint32_t nzcv_before): the APSR after
 * "mrc p15, 0, APSR_nzcv, c1, c0, 1" with the flags set to nzcv_before. */
	.global	trap_rt_flags
trap_rt_flags:
	msr	APSR_nzcvq, r0
	mrc	p15, 0, APSR_nzcv, c1, c0, 1
	mrs	r0, APSR
	bx	lr

/*
 * void trap_rt_banked(uint32_t mode, uint32_t out[4]): in `mode`, ACTLR read
 * into SP (out[0]), LR (out[1]) and r8 (out[2]); out[3] = the r8 of the
 * caller's mode afterwards (must be untouched when `mode` is FIQ). Only
 * r0-r7 are shared by every mode, so the pointer lives in r3.
 */
	.global	trap_rt_banked
trap_rt_banked:
	push	{r4-r8, lr}
	mov	r3, r1
	mrs	r4, cpsr
	bic	r5, r4, #MODE_BITS
	orr	r5, r5, r0
	mov	r8, #USR_R8_MARK
	msr	cpsr_c, r5
	mov	r6, sp
	mov	r7, lr
	mov	r1, r8
	mrc	p15, 0, sp, c1, c0, 1
	mrc	p15, 0, lr, c1, c0, 1
	mrc	p15, 0, r8, c1, c0, 1
	str	sp, [r3]
	str	lr, [r3, #4]
	str	r8, [r3, #8]
	mov	r8, r1
	mov	sp, r6
	mov	lr, r7
	msr	cpsr_c, r4
	str	r8, [r3, #12]
	pop	{r4-r8, pc}
