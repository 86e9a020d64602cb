/*
 * HVC #0 from a guest: an SMCCC fast call. r0 is the function ID, r1..r4
 * the arguments; results go to r0..r3 and r4..r14 are preserved. hypv7's
 * own calls (hyp/hypercall.c) are tried first; these are the rest.
 */
#include "hyp/smccc.h"
#include "hyp/vm.h"

#define SMCCC_ARGS 4

static int arch_call(uint32_t fn, const uint32_t *args, struct smccc_result *res)
{
	switch (fn) {
	case SMCCC_VERSION: res->r[0] = SMCCC_VERSION_1_1; return 1;
	case SMCCC_ARCH_FEATURES:
		res->r[0] = args[0] == SMCCC_VERSION || args[0] == SMCCC_ARCH_FEATURES
				? 0
				: SMCCC_NOT_SUPPORTED;
		return 1;
	}
	return 0;
}

void smccc_handle_call(struct vcpu *vcpu)
{
	long *r = vcpu->bank.core.usr_regs.uregs; /* r0-r12 are saved on exit */
	uint32_t fn = (uint32_t)r[0];
	uint32_t args[SMCCC_ARGS];
	for (unsigned i = 0; i < SMCCC_ARGS; i++)
		args[i] = (uint32_t)r[1 + i];
	/* Results default to the caller's own registers: SMCCC leaves r1-r3
	 * of a call that returns one value unspecified; keeping them is kind. */
	struct smccc_result res = { { SMCCC_NOT_SUPPORTED, args[0], args[1], args[2] } };
	vcpu->restarted = false;
	switch ((fn >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK) {
	case SMCCC_OWNER_ARCH: arch_call(fn, args, &res); break;
	case SMCCC_OWNER_STANDARD: psci_call(vcpu, fn, args, &res); break;
	}
	if (vcpu->restarted)
		return; /* the call reset its caller (SYSTEM_RESET): no results */
	for (unsigned i = 0; i < 4; i++)
		r[i] = (long)res.r[i];
}
