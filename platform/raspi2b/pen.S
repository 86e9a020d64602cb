/*
 * The holding pen of a secondary core, as the Raspberry Pi firmware's:
 * QEMU starts all four cores at hypv7's entry (boot/start.S sends the
 * secondaries here, in Secure SVC). The core enables its mailbox-3
 * interrupt in the BCM2836 local interrupt controller and sleeps in WFI
 * until rpi2_cpu_start (board.c) writes an entry address to that mailbox;
 * it clears the mailbox (its interrupt drops) and jumps. It writes no
 * memory: its caches are off and nothing is set up.
 */
	.equ	LOCAL_INTC, 0x40000000
	.equ	CORE_MAILBOX_IRQCNTL, 0x50	@ + 4 * core
	.equ	MAILBOX3_IRQ_ENABLE, (1 << 3)
	.equ	CORE_MAILBOX3_CLEAR, 0xcc	@ + 16 * core: read, write 1s to clear
	.equ	MPIDR_CORE_MASK, 3

	.arm
	.section .text.boot, "ax"
	.global	board_secondary_pen
board_secondary_pen:
	mrc	p15, 0, r0, c0, c0, 5
	and	r0, r0, #MPIDR_CORE_MASK	@ r0 = this core's index, kept
	ldr	r1, =LOCAL_INTC
	add	r2, r1, r0, lsl #2
	mov	r3, #MAILBOX3_IRQ_ENABLE
	str	r3, [r2, #CORE_MAILBOX_IRQCNTL]
	add	r1, r1, r0, lsl #4
1:	wfi
	ldr	r3, [r1, #CORE_MAILBOX3_CLEAR]
	cmp	r3, #0
	beq	1b
	str	r3, [r1, #CORE_MAILBOX3_CLEAR]
	bx	r3
	.ltorg
