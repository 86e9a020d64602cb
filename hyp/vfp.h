/*
 * A vCPU's VFP/NEON state, moved lazily: a vCPU runs with coprocessors 10
 * and 11 trapped (HCPTR) unless its state is the one in the CPU; its first
 * VFP instruction after a switch traps and brings its state in.
 */
#ifndef HYPV7_HYP_VFP_H
#define HYPV7_HYP_VFP_H
#include <stdint.h>

#include "arch/sysregs.h"
#include "hyp/pcpu.h"

struct vcpu;
/* The HCPTR a vCPU runs with on `cpu`: VFP trapped unless it owns that
 * CPU's VFP (inline, and the CPU passed in: every VM switch asks). */
static inline uint32_t vfp_hcptr(const struct vcpu *vcpu, const struct pcpu *cpu)
{
	return HCPTR_TTA | (cpu->vfp_owner == vcpu ? 0 : HCPTR_VFP);
}

/* Reads what the VFP has (after host_ids_read), once at boot. */
void vfp_init(void);
/* A VFP/NEON trap (HCPTR): the vCPU's state comes into the CPU. */
void vfp_trap(struct vcpu *vcpu);
/* Makes the bank hold the vCPU's current VFP state, for the ABI. */
void vcpu_sync_vfp(struct vcpu *vcpu);
#endif
