/*
 * fuzz_hvc(struct fuzz_hvc_regs *c): one HVC #0 with every general register
 * chosen by the fuzzer, and every register recorded after it, so the
 * oracle can check SMCCC's promise that r4-r14 (and SP) come back as they
 * went in (docs/abi.md 1). The layout is struct fuzz_hvc_regs in
 * fuzz_calls.h: in[0..12] = r0-r12, in[13] = lr; out[] the same after the
 * call; then the SP the call saw and the SP it returned.
 */
    .syntax unified
    .arm
    .arch_extension virt

    .equ FUZZ_HVC_REGS, 14
    .equ IN_LR, 13 * 4
    .equ OUT, FUZZ_HVC_REGS * 4
    .equ SP_IN, 2 * FUZZ_HVC_REGS * 4
    .equ SP_OUT, SP_IN + 4
    .equ PUSHED_AFTER, FUZZ_HVC_REGS * 4   /* r0-r12, lr pushed after the call */

    .text
    .global fuzz_hvc
    .type fuzz_hvc, %function
fuzz_hvc:
    push    {r4-r11, lr}
    push    {r0}                        /* the struct, for after the call */
    str     sp, [r0, #SP_IN]
    ldr     lr, [r0, #IN_LR]
    ldm     r0, {r0-r12}
    hvc     #0
    push    {r0-r12, lr}
    ldr     r0, [sp, #PUSHED_AFTER]
    add     r1, sp, #PUSHED_AFTER       /* SP as the call returned it */
    str     r1, [r0, #SP_OUT]
    add     r0, r0, #OUT
    pop     {r1-r7}
    stmia   r0!, {r1-r7}
    pop     {r1-r7}
    stmia   r0!, {r1-r7}
    pop     {r0}
    pop     {r4-r11, pc}
    .size fuzz_hvc, . - fuzz_hvc
