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

/*
 * The single-CPU assumption, in one place: makes the bank the whole truth
 * about a vCPU that is not running, for the register ABI. Today every vCPU
 * runs on the boot CPU, so a vCPU that is not running is not loaded
 * anywhere else and only its lazily moved VFP state may still sit in this
 * CPU. With several CPUs, a vCPU loaded on another one (vcpu->loaded_on)
 * is fetched here (kick that CPU, wait for its put).
 */
static inline void vcpu_make_bank_current(struct vcpu *vcpu)
{
	vcpu_sync_vfp(vcpu);
}

/* A guest general register as the trapped instruction named it (0..15),
 * in the guest's mode at the time of the trap. */
uint32_t vcpu_get_gpr(struct vcpu *vcpu, unsigned n);
void vcpu_set_gpr(struct vcpu *vcpu, unsigned n, uint32_t value);
/* The banked LR and SPSR of `mode` (an exception mode, not FIQ's
 * neighbours' USR/SYS), for an exception hypv7 makes the guest take. */
void vcpu_set_exception_regs(struct vcpu *vcpu, uint32_t mode, uint32_t lr, uint32_t spsr);
#endif
