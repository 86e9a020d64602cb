/*
 * Exceptions hypv7 makes a guest take, as the CPU would have taken them
 * (ARM ARM B1.8-B1.9): the answer to a guest's mistake under the VM's
 * fault policy "inject" (VMn_FAULT=, hyp/vm_config.h), as KVM answers. The
 * vCPU must be loaded (a trap handler's): its CP15 is the CPU's.
 */
#ifndef HYPV7_HYP_INJECT_H
#define HYPV7_HYP_INJECT_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* An Undefined Instruction exception for the trapped instruction. */
void inject_undef(struct vcpu *vcpu, uint32_t hsr);
/* A synchronous external abort on a data access to `va` / an
 * instruction fetch from `va`. */
void inject_data_abort(struct vcpu *vcpu, uint32_t va, bool write);
void inject_prefetch_abort(struct vcpu *vcpu, uint32_t va);

#endif
