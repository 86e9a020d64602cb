/*
 * Virtual interrupts: one interface whatever delivers them to the guest.
 * A source (the virtual timer, the vUART) sets the level of an interrupt
 * line of a vCPU; a backend turns the lines into what the CPU shows the
 * guest: the virtual GIC's list registers (hyp/vgic.h) while the guest's
 * distributor is enabled, else HCR.VI, the one virtual IRQ line every
 * ARMv7 CPU with the Virtualization Extensions has (the guest sees one IRQ
 * and asks its device): bare-metal guests and boards without GICH.
 *
 * Lines are numbered as a GIC numbers interrupts: 16..31 are a vCPU's own
 * (PPIs); 32 and up are shared (SPIs): a device raises its SPI on one vCPU
 * (vCPU 0), and the guest's distributor sends it to the vCPU its
 * ITARGETSR names, as a GIC does with a wire.
 */
#ifndef HYPV7_HYP_VIRQ_H
#define HYPV7_HYP_VIRQ_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Lines a vCPU has: SGIs, PPIs and 32 SPIs, every interrupt of the guest's
 * GIC (VGIC_NR_IRQS is this). */
#define VIRQ_MAX_INTID 64u
#define VIRQ_LINES_PER_WORD 32u
#define VIRQ_WORDS (VIRQ_MAX_INTID / VIRQ_LINES_PER_WORD)

/* Per-vCPU line state, whatever the backend. */
struct virq_lines {
	uint32_t raised[VIRQ_WORDS]; /* bit n of word w: id 32w + n asserted */
};

/* Raises or lowers interrupt line `intid` (< VIRQ_MAX_INTID, else
 * ignored) of `vcpu`. */
void virq_set_level(struct vcpu *vcpu, unsigned intid, bool level);

/* The guest switched its distributor on or off: its lines move to the
 * other backend. */
void virq_backend_changed(struct vcpu *vcpu);

static inline bool virq_line_raised(const struct virq_lines *lines, unsigned intid)
{
	return intid < VIRQ_MAX_INTID &&
	       (lines->raised[intid / VIRQ_LINES_PER_WORD] & (1u << (intid % VIRQ_LINES_PER_WORD)));
}

/* Whether the vCPU has an interrupt line raised. Cheap: the hypercall
 * fast path asks it on every call. */
static inline bool virq_any_raised(const struct virq_lines *lines)
{
	uint32_t any = 0;
	for (unsigned w = 0; w < VIRQ_WORDS; w++)
		any |= lines->raised[w];
	return any != 0;
}
#endif
