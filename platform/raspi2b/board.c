/*
 * Raspberry Pi 2 Model B (BCM2836: four Cortex-A7). RAM from 0; the top of
 * it belongs to the VideoCore. Peripherals at 0x3f000000, the per-core
 * local interrupt controller at 0x40000000, no GIC: guests get no virtual
 * GIC here. Power goes through the PM watchdog (no PSCI firmware).
 */
#include "platform/platform.h"
#include "platform/drivers/bcm2835_pm.h"
#include "platform/drivers/bcm2836_local_intc.h"
#include "platform/drivers/pl011.h"

#define RPI2_PERIPHERALS 0x3f000000u
#define RPI2_PM (RPI2_PERIPHERALS + 0x100000u)
#define RPI2_UART0 (RPI2_PERIPHERALS + 0x201000u) /* PL011 */
#define RPI2_LOCAL_INTC 0x40000000u
/*
 * ARM's share of the 1 GiB: the firmware's default split leaves the GPU
 * 64 MiB at the top (QEMU's raspi2b does the same); stopping 12 MiB lower
 * still works with gpu_mem up to 76 in config.txt.
 */
#define RPI2_ARM_RAM_SIZE MiB(948)

static void rpi2_power_off(void)
{
	bcm2835_pm_power_off(RPI2_PM);
	power_settle();
}

static void rpi2_reset(void)
{
	bcm2835_pm_reset(RPI2_PM);
	power_settle();
}

static const struct mem_region rpi2_devices[] = {
	{ .base = RPI2_PERIPHERALS, .size = MiB(16) },
	{ .base = RPI2_LOCAL_INTC, .size = 4096 },
};

const struct platform board = {
	.name = "raspi2b",
	.ram = { .base = 0, .size = RPI2_ARM_RAM_SIZE },
	.devices = rpi2_devices,
	.nr_devices = sizeof(rpi2_devices) / sizeof(rpi2_devices[0]),
	.console_base = RPI2_UART0,
	.console = &pl011_console,
	/* Its interrupt comes through the BCM2835's own controller, behind
	 * the local one, which hypv7 does not drive: input is polled. */
	.console_rx_irq = CONSOLE_RX_POLLED,
	.intc_base = RPI2_LOCAL_INTC,
	.irq = &bcm2836_local_intc_ops,
	.hyp_timer_irq = BCM2836_IRQ_CNTHP,
	.virt_timer_irq = BCM2836_IRQ_CNTV,
	.ipi_irq = BCM2836_IRQ_HYP_IPI,
	.cpu_start = bcm2836_cpu_start,
	.power_off = rpi2_power_off,
	.reset = rpi2_reset,
};
