/* VM0's SYSTEM_RESET resets the whole board (QEMU exits under -no-reboot). */
#include <stdio.h>

#include "smccc.h"
#include "tap.h"

int main(void)
{
	printf("calling SYSTEM_RESET for the board\n");
	fflush(stdout);
	smccc_hvc0(PSCI_SYSTEM_RESET);
	tap_ok(0, "SYSTEM_RESET returned");
	return tap_done();
}
