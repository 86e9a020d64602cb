/*
 * The hostile VM's actions (fuzz_actions.def): each fz_act_<name> does one
 * thing a guest should not get away with, or that hypv7 must emulate
 * exactly, and returns 0 if it ran to its end and found nothing wrong
 * (non-zero: what it found, or that it should have stopped). The label
 * fz_act_<name>_at is the instruction where it should stop (0: anywhere),
 * which VM 0 compares with the PC of hypv7's report.
 *
 * Also the VM's own exception vectors: an exception ends the action too
 * (fuzz_hostile_exception() in fuzz_hostile.c).
 */
    .syntax unified
    .arm
    .arch_extension sec
    .arch_extension virt
    .fpu neon-vfpv4

    .equ UART, 0x09000000
    .equ UART_FR, 0x09000018
    .equ UART_NEXT_PAGE, 0x09001000
    .equ UART_LAST_WORD, 0x09000ffc
    .equ UNMAPPED, 0x20000000          /* neither RAM nor a device */
    .equ GICD, 0x08000000
    .equ GICD_TYPER, GICD + 0x004
    .equ GICD_IIDR, GICD + 0x008
    .equ GICD_ISENABLER, GICD + 0x100
    .equ GICD_UNALIGNED, GICD + 0x101
    .equ GICD_SPAN, 0x1000
    .equ GICC, 0x08010000
    .equ GICC_IIDR, GICC + 0x0fc
    .equ GICC_PAST_GICV, GICC + 0x2000 /* past GICV's two pages */
    .equ GIC_BEYOND, GICC + 0x10000    /* past the CPU interface's window */
    .equ SCRIBBLE_SEED, 0x9e3779b9
    .equ LCG_MUL, 0x0019660d
    .equ ABOVE_RAM, 0x41000000         /* VM 1 has 16 MiB at 0x40000000 */
    .equ UNALIGNED_UART, UART + 1
    .equ PSCI_CPU_SUSPEND, 0x84000001
    .equ PSCI_CPU_OFF, 0x84000002
    .equ PSCI_SYSTEM_OFF, 0x84000008
    .equ PSCI_SYSTEM_RESET, 0x84000009
    .equ HC_VCPU_PAUSE, 0x86000020
    .equ OWN_HANDLE, 0x00010000        /* VM 1, vCPU 0 */
    .equ SMCCC_VERSION, 0x80000000
    .equ SMCCC_VERSION_1_1, 0x00010001
    .equ HC_BASE, 0x86000000
    .equ MODE_MASK, 0x1f
    .equ MODE_USR, 0x10
    .equ MODE_SVC, 0x13
    .equ MODE_MON, 0x16
    .equ MODE_HYP, 0x1a
    .equ MODE_SYS, 0x1f
    .equ SPSR_MASKED, 0x1c0            /* A, I, F */
    .equ ARM_IT_BITS, 0x0600fc00
    .equ CPACR_CP10_CP11, 0x00f00000
    .equ CPACR_ASEDIS, 0x80000000
    .equ CPACR_D32DIS, 0x40000000
    .equ FPEXC_EN, 0x40000000
    .equ FPEXC_EN_EX, 0xc0000000
    .equ NZCV, 0xf0000000
    .equ FR_RXFE_TXFF, 0x30
    .equ FR_RXFE, 0x10
    .equ COND_MARK, 0x5a
    .equ WFX_ROUNDS, 100
    .equ NEWLINE, 10
    .equ MARK_CHAR, 35                 /* '#' */
    .equ NOT_STOPPED, 1                /* returned: it should have stopped */

    .macro action name
    .text
    .balign 4
    .global fz_act_\name
    .type fz_act_\name, %function
fz_act_\name:
    .endm

    /* The next instruction is where it should stop. */
    .macro stop_here name
    .global fz_act_\name\()_at
