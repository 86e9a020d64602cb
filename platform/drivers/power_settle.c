/*
 * A power-off or reset request written to a device takes effect a little
 * later: after the watchdog's last ticks on hardware, or when QEMU's main
 * loop gets to the request. Until then the CPU runs on, and
 * board.power_off/reset must not return (returning means "could not"), or
 * callers carry on as if the board had refused.
 */
#include "platform/platform.h"
#include "arch/arm.h"
#include "arch/sysregs.h"

#define POWER_SETTLE_MS 1000u /* far longer than any board here needs */
#define MS_PER_S 1000u

static uint64_t counter(void)
{
	isb();
	return read_CNTPCT();
}

void power_settle(void)
{
	uint64_t end = counter() + (uint64_t)(generic_timer_hz() / MS_PER_S) * POWER_SETTLE_MS;
	while (counter() < end)
		;
}

void board_power_off_or_halt(void)
{
	board.power_off();
	cpu_halt();
}
