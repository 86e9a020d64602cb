#include "gicv2.h"

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

#define GICD_TYPER_LINES_MASK 0x1f
#define IRQS_PER_WORD 32
#define GIC_ENABLE 1u
#define GIC_ENABLE_BOTH_GROUPS 3u
#define GIC_PRIORITY_ALL 0xffu
#define GIC_PRIORITY_DEFAULT 0xa0u
#define ALL_BITS 0xffffffffu

static inline volatile uint32_t *reg(uintptr_t base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

void gic_secure_init(uintptr_t gicd, uintptr_t gicc)
{
	unsigned words = (*reg(gicd, GICD_TYPER) & GICD_TYPER_LINES_MASK) + 1;
	for (unsigned i = 0; i < words; i++)
		*reg(gicd, GICD_IGROUPR + 4 * i) = ALL_BITS;
	*reg(gicd, GICD_CTLR) = GIC_ENABLE_BOTH_GROUPS;
	*reg(gicc, GICC_CTLR) = GIC_ENABLE_BOTH_GROUPS;
	*reg(gicc, GICC_PMR) = GIC_PRIORITY_ALL;
}

void gic_init(uintptr_t gicd, uintptr_t gicc)
{
	*reg(gicd, GICD_CTLR) = GIC_ENABLE;
	*reg(gicc, GICC_PMR) = GIC_PRIORITY_ALL;
	*reg(gicc, GICC_CTLR) = GIC_ENABLE;
}

void gic_enable_irq(uintptr_t gicd, unsigned irq)
{
	volatile uint8_t *prio = (volatile uint8_t *)(gicd + GICD_IPRIORITYR);
	prio[irq] = GIC_PRIORITY_DEFAULT;
	*reg(gicd, GICD_ISENABLER + 4 * (irq / IRQS_PER_WORD)) = 1u << (irq % IRQS_PER_WORD);
}

uint32_t gic_ack(uintptr_t gicc)
{
	return *reg(gicc, GICC_IAR);
}

void gic_eoi(uintptr_t gicc, uint32_t iar)
{
	*reg(gicc, GICC_EOIR) = iar;
}