fz_act_\name\()_at:
    .endm

    /* It stops at `addr` (0: anywhere). */
    .macro stop_at name, addr
    .global fz_act_\name\()_at
    .set fz_act_\name\()_at, \addr
    .endm

    /* An action that is one instruction which must stop the VM. */
    .macro one_insn name, insn:vararg
    action \name
    stop_here \name
    \insn
    mov     r0, #NOT_STOPPED
    bx      lr
    .endm

    /* One instruction that may also run (then 0: nothing wrong). */
    .macro may_run name, insn:vararg
    action \name
    stop_here \name
    \insn
    mov     r0, #0
    bx      lr
    .endm

    /* One read that must give 0 (r0 starts all ones): returns what it read. */
    .macro reads_zero name, insn:vararg
    action \name
    mvn     r0, #0
    stop_here \name
    \insn
    bx      lr
    .endm

    /* One instruction that must stop the VM, with r1 = addr first. */
    .macro at_addr name, addr, insn:vararg
    action \name
    ldr     r1, =\addr
    stop_here \name
    \insn
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg
    .endm

/* ------------------------------------------------------------ instructions */

    one_insn udf, .inst 0xe7f000f0

    /* Exception-generating instructions (an immediate does not pass
     * through one_insn whole). */
    .macro with_imm name, insn, imm
    action \name
    stop_here \name
    \insn    #\imm
    mov     r0, #NOT_STOPPED
    bx      lr
    .endm

    with_imm smc, smc, 0
    with_imm hvc_imm_ffff, hvc, 0xffff
    with_imm svc, svc, 0
    with_imm bkpt, bkpt, 0

    action smc_cond_fail
    cmp     r0, r0
    stop_here smc_cond_fail
    smcne   #0
    mov     r0, #0
    bx      lr

    action hvc_imm1
    ldr     r0, =HC_BASE
    stop_here hvc_imm1
    hvc     #1
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg

/* ------------------------------------------------------------ coprocessors */

    may_run cp15_impdef, mrc p15, 0, r0, c15, c0, 0
    may_run cp15_l2ectlr, mrc p15, 1, r0, c9, c0, 3
    one_insn cp7, mrc p7, 0, r0, c0, c0, 0
    one_insn cntp_ctl, mcr p15, 0, r0, c14, c2, 1
    /* CP14 (debug, trace): read as zero, writes ignored. */
    reads_zero trace_reg, mrc p14, 1, r0, c0, c0, 0
    reads_zero dbg_bvr, mrc p14, 0, r0, c0, c0, 4
    may_run dbg_dscr_write, mcr p14, 0, r0, c0, c2, 2
    may_run dbg_oslar, mcr p14, 0, r0, c1, c0, 4
    reads_zero dbg_drar, mrc p14, 0, r0, c1, c0, 0

    action cp15_mcrr_unknown
    stop_here cp15_mcrr_unknown
    mcrr    p15, 5, r0, r1, c15
    mov     r0, #0
    bx      lr

    action cp7_cpacr_all
    mrc     p15, 0, r1, c1, c0, 2
    mvn     r2, #0
    mcr     p15, 0, r2, c1, c0, 2
    isb
    stop_here cp7_cpacr_all
    mrc     p7, 0, r0, c0, c0, 0
    mcr     p15, 0, r1, c1, c0, 2
    isb
    mov     r0, #NOT_STOPPED
    bx      lr

    /* ACTLR traps (HCR.TAC); hypv7 ignores the write: it reads as before. */
    action actlr_write
    mrc     p15, 0, r1, c1, c0, 1
    mvn     r2, r1
    stop_here actlr_write
    mcr     p15, 0, r2, c1, c0, 1
    mrc     p15, 0, r0, c1, c0, 1
    eor     r0, r0, r1
    bx      lr

    action mcr_actlr_pc
    mrc     p15, 0, r1, c1, c0, 1
    stop_here mcr_actlr_pc
    .inst   0xee01ff30                 /* mcr p15, 0, pc, c1, c0, 1 */
    mrc     p15, 0, r0, c1, c0, 1
    eor     r0, r0, r1
    bx      lr

    /* Rt = 15 of an MRC names APSR_nzcv: the top four bits of the value go
     * to the flags, from either starting value; the PC is not written. */
    .macro mrc_to_flags name, op1, crn, crm, op2
    action \name
    mrc     p15, \op1, r1, \crn, \crm, \op2      /* the value, plainly */
    and     r1, r1, #NZCV
    msr     APSR_nzcvq, #0
    stop_here \name
    mrc     p15, \op1, APSR_nzcv, \crn, \crm, \op2
    mrs     r2, APSR
    and     r2, r2, #NZCV
    eor     r0, r2, r1
    mvn     r3, r1
    and     r3, r3, #NZCV
    msr     APSR_nzcvq, r3
    mrc     p15, \op1, APSR_nzcv, \crn, \crm, \op2
    mrs     r2, APSR
    and     r2, r2, #NZCV
    eor     r2, r2, r1
    orr     r0, r0, r2
    bx      lr
    .endm

    mrc_to_flags mrc_apsr, 1, c9, c0, 2         /* L2CTLR (HCR.TIDCP) */
    mrc_to_flags mrc_apsr_actlr, 0, c1, c0, 1   /* ACTLR (HCR.TAC) */

    /* A trapped MRC whose condition fails must not write its register. */
    action mrc_cond_fail
    mov     r0, #COND_MARK
    cmp     r0, r0
    stop_here mrc_cond_fail
    mrcne   p15, 0, r0, c1, c0, 1
    sub     r0, r0, #COND_MARK
    bx      lr

    /* In an IT block: the trapped MRC runs, hypv7 moves ITSTATE on, the
     * MOV of the other arm does not run. */
    action mrc_thumb_it
    adr     r12, mrc_thumb_it_t + 1
    bx      r12
    stop_at mrc_thumb_it, 0
    .thumb
