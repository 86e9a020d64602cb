/* The board's GICv2 as Hyp uses it: distributor and CPU interface for its own interrupts. */
#include "platform/drivers/gicv2.h"

#include "arch/sysregs.h"

#define GIC_ENABLE 1u
#define GIC_ENABLE_BOTH_GROUPS 3u
#define GIC_PRIORITY_ALL 0xffu
#define GIC_PRIORITY_DEFAULT 0xa0u
#define ALL_BITS 0xffffffffu

static inline volatile uint32_t *reg(uintptr_t base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

#define GIC_IAR_ID(iar) ((iar)&GICC_IAR_ID_MASK)

void gicv2_secure_init(void)
{
	uintptr_t gicd = board.gicd_base, gicc = board.gicc_base;
	unsigned words = (*reg(gicd, GICD_TYPER) & GICD_TYPER_LINES_MASK) + 1;
	for (unsigned i = 0; i < words; i++)
		*reg(gicd, GICD_IGROUPR + 4 * i) = ALL_BITS;
	*reg(gicd, GICD_CTLR) = GIC_ENABLE_BOTH_GROUPS;
	*reg(gicc, GICC_CTLR) = GIC_ENABLE_BOTH_GROUPS;
	*reg(gicc, GICC_PMR) = GIC_PRIORITY_ALL;
}

static void gic_init(void)
{
	*reg(board.gicd_base, GICD_CTLR) = GIC_ENABLE;
	*reg(board.gicc_base, GICC_PMR) = GIC_PRIORITY_ALL;
	*reg(board.gicc_base, GICC_CTLR) = GIC_ENABLE;
}

/* ITARGETSR0-7 read as the reading CPU's own bit in every byte. */
static uint8_t this_cpu_target(void)
{
	return *(volatile uint8_t *)(board.gicd_base + GICD_ITARGETSR);
}

/* An SPI goes to the CPU that enables it (a GIC with one CPU interface
 * has no targets to set: RAZ/WI, which this write respects). */
static void gic_enable(unsigned irq)
{
	volatile uint8_t *prio = (volatile uint8_t *)(board.gicd_base + GICD_IPRIORITYR);
	prio[irq] = GIC_PRIORITY_DEFAULT;
	if (irq >= GIC_NR_PRIVATE)
		((volatile uint8_t *)(board.gicd_base + GICD_ITARGETSR))[irq] = this_cpu_target();
	*reg(board.gicd_base, GICD_ISENABLER + 4 * (irq / GIC_IRQS_PER_WORD)) =
	    1u << (irq % GIC_IRQS_PER_WORD);
}

static void gic_disable(unsigned irq)
{
	*reg(board.gicd_base, GICD_ICENABLER + 4 * (irq / GIC_IRQS_PER_WORD)) =
	    1u << (irq % GIC_IRQS_PER_WORD);
}

static unsigned gic_ack(uint32_t *token)
{
	*token = *reg(board.gicc_base, GICC_IAR);
	unsigned irq = GIC_IAR_ID(*token);
	return irq == GIC_SPURIOUS ? IRQ_NONE : irq;
}

static void gic_eoi(uint32_t token)
{
	*reg(board.gicc_base, GICC_EOIR) = token;
}

/* The SGI hypv7 uses between CPUs (GIC_SGI_HYP_IPI) to CPU interface
 * `cpu`, which on these boards is MPIDR Aff0. */
static void gic_send_ipi(unsigned cpu)
{
	dsb(); /* what the other CPU is to look at is visible first */
	*reg(board.gicd_base, GICD_SGIR) =
	    (1u << (GICD_SGIR_TARGETS_SHIFT + cpu)) | GIC_SGI_HYP_IPI;
}

const struct irq_ops gicv2_irq_ops = {
	.init = gic_init,
	.enable = gic_enable,
	.disable = gic_disable,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.send_ipi = gic_send_ipi,
	.nr_private = GIC_NR_PRIVATE,
};
