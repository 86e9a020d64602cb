/*
 * Console input, polled: the VM reads a line typed on hypv7's console
 * (tools/run-guest-tests types it into QEMU's stdin once the VM says it is
 * ready) through stdin, newlib's _read polling the UART, and checks it
 * arrived whole and alone. Built once per role (guest-tests.mk):
 *   CONSOLE_READ_WANT   the line it must get
 *   CONSOLE_READ_AFTER  a VM that gets the focus after this one: wait until
 *                       it has read its own line and powered off, then
 *                       check nothing more reached this VM
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "guest.h"
#include "pl011.h"
#include "tap.h"

#ifndef CONSOLE_READ_WANT
#error "CONSOLE_READ_WANT must be the line this VM expects"
#endif

#define LINE_MAX_LEN 80

static void read_line(void)
{
	char line[LINE_MAX_LEN];
	printf("ready for a line\n");
	if (!fgets(line, sizeof(line), stdin))
		line[0] = 0;
	line[strcspn(line, "\n")] = 0;
	tap_ok(strcmp(line, CONSOLE_READ_WANT) == 0, "read the line typed for this VM: \"%s\"",
	       line);
	tap_is_u32(pl011_read(PL011_FR) & PL011_FR_RXFE, PL011_FR_RXFE,
		   "UARTFR.RXFE: nothing else waiting");
}

#ifdef CONSOLE_READ_AFTER
static void check_focus_moved(void)
{
	int state;
	while ((state = ctl_state(ctl_handle(CONSOLE_READ_AFTER))) >= 0 &&
	       state != HYPV7_VCPU_POWERED_OFF)
		guest_wfi();
	tap_ok(state == HYPV7_VCPU_POWERED_OFF, "vm%d read its line and powered off",
	       CONSOLE_READ_AFTER);
	tap_is_u32(pl011_read(PL011_FR) & PL011_FR_RXFE, PL011_FR_RXFE,
		   "no input reached this VM after the focus moved");
}
#define CHECKS_AFTER 2
#else
static void check_focus_moved(void)
{
}
#define CHECKS_AFTER 0
#endif

int main(void)
{
	tap_plan(2 + CHECKS_AFTER);
	read_line();
	check_focus_moved();
	return tap_done();
}
