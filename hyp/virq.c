/*
 * The HCR.VI backend of virtual interrupts (hyp/virq.h): the guest's IRQ
 * input is the OR of its vCPU's raised lines. HCR is per vCPU (vcpu->hcr)
 * and goes to the CPU when the vCPU is loaded, or at once if it is.
 */
#include "hyp/virq.h"

#include "arch/sysregs.h"
#include "hyp/vm.h"

static void hcr_vi_update(struct vcpu *vcpu)
{
	uint32_t hcr = virq_any_raised(&vcpu->virq) ? vcpu->hcr | HCR_VI : vcpu->hcr & ~HCR_VI;
	if (hcr == vcpu->hcr)
		return;
	vcpu->hcr = hcr;
	if (vcpu_loaded(vcpu))
		write_HCR(hcr);
}

void virq_set_level(struct vcpu *vcpu, unsigned intid, bool level)
{
	if (intid >= VIRQ_MAX_INTID)
		return;
	uint32_t bit = 1u << intid;
	vcpu->virq.raised = level ? vcpu->virq.raised | bit : vcpu->virq.raised & ~bit;
	hcr_vi_update(vcpu);
}
