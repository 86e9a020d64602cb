/* hypv7's own hypercalls (abi/include/hypv7/hypercalls.def, docs/abi.md). */
#ifndef HYPV7_HYPERCALL_H
#define HYPV7_HYPERCALL_H
#include <stdbool.h>

struct vcpu;
/*
 * HVC #0 from the guest: runs the SMCCC call in the caller's saved r0..r4
 * (results in r0..r3) — one of hypv7's calls (vendor hypervisor range), or
 * else PSCI and the architecture calls (hyp/smccc.c) — and returns the vCPU
 * to run next. hyp/vectors.S calls it straight from the guest exit.
 */
struct vcpu *handle_hvc(struct vcpu *caller);
/* Builds the tables the calls read (the register list, the id index) once,
 * at boot, after host_ids_read(). */
void hypercall_init(void);
#endif
