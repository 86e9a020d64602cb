/*
 * Two VMs print long numbered lines at once; hypv7 must keep every console
 * line whole. Each line repeats the VM's tag, so a line carrying another
 * VM's text or a cut-off line is easy to spot: "line 17 vm1vm1...vm1 end".
 * Built once per VM (UART_LINES_TAG, see guest-tests.mk).
 */
#include <stdio.h>

#include "guest.h"
#include "pl011.h"
#include "tap.h"

#ifndef UART_LINES_TAG
#error "UART_LINES_TAG must name the VM, e.g. \"vm1\""
#endif

#define LINE_COUNT 40
#define TAG_REPEAT 20
/* Before exiting, let the other VM finish (VM0's exit ends the board). */
#define SETTLE_YIELDS 50

static void print_line(int n)
{
	printf("line %d ", n);
	for (int i = 0; i < TAG_REPEAT; i++)
		fputs(UART_LINES_TAG, stdout);
	puts(" end");
}

int main(void)
{
	tap_plan(3);
	tap_is_u32(pl011_read(PL011_FR) & PL011_FR_TXFF, 0, "UARTFR: transmit FIFO not full");
	tap_is_u32(pl011_read(PL011_FR) & PL011_FR_RXFE, PL011_FR_RXFE,
		   "UARTFR: receive FIFO empty");
	for (int n = 0; n < LINE_COUNT; n++)
		print_line(n);
	tap_ok(1, "printed %d lines", LINE_COUNT);
	guest_yield(SETTLE_YIELDS);
	return tap_done();
}
