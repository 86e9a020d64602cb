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
/*
 * The calls answered from the caller's own state with nothing to change,
 * before anything else (hyp/vectors.S tries it first, and returns to the
 * caller at once when it answered): SMCCC_VERSION and PSCI_VERSION, which
 * Linux makes, and an id no service of hypv7's has (r0 = NOT_SUPPORTED,
 * r1-r3 kept, as the general path would). False for every other call, and
 * while the caller's timer line is raised (handle_hvc looks at it then).
 */
bool hvc_answer_at_once(struct vcpu *caller);
/* GET/SET_ONE_REG's common case (`set`: which), answered the same way
 * (hyp/hypercall.c says when); false leaves it to handle_hvc. */
bool one_reg_at_once(struct vcpu *caller, bool set);
/* The ids of hypv7's call table (HVC_NR_SLOTS, hyp/asm-offsets.c) go to
 * handle_hvc directly, but GET/SET_ONE_REG, which try one_reg_at_once
 * first; hvc_answer_at_once sees every other id. */
/* Builds the tables the calls read (the register list, the id index) once,
 * at boot, after host_ids_read(). */
void hypercall_init(void);
#endif
