/*
 * Each VM loops on WFI, which hypv7 turns into a yield; both must make
 * progress. Built with different round counts (WFI_ROUNDS, guest-tests.mk)
 * so VM1 finishes while VM0, whose exit ends the board, is still looping.
 */
#include <stdio.h>

#include "guest.h"
#include "tap.h"

#ifndef WFI_ROUNDS
#error "WFI_ROUNDS must be set"
#endif

#define REPORT_EVERY 20

int main(void)
{
	tap_plan(1);
	for (int round = 1; round <= WFI_ROUNDS; round++) {
		guest_wfi();
		if (round % REPORT_EVERY == 0)
			printf("wfi progress %d/%d\n", round, WFI_ROUNDS);
	}
	tap_ok(1, "WFI returned %d times", WFI_ROUNDS);
	return tap_done();
}
