/*
 * NXP i.MX7Dual SABRE (MCIMX7SABRE: two Cortex-A7, GIC-400 in the A7
 * MPCore block, 1 GiB of DDR at 0x80000000, console on UART1).
 * Power off through the SNVS (the board's PMIC enable), reset through
 * watchdog 1.
 */
#include "platform/platform.h"
#include "platform/drivers/gicv2.h"
#include "platform/drivers/imx_uart.h"

#define IMX7_AIPS1 0x30000000u /* WDOG1, SNVS, ... */
#define IMX7_AIPS2 0x30400000u
#define IMX7_AIPS3 0x30800000u /* UART1, ... */
#define IMX7_AIPS_SIZE MiB(4)
#define IMX7_A7MPCORE 0x31000000u
#define IMX7_GICD (IMX7_A7MPCORE + 0x1000u)
#define IMX7_GICC (IMX7_A7MPCORE + 0x2000u)
#define IMX7_GICH (IMX7_A7MPCORE + 0x4000u)
#define IMX7_GICV (IMX7_A7MPCORE + 0x6000u)
#define IMX7_UART1 0x30860000u
#define IMX7_WDOG1 0x30280000u
#define IMX7_SNVS 0x30370000u
#define IMX7_UART1_IRQ GIC_SPI_ID(26)

/* SNVS low-power control: "turn off power" takes effect with "dumb PMIC". */
#define SNVS_LPCR 0x38u
#define SNVS_LPCR_DP_EN (1u << 5)
#define SNVS_LPCR_TOP (1u << 6)

/* Watchdog control (16-bit): clearing SRS asserts a software reset. */
#define WDOG_WCR 0x0u
#define WDOG_WCR_WDE (1u << 2)
#define WDOG_WCR_WDA (1u << 5) /* 1 = no external reset pin */

static void imx7_power_off(void)
{
	volatile uint32_t *lpcr = (volatile uint32_t *)(IMX7_SNVS + SNVS_LPCR);
	*lpcr |= SNVS_LPCR_DP_EN | SNVS_LPCR_TOP;
	power_settle();
}

static void imx7_reset(void)
{
	volatile uint16_t *wcr = (volatile uint16_t *)(IMX7_WDOG1 + WDOG_WCR);
	*wcr = WDOG_WCR_WDE | WDOG_WCR_WDA;
	power_settle();
}

static const struct mem_region imx7_devices[] = {
	{ .base = IMX7_AIPS1, .size = IMX7_AIPS_SIZE },
	{ .base = IMX7_AIPS3, .size = IMX7_AIPS_SIZE },
	{ .base = IMX7_A7MPCORE, .size = 0x8000 },
};

const struct platform board = {
	.name = "mcimx7d-sabre",
	.ram = { .base = 0x80000000, .size = MiB(1024) },
	.devices = imx7_devices,
	.nr_devices = sizeof(imx7_devices) / sizeof(imx7_devices[0]),
	.console_base = IMX7_UART1,
	.console = &imx_uart_console,
	.console_rx_irq = IMX7_UART1_IRQ,
	.gicd_base = IMX7_GICD,
	.gicc_base = IMX7_GICC,
	.gich_base = IMX7_GICH,
	.gicv_base = IMX7_GICV,
	.gic_maintenance_irq = GIC_PPI_MAINTENANCE,
	.irq = &gicv2_irq_ops,
	.hyp_timer_irq = GIC_PPI_HYP_TIMER,
	.virt_timer_irq = GIC_PPI_VIRT_TIMER,
	.ipi_irq = GIC_SGI_HYP_IPI,
	/* PSCI when U-Boot (or QEMU's uImage boot) entered hypv7 in Hyp; from
	 * Secure SVC none: QEMU 7.2 models no SRC to start core 1 by hand. */
	.cpu_start = psci_firmware_cpu_on,
	.secure_init = gicv2_secure_init,
	.power_off = imx7_power_off,
	.reset = imx7_reset,
};
