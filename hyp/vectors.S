/*
 * Hyp vectors (HVBAR) and the guest exit/entry paths.
 *
 * While a guest runs, SP_hyp points into its vCPU's bank (at the SP_usr
 * word of struct kvm_regs), so a guest exit saves r0-r12 straight into
 * usr_regs with one push, then LR_usr, the return address and the guest's
 * CPSR beside them. Nothing else is saved here: the guest's banked
 * registers stay in the CPU until the scheduler switches vCPUs.
 */
#include "arch/arm.h"
#include "arch/hsr.h"
#include "asm-offsets.h"

	.arm
	.text

/* The guest's r0-r12 and LR_usr into its bank (sp points there). */
.macro SAVE_GPRS
	push	{r0-r12}			@ sp: &vcpu->usr_regs[13] -> [0]
	str	lr, [sp, #VCPU_LR_USR - VCPU_R0]
.endm

/* Its return address and CPSR, into the bank at \base + \bias. */
.macro SAVE_RETURN base, bias
	mrs	r2, ELR_hyp
	str	r2, [\base, #VCPU_PC + \bias]
	mrs	r2, spsr			@ Hyp's own SPSR
	str	r2, [\base, #VCPU_CPSR + \bias]
.endm

/* r0 = the vCPU (sp still in its bank), sp = this CPU's Hyp stack. */
.macro ON_HYP_STACK
.if VCPU_R0
	sub	r0, sp, #VCPU_R0
.else
	mov	r0, sp
.endif
	mrc	p15, 4, r2, c13, c0, 2		@ HTPIDR: this CPU
	ldr	sp, [r2, #PCPU_STACK_TOP]
.endm

/*
 * A call \fn (r0 = the vCPU, r1 = \arg when given) may answer from the
 * caller's state at once (true): then the guest's return needs no saving
 * (ELR_hyp and SPSR_hyp keep it) and only its r0-r12 are put back.
 * Otherwise its return is saved and the code at \general (the call to
 * handle_hvc, on this CPU's stack, the lock held) takes the call.
 */
.macro ANSWER_AT_ONCE fn, locked, general, arg=
	ON_HYP_STACK
	HYP_LOCK \locked
	mov	r4, r0					@ the vCPU: r4 is saved
.ifnb \arg
	mov	r1, \arg
.endif
	bl	\fn
	cmp	r0, #0
	mov	r0, r4
	beq	7f
	HYP_UNLOCK \locked
	b	guest_resume
7:	SAVE_RETURN r0, 0
	b	\general
.endm

/*
 * Two vector tables from one source. hyp_vectors serves one CPU; with more
 * than one up (hyp/smp.h) each CPU's HVBAR is hyp_vectors_smp, whose exits
 * take hypv7's lock around the C handler and drop it before the guest is
 * entered. A single CPU so pays nothing for the lock.
 */
.macro HYP_VECTORS suffix, locked
	.balign	32
	.global	hyp_vectors\suffix
hyp_vectors\suffix:
	b	hyp_fault_reset			@ reset: never taken in Hyp
	b	hyp_fault_undef			@ undefined instruction in Hyp
	b	hyp_fault_hvc			@ HVC from Hyp itself
	b	hyp_fault_pabt			@ prefetch abort in Hyp
	b	hyp_fault_dabt			@ data abort in Hyp
	b	guest_trap\suffix		@ Hyp trap: every guest exit
	b	guest_irq\suffix			@ IRQ (HCR.IMO routes them here)
	b	hyp_fault_fiq			@ FIQ

guest_trap\suffix:
#ifdef HYPV7_BENCH_FLOOR_FN
	/* Bench images only (make BENCH_IMAGE=1): the benchmark floor, an HVC
	 * answered before anything is saved. Flags are free here: the
	 * guest's live in SPSR_hyp. */
	cmp	r0, #HYPV7_BENCH_FLOOR_FN
	bne	1f
	str	r1, [sp, #VCPU_R0 + 4 - VCPU_SP_USR]	@ r1's own slot
	mrc	p15, 4, r1, c5, c2, 0			@ HSR
	lsr	r1, r1, #HSR_EC_SHIFT
	cmp	r1, #HSR_EC_HVC
	ldr	r1, [sp, #VCPU_R0 + 4 - VCPU_SP_USR]
	bne	1f
	.global	bench_floor_answer\suffix	@ bench/profile's marker
bench_floor_answer\suffix:
	mov	r0, #0
	eret
#endif
1:	SELF_FAST_PATH
	SAVE_GPRS
	mrc	p15, 4, r1, c5, c2, 0			@ HSR
	cmp	r1, #HSR_HVC0				@ HVC's ISS is its immediate
	bne	4f
	sub	r2, r0, #HVC_FN_BASE			@ r0: the function id
	cmp	r2, #HVC_NR_SLOTS
	blo	3f					@ hypv7's own calls
	ANSWER_AT_ONCE hvc_answer_at_once, \locked, 6f
3:	sub	r5, r2, #HVC_NR_GET_ONE_REG		@ GET (0) or SET (1)_ONE_REG?
	cmp	r5, #1					@ (r5, saved, survives the lock)
	bhi	5f
	ANSWER_AT_ONCE one_reg_at_once, \locked, 6f, r5
5:	SAVE_RETURN sp, -VCPU_R0
	ON_HYP_STACK
	HYP_LOCK \locked
6:	bl	handle_hvc			@ returns the vCPU to run
	HYP_UNLOCK \locked
	b	guest_enter
4:	SAVE_RETURN sp, -VCPU_R0
	ON_HYP_STACK
	HYP_LOCK \locked
	bl	handle_guest_trap		@ returns the vCPU to run
	HYP_UNLOCK \locked
	b	guest_enter

guest_irq\suffix:
	SAVE_GPRS
	SAVE_RETURN sp, -VCPU_R0
	ON_HYP_STACK
	HYP_LOCK \locked
	bl	handle_guest_irq
	HYP_UNLOCK \locked
	b	guest_enter
.endm

/*
 * SELF (HVC #0 with r0 = HYPV7_HC(SELF)), the null hypercall, answered
 * before anything is saved: its answer (r1 = the caller's handle) never
 * changes while the vCPU runs, and it needs neither guest memory nor
 * hypv7's lock. Only r1 is borrowed, in its own slot. It takes the general
 * path when the vCPU's timer line is raised (hyp/hypercall.c handle_hvc
 * looks at the timer again then). Flags are free: the guest's are in
 * SPSR_hyp.
 */
.macro SELF_FAST_PATH
	str	r1, [sp, #VCPU_R0 + 4 - VCPU_SP_USR]	@ r1's own slot
	eor	r1, r0, #HVC_FN_BASE			@ r0 = HYPV7_HC(SELF)?
	cmp	r1, #HVC_NR_SELF
	bne	8f
	mrc	p15, 4, r1, c5, c2, 0			@ HSR: HVC #0?
	cmp	r1, #HSR_HVC0
	bne	8f
	ldr	r1, [sp, #VCPU_TIMER_LINE_WORD - VCPU_SP_USR]
	tst	r1, #VCPU_TIMER_LINE_BIT
	bne	8f
	ldr	r1, [sp, #VCPU_HANDLE - VCPU_SP_USR]
	mov	r0, #0
	eret
8:	ldr	r1, [sp, #VCPU_R0 + 4 - VCPU_SP_USR]	@ r1 back: the general path
.endm

/* The guest's registers are all saved by now: r4 is free to keep the
 * vCPU (r0) across the call. */
.macro HYP_LOCK locked
.if \locked
	mov	r4, r0
	bl	hyp_lock_from_exit
	mov	r0, r4
.endif
.endm

.macro HYP_UNLOCK locked
.if \locked
	mov	r4, r0				@ the vCPU to enter
	bl	hyp_unlock_to_guest
	mov	r0, r4
.endif
.endm

	HYP_VECTORS , 0
	HYP_VECTORS _smp, 1

/* void guest_resume(struct vcpu *vcpu): back to the vCPU that trapped, when
 * only its r0-r12 changed (ELR_hyp and SPSR_hyp still hold its return). */
guest_resume:
	add	sp, r0, #VCPU_SP_USR		@ where the next exit saves to
	ldr	lr, [r0, #VCPU_LR_USR]		@ Hyp's C code used LR_usr
.if VCPU_R0
	add	r0, r0, #VCPU_R0
.endif
	ldm	r0, {r0-r12}
	eret

/* void guest_enter(struct vcpu *vcpu): restore its core registers and run. */
	.global	guest_enter
guest_enter:
	add	sp, r0, #VCPU_SP_USR		@ where the next exit saves to
	ldr	r1, [r0, #VCPU_PC]
	msr	ELR_hyp, r1
	ldr	r1, [r0, #VCPU_CPSR]
	msr	spsr_cxsf, r1			@ Hyp's own SPSR
	ldr	lr, [r0, #VCPU_LR_USR]
.if VCPU_R0
	add	r0, r0, #VCPU_R0
.endif
	ldm	r0, {r0-r12}
	eret

/* A fault in Hyp itself is a hypv7 bug: report it with the kind. */
.macro HYP_FAULT name, kind
\name:
	push	{r0-r12, lr}
	mov	r0, #\kind
	mov	r1, sp
	mrs	r2, ELR_hyp
	bl	hyp_panic_exception
.endm
	HYP_FAULT hyp_fault_reset, 0
	HYP_FAULT hyp_fault_undef, 1
	HYP_FAULT hyp_fault_hvc, 2
	HYP_FAULT hyp_fault_pabt, 3
	HYP_FAULT hyp_fault_dabt, 4
	HYP_FAULT hyp_fault_fiq, 7
