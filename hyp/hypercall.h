/* hypv7's own hypercalls (abi/include/hypv7/hypercalls.def, docs/abi.md). */
#ifndef HYPV7_HYPERCALL_H
#define HYPV7_HYPERCALL_H
#include <stdint.h>

#include "smccc.h"

struct vcpu;
/* Handles a function ID in the vendor hypervisor range, if it is one. */
void hypercall_call(struct vcpu *caller, uint32_t fn, const uint32_t *args,
		    struct smccc_result *res);
#endif
