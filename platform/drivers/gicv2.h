/*
 * ARM GICv2 (GIC-400, Cortex-A15 MPCore): its register offsets, in one
 * place for the board's driver (gicv2.c) and the virtual GIC (hyp/vgic*.c),
 * which emulates the same distributor and drives the same GICH.
 */
#ifndef HYPV7_GICV2_H
#define HYPV7_GICV2_H
#include <stdint.h>

#define GIC_SPURIOUS 1023u
#define GIC_PPI_HYP_TIMER 26u
#define GIC_PPI_VIRT_TIMER 27u
/* The virtual interface's maintenance interrupt (PPI 9), on every board. */
#define GIC_PPI_MAINTENANCE 25u
/* The SGI hypv7's CPUs interrupt each other with (guests' SGIs are virtual). */
#define GIC_SGI_HYP_IPI 0u
#define GIC_NR_SGIS 16u
#define GIC_NR_PRIVATE 32u /* SGIs and PPIs: banked per CPU */
#define GIC_IRQS_PER_WORD 32u
/* Shared peripheral interrupt n (a device tree's "SPI n") as an id. */
#define GIC_SPI_ID(n) (GIC_NR_PRIVATE + (n))

/* Distributor. */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_CPENDSGIR 0xf10
#define GICD_SPENDSGIR 0xf20
#define GICD_SGIR_END 0xf30
#define GICD_TYPER_LINES_MASK 0x1fu
#define GICD_TYPER_CPUS_SHIFT 5
#define GICD_SGIR_ID_MASK 0xfu
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_SGIR_TARGETS_MASK 0xffu
#define GICD_SGIR_FILTER_SHIFT 24
#define GICD_SGIR_FILTER_MASK 3u

/* CPU interface (and the virtual one, GICV, at the same offsets). */
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_IAR_ID_MASK 0x3ffu
#define GICC_IAR_CPUID_SHIFT 10

/* Virtual interface control (GICH). */
#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_EISR0 0x020
#define GICH_ELRSR0 0x030
#define GICH_APR 0x0f0
#define GICH_LR0 0x100
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)
#define GICH_VTR_LISTREGS_MASK 0x3fu
#define GICH_LR_VIRTUALID_MASK 0x3ffu
#define GICH_LR_CPUID_SHIFT 10
#define GICH_LR_EOI (1u << 19)
#define GICH_LR_PRIORITY_SHIFT 23
#define GICH_LR_PRIORITY_DROP 3 /* the LR keeps the top 5 of 8 bits */
#define GICH_LR_STATE_SHIFT 28
#define GICH_LR_STATE_MASK (3u << GICH_LR_STATE_SHIFT)
#define GICH_LR_PENDING (1u << GICH_LR_STATE_SHIFT)
#define GICH_LR_ACTIVE (2u << GICH_LR_STATE_SHIFT)
#define GICH_LR_GRP1 (1u << 30)

#include "platform/platform.h"

/* For boards with a GICv2 at board.gicd_base / board.gicc_base. */
extern const struct irq_ops gicv2_irq_ops;
/* From Secure state: make every interrupt Non-secure (group 1). */
void gicv2_secure_init(void);
#endif
