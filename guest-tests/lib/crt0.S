/*
 * Entry of every hypv7 guest program.
 *
 * hypv7 enters a VM in Non-secure SVC with the MMU and caches off. Before any
 * register or system state is changed, the entry registers, CPSR, SCTLR and
 * the PC _start really ran at are recorded, so tests can check the entry
 * contract. Then: exception vectors, per-mode stacks, VFP/NEON (newlib's
 * hard-float code may touch it), .bss, an identity MMU map (see mmu.c),
 * constructors, main, exit.
 */
    .syntax unified
    .arm
    .fpu neon-vfpv4

    .include "modes.inc"
#include "smp.h"


    .section .text.start, "ax", %progbits
    .global _start
    .type _start, %function
_start:
    /* r3-r12 carry nothing at entry, so they are the scratch registers. */
    ldr     r4, =guest_entry_r0
    stmia   r4!, {r0, r1, r2}           /* r0, r1, r2: consecutive words */
    mrs     r5, cpsr
    mrc     p15, 0, r6, c1, c0, 0       /* SCTLR */
    adr     r7, _start                  /* PC-relative: where we really run */
    stmia   r4, {r5, r6, r7}            /* cpsr, sctlr, pc */

    ldr     r0, =guest_vectors
    mcr     p15, 0, r0, c12, c0, 0      /* VBAR */

    /* Exception-mode stacks first, SVC last: we stay in SVC. */
    cps     #MODE_IRQ
    ldr     sp, =__stack_irq_top
    cps     #MODE_ABT
    ldr     sp, =__stack_abt_top
    cps     #MODE_UND
    ldr     sp, =__stack_und_top
    cps     #MODE_FIQ
    ldr     sp, =__stack_fiq_top
    cps     #MODE_SVC
    ldr     sp, =__stack_svc_top

    mrc     p15, 0, r0, c1, c0, 2       /* CPACR */
    orr     r0, r0, #CPACR_CP10_CP11_FULL
    mcr     p15, 0, r0, c1, c0, 2
    isb                                 /* CPACR write must land before VFP use */
    mov     r0, #FPEXC_EN
    vmsr    fpexc, r0

    ldr     r0, =__bss_start__
    ldr     r1, =__bss_end__
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b

    bl      guest_mmu_enable
    bl      __libc_init_array
    mov     r0, #0                      /* argc */
    mov     r1, #0                      /* argv */
    bl      main
    bl      exit
2:  wfi                                 /* exit does not return; be safe */
    b       2b
    .size _start, . - _start
    .ltorg

/*
 * Exception vectors. A guest test never expects an exception of its own, so
 * each one reports itself and ends the program (see guest_exception()),
 * except an IRQ on a vCPU that has set an IRQ handler (guest.h).
 */
    .section .text.vectors, "ax", %progbits
    .balign 32
    .global guest_vectors               /* smp_entry.S sets them too */
guest_vectors:
    b       vec_reset
    b       vec_und
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       vec_reset                   /* unused slot */
    b       vec_irq
    b       vec_fiq

    .macro exception_entry name, kind, lr_adjust
\name:
    sub     r1, lr, #\lr_adjust         /* address of the faulting instruction */
    mov     r0, #\kind
    b       guest_exception
    .endm

    /* kind numbers index exception_names[] in exceptions.c; the address is
       exact for ARM code and off by 2 for some Thumb (newlib) cases */
    exception_entry vec_reset, 0, 0
    exception_entry vec_und,   1, 4
    exception_entry vec_svc,   2, 4
    exception_entry vec_pabt,  3, 4
    exception_entry vec_dabt,  4, 8
    exception_entry vec_fiq,   6, 4

/*
 * IRQ: the handler of this vCPU (guest_irq_handlers[MPIDR.Aff0], set by
 * guest_set_irq_handler()), called with the AAPCS caller-saved state kept:
 * r0-r3, r12, lr and the VFP registers a C function may change (D0-D7,
 * D16-D31, FPSCR). 6 + 2 words and 24 D registers: SP stays 8-aligned.
 */
vec_irq:
    sub     lr, lr, #4                  /* where to return */
    push    {r0-r3, r12, lr}
    mrc     p15, 0, r0, c0, c0, 5       /* MPIDR */
    and     r0, r0, #GUEST_MPIDR_AFF0_MASK
    cmp     r0, #GUEST_MAX_CPUS
    bhs     1f
    ldr     r1, =guest_irq_handlers
    ldr     r1, [r1, r0, lsl #2]
    cmp     r1, #0
    beq     1f
    vpush   {d0-d7}
    vpush   {d16-d31}
    vmrs    r2, fpscr
    push    {r2, r3}
    blx     r1
    pop     {r2, r3}
    vmsr    fpscr, r2
    vpop    {d16-d31}
    vpop    {d0-d7}
    ldmfd   sp!, {r0-r3, r12, pc}^      /* return, SPSR to CPSR */
1:  pop     {r0-r3, r12, lr}            /* no handler: report it */
    mov     r1, lr
    mov     r0, #5
    b       guest_exception
    .ltorg

/* The entry record; in .data so clearing .bss leaves it alone. */
    .data
    .balign 4
    .global guest_entry_r0, guest_entry_r1, guest_entry_r2
    .global guest_entry_cpsr, guest_entry_sctlr, guest_entry_pc
guest_entry_r0:     .word 0xdeadbeef
guest_entry_r1:     .word 0xdeadbeef
guest_entry_r2:     .word 0xdeadbeef
guest_entry_cpsr:   .word 0xdeadbeef
guest_entry_sctlr:  .word 0xdeadbeef
guest_entry_pc:     .word 0xdeadbeef
