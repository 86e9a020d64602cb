/*
 * The parts of the save/restore worker (sr_worker.c) that must be
 * assembly: the compute loop that keeps every D register live, the visits
 * to the exception modes that carry values in their banked registers, and
 * the worker's own exception vectors.
 */
    .syntax unified
    .arm
    .fpu neon-vfpv4

    .include "modes.inc"
    .equ CPSR_I, 0x80
    .equ GOLDEN, 0x9e3779b1

    .equ CNTV_ENABLE, 1
    .equ CNTV_IMASK, 2
    .equ CNTV_ISTATUS, 4

    .equ UDF_MASK, 0xfff000f0
    .equ UDF_BITS, 0xe7f000f0

    .text

/*
 * uint32_t sr_compute(struct sr_vstate *v, uint32_t iters, uint32_t acc)
 * Loads D0-D31 and FPSCR from *v, runs `iters` rounds of integer and NEON
 * mixing (and updates TPIDRURW every round), stores them back, returns the
 * new acc. Between sr_compute_begin and sr_compute_end every D register,
 * FPSCR and TPIDRURW hold live values that decide the result.
 */
    .global sr_compute, sr_compute_begin, sr_compute_end
    .type sr_compute, %function
sr_compute:
    push    {r4-r6, lr}
    ldr     r3, [r0, #256]              /* fpscr */
    vmsr    fpscr, r3
    vldmia  r0, {d0-d15}
    add     r3, r0, #128
    vldmia  r3, {d16-d31}
    movw    r4, #:lower16:GOLDEN
    movt    r4, #:upper16:GOLDEN
sr_compute_begin:
1:  mul     r2, r2, r4
    add     r2, r2, r1
    mrc     p15, 0, r5, c13, c0, 2      /* TPIDRURW: carried in the CPU */
    eor     r5, r5, r2, ror #7
    add     r5, r5, #1
    mcr     p15, 0, r5, c13, c0, 2
    vadd.i32 q0, q0, q15
    veor    q1, q1, q0
    vadd.i32 q2, q2, q1
    veor    q3, q3, q2
    vmul.i32 q4, q4, q3
    vadd.i32 q5, q5, q4
    veor    q6, q6, q5
    vqadd.s32 q7, q7, q6                /* saturating: sets FPSCR.QC */
    veor    q7, q7, q0                  /* so a saturated q7 does not stay put */
    vadd.i32 q8, q8, q7
    veor    q9, q9, q8
    vadd.i32 q10, q10, q9
    veor    q11, q11, q10
    vshl.i32 q12, q11, #3
    vsra.u32 q12, q11, #29
    vadd.i32 q13, q13, q12
    veor    q14, q14, q13
    vadd.i32 q15, q15, q14
    vorr    q15, q15, q15
    vadd.f64 d30, d30, d28               /* rounding follows FPSCR.RMode */
    vmov    r3, r6, d0
    eor     r2, r2, r3
    add     r2, r2, r6, ror #13
    add     r2, r2, r5
    subs    r1, r1, #1
    bne     1b
sr_compute_end:
    vstmia  r0, {d0-d15}
    add     r3, r0, #128
    vstmia  r3, {d16-d31}
    vmrs    r3, fpscr
    str     r3, [r0, #256]
    mov     r0, r2
    pop     {r4-r6, pc}
    .size sr_compute, . - sr_compute

/*
 * uint32_t sr_visit_fold(uint32_t acc): folds SP, LR and SPSR of IRQ, ABT,
 * UND and FIQ mode and r8-r12 of FIQ mode into acc (IRQs stay masked).
 */
    .macro fold reg
    mul     r0, r0, r2
    add     r0, r0, \reg
    .endm

    .macro fold_mode mode
    cps     #\mode
    mov     r1, sp
    fold    r1
    fold    lr
    mrs     r1, spsr
    fold    r1
    .endm

    .global sr_visit_fold
    .type sr_visit_fold, %function
sr_visit_fold:
    push    {r4-r8, lr}
    movw    r2, #:lower16:GOLDEN
    movt    r2, #:upper16:GOLDEN
    fold_mode MODE_IRQ
    fold_mode MODE_ABT
    fold_mode MODE_UND
    cps     #MODE_FIQ
    mov     r1, sp
    fold    r1
    fold    lr
    mrs     r1, spsr
    fold    r1
    fold    r8
    fold    r9
    fold    r10
    fold    r11
    fold    r12
    cps     #MODE_SVC
    pop     {r4-r8, pc}
    .size sr_visit_fold, . - sr_visit_fold

/*
 * void sr_visit_set(const struct sr_banked *b): writes new SP/LR/SPSR of
 * IRQ, ABT, UND, FIQ and r8-r12 of FIQ from *b, in the order of the
 * struct: irq sp lr spsr, abt ..., und ..., fiq sp lr spsr r8..r12.
 */
    .macro set_mode mode
    cps     #\mode
    ldmia   r0!, {r1, r2, r3}
    mov     sp, r1
    mov     lr, r2
    msr     spsr_fsxc, r3
    .endm

    .global sr_visit_set
    .type sr_visit_set, %function
sr_visit_set:
    push    {r4-r8, lr}
    set_mode MODE_IRQ
    set_mode MODE_ABT
    set_mode MODE_UND
    set_mode MODE_FIQ
    ldmia   r0, {r8-r12}
    cps     #MODE_SVC
    pop     {r4-r8, pc}
    .size sr_visit_set, . - sr_visit_set

/* Deliberate undefined instructions (the UND handler skips them). */
    .global sr_take_und
    .type sr_take_und, %function
sr_take_und:
    udf     #0x5a
    udf     #0xa5
    bx      lr
    .size sr_take_und, . - sr_take_und

/* uint32_t sr_take_abort(const volatile uint32_t *unmapped): the load
 * faults; the ABT handler skips it, so r0 comes back as it was. */
    .global sr_take_abort
    .type sr_take_abort, %function
sr_take_abort:
    mov     r1, r0
    ldr     r0, [r1]
    mov     r0, r1
    bx      lr
    .size sr_take_abort, . - sr_take_abort

/*
 * The worker's vectors. Handlers keep the interrupted registers (they push
 * onto the mode's own SP, whose carried value points into its stack) and
 * count what they saw in sr_exc (sr_worker.c).
 */
    .section .text.sr_vectors, "ax", %progbits
    .balign 32
    .global sr_vectors
sr_vectors:
    b       sr_bad_exception            /* reset */
    b       sr_und
    b       sr_bad_exception            /* svc */
    b       sr_bad_exception            /* prefetch abort */
    b       sr_dabt
    b       sr_bad_exception
    b       sr_irq
    b       sr_bad_exception            /* fiq */

/* struct sr_exc offsets (sr_worker.c) */
    .equ EXC_UND, 0
    .equ EXC_ABT, 4
    .equ EXC_IRQ, 8
    .equ EXC_SPURIOUS, 12
    .equ EXC_ACC, 16
    .equ EXC_TRAP_VA, 20
    .equ EXC_ERROR, 24
    .equ EXC_ERROR_PC, 28

sr_und:
    push    {r0-r3}
    ldr     r3, =sr_exc
    ldr     r0, [lr, #-4]               /* the instruction (ARM state) */
    ldr     r1, =UDF_MASK
    and     r1, r0, r1
    ldr     r2, =UDF_BITS
    cmp     r1, r2
    bne     sr_unexpected_und
    ldr     r1, [r3, #EXC_UND]
    add     r1, r1, #1
    str     r1, [r3, #EXC_UND]
    ldr     r1, [r3, #EXC_ACC]
    add     r1, r0, r1, ror #5          /* the instruction word */
    mrs     r2, spsr
    eor     r1, r1, r2
    str     r1, [r3, #EXC_ACC]
    pop     {r0-r3}
    movs    pc, lr                      /* to the next instruction */

sr_dabt:
    push    {r0-r3}
    ldr     r3, =sr_exc
    mrc     p15, 0, r0, c6, c0, 0       /* DFAR */
    ldr     r1, [r3, #EXC_TRAP_VA]
    cmp     r0, r1
    bne     sr_unexpected_abort
    ldr     r1, [r3, #EXC_ABT]
    add     r1, r1, #1
    str     r1, [r3, #EXC_ABT]
    mrc     p15, 0, r2, c5, c0, 0       /* DFSR: which fault, read or write */
    ldr     r1, [r3, #EXC_ACC]
    add     r1, r2, r1, ror #5
    eor     r1, r1, r0
    mrs     r2, spsr
    add     r1, r1, r2
    str     r1, [r3, #EXC_ACC]
    pop     {r0-r3}
    subs    pc, lr, #4                  /* skip the faulting load */

sr_irq:
    push    {r0-r3}
    ldr     r3, =sr_exc
    mrc     p15, 0, r0, c14, c3, 1      /* CNTV_CTL */
    and     r1, r0, #(CNTV_ENABLE | CNTV_IMASK | CNTV_ISTATUS)
    cmp     r1, #(CNTV_ENABLE | CNTV_ISTATUS)
    ldrne   r1, [r3, #EXC_SPURIOUS]
    addne   r1, r1, #1
    strne   r1, [r3, #EXC_SPURIOUS]
    bne     1f
    ldr     r1, [r3, #EXC_IRQ]
    add     r1, r1, #1
    str     r1, [r3, #EXC_IRQ]
    mov     r0, #(CNTV_ENABLE | CNTV_IMASK)   /* the line drops */
    mcr     p15, 0, r0, c14, c3, 1
    isb
1:  mrs     r0, spsr                    /* return with IRQs masked: no second */
    orr     r0, r0, #CPSR_I             /* entry before hypv7 sees the line drop */
    msr     spsr_fsxc, r0
    pop     {r0-r3}
    subs    pc, lr, #4

sr_unexpected_und:
    mov     r0, #2                      /* SR_ERR_UNEXPECTED_UND */
    b       sr_fatal_common
sr_unexpected_abort:
    mov     r0, #1                      /* SR_ERR_UNEXPECTED_ABORT */
    b       sr_fatal_common
sr_bad_exception:
    mov     r0, #3                      /* SR_ERR_BAD_EXCEPTION */
sr_fatal_common:
    ldr     r3, =sr_exc
    str     r0, [r3, #EXC_ERROR]
    str     lr, [r3, #EXC_ERROR_PC]
    cps     #MODE_SVC
    b       sr_fatal                    /* C: report and power off */
    .ltorg
