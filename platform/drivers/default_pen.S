/*
 * The holding pen of a board whose firmware keeps its secondary cores
 * powered off until PSCI CPU_ON (qemu-virt, mcimx7d-sabre): none normally
 * enters hypv7's entry, and a stray one waits here, in the mode it came in,
 * writing no memory. WFI rather than WFE: it sleeps instead of spinning a
 * host thread. Weak: a board with a pen of its own (platform/<board>/pen.S,
 * its firmware's protocol) replaces it.
 */
	.arm
	.section .text.boot, "ax"
	.weak	board_secondary_pen
board_secondary_pen:
	wfi
	b	board_secondary_pen
