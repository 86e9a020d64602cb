/*
 * Virtual interrupts: one interface whatever delivers them to the guest.
 * A source (the virtual timer today; devices and IPIs later) sets the level
 * of an interrupt line of a vCPU; a backend turns the lines into what the
 * CPU shows the guest: the virtual GIC's list registers (hyp/vgic.h) while
 * the guest's distributor is enabled, else HCR.VI, the one virtual IRQ
 * line every ARMv7 CPU with the Virtualization Extensions has (the guest
 * sees one IRQ and asks its device): bare-metal guests and boards without
 * GICH.
 */
#ifndef HYPV7_HYP_VIRQ_H
#define HYPV7_HYP_VIRQ_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Interrupt ids as a GIC numbers them: 16..31 are a vCPU's own (PPIs). */
#define VIRQ_MAX_INTID 32u

/* Per-vCPU line state, whatever the backend. */
struct virq_lines {
	uint32_t raised; /* bit n: interrupt id n is asserted */
};

/* Raises or lowers interrupt line `intid` (< VIRQ_MAX_INTID) of `vcpu`. */
void virq_set_level(struct vcpu *vcpu, unsigned intid, bool level);

/* The guest switched its distributor on or off: its lines move to the
 * other backend. */
void virq_backend_changed(struct vcpu *vcpu);

/* Whether the vCPU has an interrupt line raised. Cheap: the hypercall
 * fast path asks it on every call. */
static inline bool virq_any_raised(const struct virq_lines *lines)
{
	return lines->raised != 0;
}
#endif
