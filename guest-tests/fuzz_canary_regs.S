/*
 * fuzz_canary_hold(want, got, spins): the canary's register check. Loads
 * every register a world switch must carry from `want` (struct canary_regs
 * in fuzz_canary.c): D0-D31 and FPSCR, the banked registers of the other
 * modes (SP and LR of User, LR and SPSR of IRQ, ABT and UND, the SVC SPSR,
 * r8-r12, LR and SPSR of FIQ) and r0-r12; then gives the CPU away (WFI),
 * spins `spins` times (a chance to be preempted), gives it away again, and
 * stores what the registers hold into `got`. The C side compares.
 */
    .syntax unified
    .arm
    .arch_extension virt
    .fpu neon-vfpv4

    .equ OFF_D16, 128
    .equ OFF_R, 256
    .equ OFF_BANKED, 308               /* 9 words, then the FIQ bank's 7 */
    .equ OFF_FIQ, OFF_BANKED + 36
    .equ OFF_FPSCR, 372
    .equ CORE_BYTES, 52                /* r0-r12 */
    .equ SAVED_GOT, 0                  /* on the stack: got, spins, FPSCR */
    .equ SAVED_SPINS, 4

    .text
    .global fuzz_canary_hold
    .type fuzz_canary_hold, %function
fuzz_canary_hold:
    push    {r4-r11, lr}
    vpush   {d8-d15}
    vmrs    r3, fpscr
    push    {r1, r2, r3}

    add     r3, r0, #OFF_BANKED
    ldm     r3, {r4-r12}
    msr     SP_usr, r4
    msr     LR_usr, r5
    msr     LR_irq, r6
    msr     SPSR_irq, r7
    msr     LR_abt, r8
    msr     SPSR_abt, r9
    msr     LR_und, r10
    msr     SPSR_und, r11
    msr     spsr_cxsf, r12
    add     r3, r0, #OFF_FIQ
    ldm     r3, {r4-r10}
    msr     R8_fiq, r4
    msr     R9_fiq, r5
    msr     R10_fiq, r6
    msr     R11_fiq, r7
    msr     R12_fiq, r8
    msr     LR_fiq, r9
    msr     SPSR_fiq, r10

    vldmia  r0, {d0-d15}
    add     r3, r0, #OFF_D16
    vldmia  r3, {d16-d31}
    ldr     r3, [r0, #OFF_FPSCR]
    vmsr    fpscr, r3

    add     r0, r0, #OFF_R
    ldm     r0, {r0-r12}
    wfi
    ldr     lr, [sp, #SAVED_SPINS]
1:  subs    lr, lr, #1
    bne     1b
    wfi

    push    {r0-r12}
    ldr     r0, [sp, #CORE_BYTES + SAVED_GOT]
    add     r1, r0, #OFF_R
    pop     {r2-r8}
    stmia   r1!, {r2-r8}
    pop     {r2-r7}
    stmia   r1!, {r2-r7}
    vstmia  r0, {d0-d15}
    add     r1, r0, #OFF_D16
    vstmia  r1, {d16-d31}
    vmrs    r1, fpscr
    str     r1, [r0, #OFF_FPSCR]
    mrs     r4, SP_usr
    mrs     r5, LR_usr
    mrs     r6, LR_irq
    mrs     r7, SPSR_irq
    mrs     r8, LR_abt
    mrs     r9, SPSR_abt
    mrs     r10, LR_und
    mrs     r11, SPSR_und
    mrs     r12, spsr
    add     r1, r0, #OFF_BANKED
    stm     r1, {r4-r12}
    mrs     r4, R8_fiq
    mrs     r5, R9_fiq
    mrs     r6, R10_fiq
    mrs     r7, R11_fiq
    mrs     r8, R12_fiq
    mrs     r9, LR_fiq
    mrs     r10, SPSR_fiq
    add     r1, r0, #OFF_FIQ
    stm     r1, {r4-r10}

    pop     {r1, r2, r3}
    vmsr    fpscr, r3
    vpop    {d8-d15}
    pop     {r4-r11, pc}
    .size fuzz_canary_hold, . - fuzz_canary_hold
