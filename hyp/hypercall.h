/* hypv7's own hypercalls (abi/include/hypv7/hypercalls.def, docs/abi.md). */
#ifndef HYPV7_HYPERCALL_H
#define HYPV7_HYPERCALL_H
#include <stdbool.h>

struct vcpu;
/*
 * If the caller's r0 names one of hypv7's calls (vendor hypervisor range),
 * runs it on the caller's saved registers (arguments r1..r4, results r0..r3)
 * and returns true; false for any other function ID.
 */
bool hypercall_handle(struct vcpu *caller);
#endif
