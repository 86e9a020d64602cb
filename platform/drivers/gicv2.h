/* ARM GICv2 distributor and CPU interface (GIC-400, Cortex-A15 MPCore). */
#ifndef HYPV7_GICV2_H
#define HYPV7_GICV2_H
#include <stdint.h>

#define GIC_SPURIOUS 1023u
#define GIC_PPI_HYP_TIMER 26u
#define GIC_PPI_VIRT_TIMER 27u

/* From Secure state: make every interrupt Non-secure (group 1). */
void gic_secure_init(uintptr_t gicd, uintptr_t gicc);
/* From Non-secure Hyp: enable the distributor and this CPU's interface. */
void gic_init(uintptr_t gicd, uintptr_t gicc);
void gic_enable_irq(uintptr_t gicd, unsigned irq);
uint32_t gic_ack(uintptr_t gicc); /* returns IAR */
void gic_eoi(uintptr_t gicc, uint32_t iar);
#define GIC_IAR_ID(iar) ((iar) & 0x3ffu)
#endif
