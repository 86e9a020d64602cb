/*
 * The holding pen of a secondary core, as the Versatile Express boot
 * monitor's: QEMU starts every core at hypv7's entry (boot/start.S sends
 * the secondaries here, in Secure SVC). The core makes its SGIs Group 1
 * (GICD_IGROUPR0 is banked per core) so a Non-secure SGI reaches it, opens
 * its CPU interface, and sleeps in WFI until an SGI comes with SYS_FLAGS
 * set: vexpress_cpu_start (board.c) writes the entry there, then sends the
 * SGI. It writes no memory: its caches are off and nothing is set up.
 */
	.equ	GICD_BASE, 0x2c001000
	.equ	GICC_BASE, 0x2c002000
	.equ	GICD_IGROUPR0, 0x80
	.equ	GICC_CTLR, 0x0
	.equ	GICC_PMR, 0x4
	.equ	GICC_ENABLE_BOTH_GROUPS, 3
	.equ	GIC_PRIORITY_ALL, 0xff
	.equ	V2M_SYSREGS, 0x1c010000
	.equ	SYS_FLAGS, 0x30
	.equ	MPIDR_AFF0_MASK, 0xff

	.arm
	.section .text.boot, "ax"
	.global	board_secondary_pen
board_secondary_pen:
	ldr	r0, =GICD_BASE
	mvn	r1, #0
	str	r1, [r0, #GICD_IGROUPR0]
	ldr	r0, =GICC_BASE
	mov	r1, #GIC_PRIORITY_ALL
	str	r1, [r0, #GICC_PMR]
	mov	r1, #GICC_ENABLE_BOTH_GROUPS
	str	r1, [r0, #GICC_CTLR]
	ldr	r2, =V2M_SYSREGS
1:	wfi
	ldr	r1, [r2, #SYS_FLAGS]
	cmp	r1, #0
	beq	1b
	mrc	p15, 0, r0, c0, c0, 5		@ r0 = this core's index (MPIDR Aff0)
	and	r0, r0, #MPIDR_AFF0_MASK
	bx	r1
	.ltorg
