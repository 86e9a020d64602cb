/* QEMU virt (hw/arm/virt.c memory map); QEMU provides PSCI over SMC. */
#include "platform/platform.h"
#include "platform/drivers/gicv2.h"
#include "platform/drivers/pl011.h"

/* hw/arm/virt.c: the UART is SPI 1. */
#define VIRT_UART_IRQ GIC_SPI_ID(1)

static const struct mem_region virt_devices[] = {
	{ .base = 0x08000000, .size = MiB(32) }, /* GIC, UART, RTC, GPIO */
};

const struct platform board = {
	.name = "qemu-virt",
	.ram = { .base = 0x40000000, .size = MiB(1024) },
	.devices = virt_devices,
	.nr_devices = sizeof(virt_devices) / sizeof(virt_devices[0]),
	.console_base = 0x09000000,
	.console = &pl011_console,
	.console_rx_irq = VIRT_UART_IRQ,
	.gicd_base = 0x08000000,
	.gicc_base = 0x08010000,
	.gich_base = 0x08030000,
	.gicv_base = 0x08040000,
	.gic_maintenance_irq = GIC_PPI_MAINTENANCE,
	.irq = &gicv2_irq_ops,
	.hyp_timer_irq = GIC_PPI_HYP_TIMER,
	.virt_timer_irq = GIC_PPI_VIRT_TIMER,
	.ipi_irq = GIC_SGI_HYP_IPI,
	.cpu_start = psci_firmware_cpu_on,
	.power_off = psci_firmware_system_off,
	.reset = psci_firmware_system_reset,
};
