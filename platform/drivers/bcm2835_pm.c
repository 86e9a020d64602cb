/*
 * BCM2835 PM watchdog. Every write carries a password in the top byte or
 * the block ignores it. A "full reset" through RSTC resets the SoC after
 * WDOG ticks; the boot partition in RSTS tells the firmware (and QEMU) what
 * to do next, and the value 63 means "halt", as Linux uses it.
 */
#include "platform/drivers/bcm2835_pm.h"

#define PM_RSTC 0x1cu
#define PM_RSTS 0x20u
#define PM_WDOG 0x24u

#define PM_PASSWORD 0x5a000000u
#define PM_PASSWORD_MASK 0xff000000u
#define PM_RSTC_WRCFG_CLR 0xffffffcfu /* keep all but the reset config */
#define PM_RSTC_WRCFG_FULL_RESET 0x00000020u
/* RSTS spreads the 6-bit boot partition over its even bits 0..10. */
#define PM_RSTS_PARTITION_CLR 0xfffffaaau
#define PM_RSTS_PARTITION_HALT 0x00000555u /* partition 63, every bit set */
/* Watchdog ticks (about 16 us each) before the reset: soon, but not 0. */
#define PM_WDOG_TICKS 10u

static inline volatile uint32_t *reg(uintptr_t base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

static void pm_watchdog_reset(uintptr_t base)
{
	uint32_t rstc = *reg(base, PM_RSTC) & PM_RSTC_WRCFG_CLR & ~PM_PASSWORD_MASK;
	*reg(base, PM_WDOG) = PM_PASSWORD | PM_WDOG_TICKS;
	*reg(base, PM_RSTC) = PM_PASSWORD | rstc | PM_RSTC_WRCFG_FULL_RESET;
}

void bcm2835_pm_reset(uintptr_t pm_base)
{
	uint32_t rsts = *reg(pm_base, PM_RSTS) & PM_RSTS_PARTITION_CLR & ~PM_PASSWORD_MASK;
	*reg(pm_base, PM_RSTS) = PM_PASSWORD | rsts; /* partition 0: boot as usual */
	pm_watchdog_reset(pm_base);
}

void bcm2835_pm_power_off(uintptr_t pm_base)
{
	uint32_t rsts = *reg(pm_base, PM_RSTS) & PM_RSTS_PARTITION_CLR & ~PM_PASSWORD_MASK;
	*reg(pm_base, PM_RSTS) = PM_PASSWORD | rsts | PM_RSTS_PARTITION_HALT;
	pm_watchdog_reset(pm_base);
}
