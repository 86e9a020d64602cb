/*
 * VM 0 for tests whose results come from another VM: it waits until VM 1
 * has powered itself off (a guest's exit is PSCI SYSTEM_OFF), then ends the
 * run.
 */
#include "ctl.h"
#include "tap.h"

#define WATCHED_VM 1u

int main(void)
{
	tap_plan(1);
	tap_ok(ctl_wait_state(ctl_handle(WATCHED_VM), HYPV7_VCPU_POWERED_OFF) == 0,
	       "VM 1 finished");
	return tap_done();
}
