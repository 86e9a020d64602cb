/*
 * A secondary core that enters hypv7's entry waits here, in the mode it
 * came in, writing no memory. This board's firmware (QEMU's) keeps its
 * secondaries powered off until PSCI CPU_ON, so none normally comes: WFI
 * rather than WFE, so a stray one sleeps instead of spinning a host thread.
 */
	.arm
	.section .text.boot, "ax"
	.global	board_secondary_pen
board_secondary_pen:
	wfi
	b	board_secondary_pen
