/*
 * The guest's GICv2 as a bare-metal guest drives it: register offsets (the
 * GIC architecture specification), accessors at the guest machine's
 * distributor and CPU interface, and the usual way on.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdint.h>

#include <hypv7/guest_machine.h>

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_ISENABLER 0x100
#define GICD_ISPENDR 0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_SPENDSGIR 0xf20
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

#define GIC_ENABLE 1u
#define GIC_PMR_ALL 0xf0u /* every priority hypv7's GIC implements */
#define GIC_SPURIOUS 1023u
#define GIC_IAR_ID_MASK 0x3ffu

static inline volatile uint32_t *gicd32(uint32_t off)
{
	return (volatile uint32_t *)(GUEST_GICD_IPA + off);
}

static inline volatile uint8_t *gicd8(uint32_t off)
{
	return (volatile uint8_t *)(GUEST_GICD_IPA + off);
}

static inline volatile uint32_t *gicc32(uint32_t off)
{
	return (volatile uint32_t *)(GUEST_GICC_IPA + off);
}

/* Distributor and CPU interface on, every priority let through, and the
 * private interrupts in `ppi_sgi_mask` (GICD_ISENABLER0 bits) enabled. */
static inline void gic_on(uint32_t ppi_sgi_mask)
{
	*gicd32(GICD_ISENABLER) = ppi_sgi_mask;
	*gicd32(GICD_CTLR) = GIC_ENABLE;
	*gicc32(GICC_PMR) = GIC_PMR_ALL;
	*gicc32(GICC_CTLR) = GIC_ENABLE;
}

#endif
