/* SMC Calling Convention services a guest reaches with HVC #0. */
#ifndef HYPV7_HYP_SMCCC_H
#define HYPV7_HYP_SMCCC_H
#include <stdint.h>

#include <hypv7/smccc.h>

struct vcpu;
/* Results for r0..r3; handlers set only what they return. */
struct smccc_result {
	uint32_t r[4];
};

/* Handles the call in the vCPU's r0..r4 and writes the results back. */
void smccc_handle_call(struct vcpu *vcpu);
/* PSCI functions (hyp/psci.c): 0 if `fn` is not a PSCI function. */
int psci_call(struct vcpu *vcpu, uint32_t fn, const uint32_t *args, struct smccc_result *res);
uint32_t psci_version_of(const struct vcpu *vcpu);
#endif
