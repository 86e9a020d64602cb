/* Moving a vCPU's state between the CPU and its bank. */
#ifndef HYPV7_SWITCH_H
#define HYPV7_SWITCH_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;
/* Saves everything the guest can see into the bank; the CPU is free. */
void vcpu_put(struct vcpu *vcpu);
/* Loads the bank into the CPU; guest_enter() then restores r0-r14. */
void vcpu_load(struct vcpu *vcpu);

/* A VFP/NEON trap (HCPTR): the vCPU's VFP state comes into the CPU. */
void vfp_trap(struct vcpu *vcpu);
/* Makes the bank hold the vCPU's current VFP state, for the ABI. */
void vcpu_sync_vfp(struct vcpu *vcpu);
/* Virtual timer interrupt, as a level on the vCPU's virtual IRQ line:
 * raised when the physical CNTV interrupt fires, and rechecked at exits;
 * recheck returns whether it is still raised. */
void vtimer_inject(struct vcpu *vcpu);
bool vtimer_recheck(struct vcpu *vcpu);

/* A guest general register as the trapped instruction named it (0..15),
 * in the guest's mode at the time of the trap. */
uint32_t vcpu_get_gpr(struct vcpu *vcpu, unsigned n);
void vcpu_set_gpr(struct vcpu *vcpu, unsigned n, uint32_t value);
#endif
