/*
 * For bench_control.c's virtual interrupt latency: a vector table whose IRQ
 * entry reads the virtual counter first thing (bench_irq_entered), then
 * acknowledges the interrupt at the guest's GIC CPU interface, quietens
 * the virtual timer and ends the interrupt. Every other exception is not
 * expected and spins, so a bench run that hits one times out loudly.
 */
	.arm
	.text

	.equ	GICC_IAR, 0x00c
	.equ	GICC_EOIR, 0x010

	.align	5
	.global	bench_irq_vectors
bench_irq_vectors:
	b	.		/* reset */
	b	.		/* undefined instruction */
	b	.		/* SVC */
	b	.		/* prefetch abort */
	b	.		/* data abort */
	b	.
	b	irq_entry
	b	.		/* FIQ */

irq_entry:
	push	{r0-r3}
	isb
	mrrc	p15, 1, r0, r1, c14	/* CNTVCT, before anything else */
	ldr	r2, =bench_irq_entered
	strd	r0, r1, [r2]
	ldr	r2, =bench_irq_gicc	/* GUEST_GICC_IPA, set from C */
	ldr	r2, [r2]
	ldr	r3, [r2, #GICC_IAR]
	mov	r0, #0
	mcr	p15, 0, r0, c14, c3, 1	/* CNTV_CTL = 0: the line drops */
	isb
	str	r3, [r2, #GICC_EOIR]
	pop	{r0-r3}
	subs	pc, lr, #4

	.ltorg