mrc_thumb_it_t:
    movs    r0, #COND_MARK
    cmp     r0, #COND_MARK
    ite     eq
    mrceq   p15, 0, r0, c1, c0, 1
    movne   r0, #7
    mrc     p15, 0, r1, c1, c0, 1
    subs    r0, r0, r1
    bx      lr
    .arm

    action hvc_thumb
    adr     r12, hvc_thumb_t + 1
    bx      r12
    stop_at hvc_thumb, 0
    .thumb
hvc_thumb_t:
    ldr     r0, =SMCCC_VERSION
    hvc     #0
    ldr     r1, =SMCCC_VERSION_1_1
    subs    r0, r0, r1
    bx      lr
    .ltorg
    .arm

    action cntpct
    stop_here cntpct
    mrrc    p15, 0, r0, r1, c14
    mov     r0, #0
    bx      lr

    action cntfrq_write
    mrc     p15, 0, r1, c14, c0, 0
    stop_here cntfrq_write
    mcr     p15, 0, r1, c14, c0, 0
    mov     r0, #0
    bx      lr

    action dc_isw
    mov     r1, #0
    stop_here dc_isw
    mcr     p15, 0, r1, c7, c6, 2
    mov     r0, #0
    bx      lr

    action tlbiallis
    stop_here tlbiallis
    mcr     p15, 0, r0, c8, c3, 0
    dsb
    isb
    mov     r0, #0
    bx      lr

/* ------------------------------------------------------------ debug */

    /* hypv7 answers 0 (QEMU 7.2 reads 0 without a trap). */
    action dbg_drar64
    mvn     r0, #0
    mvn     r1, #0
    stop_here dbg_drar64
    mrrc    p14, 0, r0, r1, c1
    orr     r0, r0, r1
    bx      lr

    action dbg_dsar64
    mvn     r0, #0
    mvn     r1, #0
    stop_here dbg_dsar64
    mrrc    p14, 0, r0, r1, c2
    orr     r0, r0, r1
    bx      lr

    reads_zero dbg_didr, mrc p14, 0, r0, c0, c0, 0

