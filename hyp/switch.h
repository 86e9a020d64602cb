/* Moving a vCPU's state between the CPU and its bank. */
#ifndef HYPV7_SWITCH_H
#define HYPV7_SWITCH_H
#include <stdbool.h>
#include <stdint.h>

#include "hyp/vfp.h"

struct vcpu;
/* Saves everything the guest can see into the bank; the CPU is free. */
void vcpu_put(struct vcpu *vcpu);
/* Loads the bank into the CPU; guest_enter() then restores r0-r14. */
void vcpu_load(struct vcpu *vcpu);

/* A guest general register as the trapped instruction named it (0..15),
 * in the guest's mode at the time of the trap. */
uint32_t vcpu_get_gpr(struct vcpu *vcpu, unsigned n);
void vcpu_set_gpr(struct vcpu *vcpu, unsigned n, uint32_t value);
/* The banked LR and SPSR of `mode` (an exception mode, not FIQ's
 * neighbours' USR/SYS), for an exception hypv7 makes the guest take. */
void vcpu_set_exception_regs(struct vcpu *vcpu, uint32_t mode, uint32_t lr, uint32_t spsr);
#endif
