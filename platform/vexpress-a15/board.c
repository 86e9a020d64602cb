/*
 * Versatile Express V2P-CA15 ("a15" memory map: motherboard peripherals
 * at 0x1c000000, RAM at 0x80000000). No PSCI firmware: power goes through
 * the motherboard's system configuration controller.
 */
#include "platform/platform.h"
#include "platform/drivers/gicv2.h"
#include "platform/drivers/pl011.h"

#define V2M_SYSREGS 0x1c010000u
#define SYS_FLAGSSET 0x30 /* reads as SYS_FLAGS */
#define SYS_FLAGSCLR 0x34
#define ALL_FLAGS 0xffffffffu
#define SYS_CFGDATA 0xa0
#define SYS_CFGCTRL 0xa4
#define SYS_CFGCTRL_START (1u << 31)
#define SYS_CFGCTRL_WRITE (1u << 30)
#define SYS_CFG_FUNC_SHIFT 20
#define SYS_CFG_SHUTDOWN 8u
#define SYS_CFG_REBOOT 9u
/* The motherboard's UART0 interrupt, SPI 5 (V2M-P1 memory map). */
#define V2M_UART0_IRQ GIC_SPI_ID(5)

static void v2m_sys_cfg(uint32_t function)
{
	volatile uint32_t *regs = (volatile uint32_t *)V2M_SYSREGS;
	regs[SYS_CFGDATA / 4] = 0;
	regs[SYS_CFGCTRL / 4] =
	    SYS_CFGCTRL_START | SYS_CFGCTRL_WRITE | (function << SYS_CFG_FUNC_SHIFT);
}

/* The boot monitor's release (platform/vexpress-a15/pen.S): the entry in
 * SYS_FLAGS, then an SGI that ends the core's WFI. The SGI is hypv7's own
 * IPI, which the core, once in Hyp, takes as one with nothing asked. */
static int vexpress_cpu_start(unsigned cpu, uintptr_t entry)
{
	volatile uint32_t *regs = (volatile uint32_t *)V2M_SYSREGS;
	regs[SYS_FLAGSCLR / 4] = ALL_FLAGS;
	regs[SYS_FLAGSSET / 4] = (uint32_t)entry;
	board.irq->send_ipi(cpu); /* its DSB puts the flags first */
	return 0;
}

static void vexpress_power_off(void)
{
	v2m_sys_cfg(SYS_CFG_SHUTDOWN);
	power_settle();
}

static void vexpress_reset(void)
{
	v2m_sys_cfg(SYS_CFG_REBOOT);
	power_settle();
}

static const struct mem_region vexpress_devices[] = {
	{ .base = 0x1c000000, .size = MiB(32) }, /* motherboard peripherals */
	{ .base = 0x2c000000, .size = MiB(32) }, /* GIC, private peripherals */
};

const struct platform board = {
	.name = "vexpress-a15",
	.ram = { .base = 0x80000000, .size = MiB(1024) },
	.devices = vexpress_devices,
	.nr_devices = sizeof(vexpress_devices) / sizeof(vexpress_devices[0]),
	.console_base = 0x1c090000,
	.console = &pl011_console,
	.console_rx_irq = V2M_UART0_IRQ,
	.gicd_base = 0x2c001000,
	.gicc_base = 0x2c002000,
	.gich_base = 0x2c004000,
	.gicv_base = 0x2c006000,
	.gic_maintenance_irq = GIC_PPI_MAINTENANCE,
	.irq = &gicv2_irq_ops,
	.hyp_timer_irq = GIC_PPI_HYP_TIMER,
	.virt_timer_irq = GIC_PPI_VIRT_TIMER,
	.ipi_irq = GIC_SGI_HYP_IPI,
	.cpu_start = vexpress_cpu_start,
	.secure_init = gicv2_secure_init,
	.power_off = vexpress_power_off,
	.reset = vexpress_reset,
};