/* ------------------------------------------------------------ memory */

    at_addr store_outside, UNMAPPED, str r0, [r1]
    at_addr store_above_ram, ABOVE_RAM, str r0, [r1]
    at_addr store_top, 0xfffffffc, str r0, [r1]

    action branch_outside
    ldr     r1, =UNMAPPED
    blx     r1
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg
    stop_at branch_outside, UNMAPPED

    action branch_above_ram
    ldr     r1, =ABOVE_RAM
    blx     r1
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg
    stop_at branch_above_ram, ABOVE_RAM

    /* The next instruction fetch walks tables outside RAM: which fetch
     * that is (after the TLBIALL, or after the ISB) is the CPU's choice. */
    action tables_outside
    ldr     r1, =UNMAPPED
    mov     r2, #0
    mcr     p15, 0, r1, c2, c0, 0      /* TTBR0 */
    mcr     p15, 0, r2, c8, c7, 0      /* TLBIALL */
    dsb
    isb
    stop_at tables_outside, 0
    ldr     r0, [sp]
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg

/* ------------------------------------------------------------ the UART */

    at_addr uart_ldm, UART, ldm r1, {r2, r3}
    at_addr uart_stm, UART, stm r1, {r2, r3}
    at_addr uart_ldrd, UART, ldrd r2, r3, [r1]
    at_addr uart_strd, UART, strd r2, r3, [r1]
    at_addr uart_writeback, UART_FR, ldr r0, [r1], #4
    at_addr uart_ldr_pc, UART_FR, ldr pc, [r1]
    at_addr uart_next_page, UART_NEXT_PAGE, ldr r0, [r1]

    action uart_unaligned
    ldr     r1, =UNALIGNED_UART
    stop_here uart_unaligned
    ldr     r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

    action uart_ldrex
    ldr     r1, =UART_FR
    stop_here uart_ldrex
    ldrex   r0, [r1]
    clrex
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg

    action uart_ldrexd
    ldr     r1, =UART
    stop_here uart_ldrexd
    ldrexd  r2, r3, [r1]
    clrex
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg

    /* With no reservation a STREX may fail without touching memory. */
    action uart_strex
    ldr     r1, =UART
    mov     r0, #MARK_CHAR
    stop_here uart_strex
    strex   r2, r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

    action uart_exec
    ldr     r1, =UART
    blx     r1
    mov     r0, #NOT_STOPPED
    bx      lr
    .ltorg
    stop_at uart_exec, UART

    action uart_byte_store
    ldr     r1, =UART
    mov     r0, #MARK_CHAR
    strb    r0, [r1]
    mov     r0, #NEWLINE
    strb    r0, [r1]
    stop_at uart_byte_store, 0
    mov     r0, #0
    bx      lr
    .ltorg

    /* UARTFR: RX empty, TX not full. */
    action uart_half_load
    ldr     r1, =UART_FR
    ldrh    r0, [r1]
    stop_at uart_half_load, 0
    and     r0, r0, #FR_RXFE_TXFF
    eor     r0, r0, #FR_RXFE
    bx      lr
    .ltorg

    action uart_reserved
    ldr     r1, =UART_LAST_WORD
    mov     r0, #0
    stop_here uart_reserved
    str     r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

/* ------------------------------------------------------------ the GIC */

    /* A word of the distributor: emulated, or it stops the VM (no GIC). */
    .macro gicd_read name, addr
    action \name
    ldr     r1, =\addr
    stop_here \name
    ldr     r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg
    .endm

    gicd_read gicd_iidr_read, GICD_IIDR
    gicd_read gicd_typer_read, GICD_TYPER

    /* The distributor, word by word, with values of a small generator:
     * enables, priorities, targets, SGIR... then every byte of it read. */
    action gicd_scribble
    push    {r4, r5, lr}
    ldr     r1, =GICD
    ldr     r2, =GICD_SPAN
    ldr     r3, =SCRIBBLE_SEED
    ldr     r5, =LCG_MUL
