/*
 * Where a vCPU powered on by guest_cpu_on() (smp.c) starts, and the MMU
 * switch-on that it and crt0 (through guest_mmu_enable(), mmu.c) share.
 *
 * PSCI CPU_ON enters in SVC, A/I/F masked, MMU and caches off, r0 = the
 * context id. Until its caches are on this code writes no memory (a
 * previous life of this vCPU may have left lines of its stacks in a cache,
 * which non-cacheable writes would go around) and uses no stack: the entry
 * registers wait in r4-r6.
 */
#include "smp.h"

    .syntax unified
    .arm
    .fpu neon-vfpv4

    .include "modes.inc"

    .equ SCTLR_M, (1 << 0)
    .equ SCTLR_A, (1 << 1)
    .equ SCTLR_C, (1 << 2)
    .equ SCTLR_I, (1 << 12)
    .equ SCTLR_TRE, (1 << 28)
    .equ SCTLR_AFE, (1 << 29)
    .equ DACR_D0_CLIENT, 1

/*
 * void guest_mmu_start(const uint32_t *l1)
 * The MMU on with the short-descriptor table l1 (TTBR0 alone, walks
 * non-cacheable, domain 0 client); SCTLR's A, C, TRE and AFE cleared.
 * Uses r0-r1 only and no stack.
 */
    .section .text.guest_mmu_start, "ax", %progbits
    .global guest_mmu_start
    .type guest_mmu_start, %function
guest_mmu_start:
    dsb                                 /* table writes before the walk */
    mov     r1, #0
    mcr     p15, 0, r1, c2, c0, 2       /* TTBCR = 0: TTBR0 only, short */
    mcr     p15, 0, r0, c2, c0, 0       /* TTBR0 */
    mov     r1, #DACR_D0_CLIENT
    mcr     p15, 0, r1, c3, c0, 0       /* DACR */
    mov     r1, #0
    mcr     p15, 0, r1, c8, c7, 0       /* TLBIALL */
    dsb
    isb
    mrc     p15, 0, r1, c1, c0, 0
    bic     r1, r1, #(SCTLR_A | SCTLR_C)
    bic     r1, r1, #(SCTLR_TRE | SCTLR_AFE)
    orr     r1, r1, #SCTLR_M
    mcr     p15, 0, r1, c1, c0, 0
    isb
    bx      lr
    .size guest_mmu_start, . - guest_mmu_start

    .section .text.guest_secondary_entry, "ax", %progbits
    .global guest_secondary_entry
    .type guest_secondary_entry, %function
guest_secondary_entry:
    mov     r4, r0                      /* context id */
    mrs     r5, cpsr
    mrc     p15, 0, r6, c1, c0, 0       /* SCTLR */
    mrc     p15, 0, r7, c0, c0, 5       /* MPIDR */
    and     r7, r7, #GUEST_MPIDR_AFF0_MASK
    cmp     r7, #GUEST_MAX_CPUS
    bhs     park                        /* no stacks for it */

    ldr     r0, =guest_vectors
    mcr     p15, 0, r0, c12, c0, 0      /* VBAR */

    mrc     p15, 0, r0, c1, c0, 2       /* CPACR */
    orr     r0, r0, #CPACR_CP10_CP11_FULL
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #FPEXC_EN
    vmsr    fpexc, r0

    /* vCPU 0's tables (built by crt0 with the caches off: in memory). */
    ldr     r0, =guest_l1_table
    bl      guest_mmu_start
    mov     r0, #0
    mcr     p15, 0, r0, c7, c5, 0       /* ICIALLU */
    dsb
    isb
    mrc     p15, 0, r0, c1, c0, 0
    orr     r0, r0, #SCTLR_C
    orr     r0, r0, #SCTLR_I
    mcr     p15, 0, r0, c1, c0, 0
    isb

    /* Stacks: this vCPU's block, SVC at its top, then IRQ, ABT, UND, FIQ. */
    ldr     r0, =guest_smp_stacks
    ldr     r1, =GUEST_SMP_STACK_BLOCK
    mla     r0, r7, r1, r0
    add     r0, r0, r1                  /* top of the block */
    sub     r1, r0, #GUEST_SMP_SVC_STACK
    cps     #MODE_IRQ
    mov     sp, r1
    sub     r1, r1, #GUEST_SMP_EXC_STACK
    cps     #MODE_ABT
    mov     sp, r1
    sub     r1, r1, #GUEST_SMP_EXC_STACK
    cps     #MODE_UND
    mov     sp, r1
    sub     r1, r1, #GUEST_SMP_EXC_STACK
    cps     #MODE_FIQ
    mov     sp, r1
    cps     #MODE_SVC
    mov     sp, r0

    mov     r0, r7                      /* index */
    mov     r1, r4                      /* context id */
    mov     r2, r5                      /* CPSR */
    mov     r3, r6                      /* SCTLR */
    bl      guest_secondary_main        /* does not return */
park:
    wfi
    b       park
    .size guest_secondary_entry, . - guest_secondary_entry
    .ltorg
