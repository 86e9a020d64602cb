/* ARM GICv2 distributor and CPU interface (GIC-400, Cortex-A15 MPCore). */
#ifndef HYPV7_GICV2_H
#define HYPV7_GICV2_H
#include <stdint.h>

#define GIC_SPURIOUS 1023u
#define GIC_PPI_HYP_TIMER 26u
#define GIC_PPI_VIRT_TIMER 27u

#include "platform/platform.h"

/* For boards with a GICv2 at board.gicd_base / board.gicc_base. */
extern const struct irq_ops gicv2_irq_ops;
/* From Secure state: make every interrupt Non-secure (group 1). */
void gicv2_secure_init(void);
#endif