1:  mla     r3, r3, r5, r5
    sub     r2, r2, #4
    str     r3, [r1, r2]
    cmp     r2, #0
    bne     1b
    ldr     r2, =GICD_SPAN
2:  sub     r2, r2, #1
    ldrb    r4, [r1, r2]
    cmp     r2, #0
    bne     2b
    stop_at gicd_scribble, 0
    mov     r0, #0
    pop     {r4, r5, pc}
    .ltorg

    at_addr gicd_ldm, GICD, ldm r1, {r2, r3}
    at_addr gicd_strd, GICD_ISENABLER, strd r2, r3, [r1]

    action gicd_unaligned
    ldr     r1, =GICD_UNALIGNED
    stop_here gicd_unaligned
    ldr     r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

    /* The first GICC access: hypv7 maps the board's GICV there. */
    action gicc_first_word
    ldr     r1, =GICC_IIDR
    stop_here gicc_first_word
    ldr     r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

    action gicc_byte
    ldr     r1, =GICC
    stop_here gicc_byte
    ldrb    r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

    /* Past GICV's pages, inside the CPU interface's window: RAZ/WI. */
    action gicc_past_gicv
    ldr     r1, =GICC_PAST_GICV
    stop_here gicc_past_gicv
    ldr     r0, [r1]
    mov     r0, #0
    bx      lr
    .ltorg

    at_addr gic_beyond, GIC_BEYOND, ldr r0, [r1]

/* ------------------------------------------------------------ ERET */

/*
 * Where an ERET action lands if the CPU lets it through: r0 = 0, or the
 * mode it found itself in if that is Hyp or Monitor (never a guest's).
 * From a PL1 mode it goes back to SVC and returns (r4 = the SVC stack as
 * the action found it). In User mode it can neither return nor call PSCI:
 * it says so in fz_landed_in_user and takes an SVC, which the exception
 * handler counts as the action's end.
 */
eret_landing:
    mrs     r0, cpsr
    and     r0, r0, #MODE_MASK
    cmp     r0, #MODE_USR
    beq     1f
    cmp     r0, #MODE_HYP
    cmpne   r0, #MODE_MON
    movne   r0, #0
    cps     #MODE_SVC
    mov     sp, r4
    pop     {r4, pc}
1:  ldr     r1, =fz_landed_in_user
    mov     r2, #1
    str     r2, [r1]
    svc     #0
    b       .
    .ltorg

    /* ERET from SVC with this SPSR, to eret_landing. */
    .macro eret_with name, spsr
    action \name
    push    {r4, lr}
    mov     r4, sp
    ldr     r1, =\spsr
    msr     spsr_cxsf, r1
    adr     lr, eret_landing
    stop_here \name
    eret
    .ltorg
    .endm

    eret_with eret_to_hyp, SPSR_MASKED | MODE_HYP
    eret_with eret_to_mon, SPSR_MASKED | MODE_MON
    eret_with eret_to_bad, SPSR_MASKED
    eret_with eret_to_usr, SPSR_MASKED | MODE_USR
    eret_with eret_arm_it, SPSR_MASKED | MODE_SVC | ARM_IT_BITS

    action eret_usr
    push    {r4, lr}
    mov     r4, sp
    cps     #MODE_USR
    stop_here eret_usr
    eret
    b       .

    action eret_sys
    push    {r4, lr}
    mov     r4, sp
    cps     #MODE_SYS
    adr     lr, eret_landing
    stop_here eret_sys
    eret

