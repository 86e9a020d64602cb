/*
 * uint32_t smp_work(uint32_t seed, uint32_t iters): the SMP timing tests'
 * workload (smp_work.h). Registers only, no memory: its time is the CPU's
 * alone. Bounded by smp_work_begin / smp_work_end, so a control VM can
 * tell a PC inside it.
 */
    .syntax unified
    .arm

    .section .text.smp_work, "ax", %progbits
    .global smp_work, smp_work_begin, smp_work_end
    .type smp_work, %function
smp_work:
smp_work_begin:
    cmp     r0, #0
    moveq   r0, #1                      /* xorshift never leaves 0 */
    cmp     r1, #0
    moveq   r1, #1
    mov     r2, #0                      /* the fold */
1:  eor     r0, r0, r0, lsl #13
    eor     r0, r0, r0, lsr #17
    eor     r0, r0, r0, lsl #5
    add     r2, r0, r2, ror #7
    subs    r1, r1, #1
    bne     1b
    eor     r0, r0, r2
    bx      lr
smp_work_end:
    .size smp_work, . - smp_work
