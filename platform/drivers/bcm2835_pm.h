/*
 * BCM2835 power management block (PM): the watchdog that resets the SoC.
 * Shared by the Raspberry Pi SoCs (BCM2835/6/7), at peripherals + 0x100000.
 */
#ifndef HYPV7_BCM2835_PM_H
#define HYPV7_BCM2835_PM_H

#include <stdint.h>

/* Resets the SoC through the watchdog. */
void bcm2835_pm_reset(uintptr_t pm_base);
/*
 * Resets the SoC with the "halt" boot partition: the Raspberry Pi firmware
 * then stays off instead of booting again, and QEMU (raspi2b) shuts down.
 */
void bcm2835_pm_power_off(uintptr_t pm_base);

#endif