/* ------------------------------------------------------------ VFP */

    /* CPACR with cp10/cp11 changed as `how`, then insn. */
    .macro cpacr_then name, how, bits, insn:vararg
    action \name
    mrc     p15, 0, r1, c1, c0, 2
    \how    r2, r1, #\bits
    mcr     p15, 0, r2, c1, c0, 2
    isb
    stop_here \name
    \insn
    mcr     p15, 0, r1, c1, c0, 2
    isb
    mov     r0, #0
    bx      lr
    .endm

    cpacr_then vfp_cpacr_off, bic, CPACR_CP10_CP11, vmov.f64 d0, d1
    cpacr_then neon_asedis, orr, CPACR_ASEDIS, vadd.i32 q0, q0, q0
    cpacr_then vfp_d32dis, orr, CPACR_D32DIS, vmov.f64 d16, d17

    action vfp_fpexc_off
    vmrs    r1, fpexc
    mov     r2, #0
    vmsr    fpexc, r2
    stop_here vfp_fpexc_off
    vadd.f64 d0, d0, d0
    vmsr    fpexc, r1
    mov     r0, #NOT_STOPPED
    bx      lr

    /* FPEXC.EX set by the guest itself, then a world switch out and back
     * (WFI) and VFP again: hypv7 saves and restores it, and must not touch
     * FPINST where the CPU has none. */
    action vfp_fpexc_ex
    vmrs    r1, fpexc
    ldr     r2, =FPEXC_EN_EX
    vmsr    fpexc, r2
    wfi
    wfi
    vmov.f64 d0, d1
    vmsr    fpexc, r1
    mov     r0, #0
    bx      lr
    .ltorg
    stop_at vfp_fpexc_ex, 0

/* ------------------------------------------------------------ PSCI, itself */

    /* r0 = function id, then HVC #0. */
    .macro psci_call name, fid
    action \name
    ldr     r0, =\fid
    mov     r1, #0
    mov     r2, #0
    mov     r3, #0
    stop_at \name, 0
    hvc     #0
    bx      lr
    .ltorg
    .endm

    psci_call psci_cpu_suspend, PSCI_CPU_SUSPEND
    psci_call psci_cpu_off, PSCI_CPU_OFF
    psci_call psci_system_off, PSCI_SYSTEM_OFF
    psci_call psci_system_reset, PSCI_SYSTEM_RESET

    action self_pause
    ldr     r0, =HC_VCPU_PAUSE
    ldr     r1, =OWN_HANDLE
    hvc     #0
    stop_at self_pause, 0
    bx      lr
    .ltorg

    action wfx
    push    {r4, lr}
    mov     r4, #WFX_ROUNDS
1:  wfi
    wfe
    subs    r4, r4, #1
    bne     1b
    mov     r0, #0
    pop     {r4, pc}
    stop_at wfx, 0

/* ------------------------------------------------------------ vectors */

    .section .text.fz_vectors, "ax", %progbits
    .balign 32
    .global fz_hostile_vectors
fz_hostile_vectors:
    b       vec_reset
    b       vec_und
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       vec_reset
    b       vec_irq
    b       vec_fiq

    .macro vector name, kind
\name:
    mov     r0, #\kind
    b       vector_common
    .endm

    vector vec_reset, 0
    vector vec_und, 1
    vector vec_svc, 2
    vector vec_pabt, 3
    vector vec_dabt, 4
    vector vec_irq, 6
    vector vec_fiq, 7

/* The action may have left VFP unusable; the C handler (newlib) needs it. */
vector_common:
    mov     r1, lr
    mrs     r2, spsr
    mrc     p15, 0, r3, c1, c0, 2
    orr     r3, r3, #CPACR_CP10_CP11
    bic     r3, r3, #(CPACR_ASEDIS | CPACR_D32DIS)
    mcr     p15, 0, r3, c1, c0, 2
    isb
    mov     r3, #FPEXC_EN
    vmsr    fpexc, r3
    b       fuzz_hostile_exception

    .data
    .balign 4
    .global fz_landed_in_user
fz_landed_in_user:
    .word   0
