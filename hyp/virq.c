/*
 * Virtual interrupts (hyp/virq.h): a vCPU's lines, delivered by one of two
 * backends. The list registers of the virtual GIC (hyp/vgic_lr.c) once the
 * guest has enabled its distributor; before that, and on boards without
 * GICH, HCR.VI: the guest's IRQ input is the OR of its raised lines. HCR
 * is per vCPU (vcpu->hcr) and goes to the CPU when the vCPU is loaded, or
 * at once if it is.
 */
#include "hyp/virq.h"

#include "arch/sysregs.h"
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/vgic.h"
#include "hyp/vm.h"

static void hcr_vi_set(struct vcpu *vcpu, bool on)
{
	uint32_t hcr = on ? vcpu->hcr | HCR_VI : vcpu->hcr & ~HCR_VI;
	if (hcr == vcpu->hcr)
		return;
	vcpu->hcr = hcr;
	if (!vcpu_loaded(vcpu))
		return;
	if (vcpu->loaded_on == this_cpu())
		write_HCR(hcr);
	else
		smp_kick(vcpu->loaded_on); /* its CPU writes HCR (hyp/smp.c) */
}

static bool vgic_delivers(const struct vcpu *vcpu)
{
	return vcpu->vm->vgic.enabled;
}

/* A raised line ends the WFI of the vCPU it goes to (hyp/sched.h): its
 * own for a private interrupt, any of its VM's for an SPI (the guest's
 * distributor picks which; a vCPU woken for nothing waits again). */
static void wake_for(struct vcpu *vcpu, unsigned intid)
{
	if (intid < VIRQ_LINES_PER_WORD) {
		sched_wake(vcpu);
		return;
	}
	for (unsigned i = 0; i < vcpu->vm->nr_vcpus; i++)
		sched_wake(&vcpu->vm->vcpus[i]);
}

void virq_set_level(struct vcpu *vcpu, unsigned intid, bool level)
{
	if (intid >= VIRQ_MAX_INTID)
		return;
	uint32_t *word = &vcpu->virq.raised[intid / VIRQ_LINES_PER_WORD];
	uint32_t bit = 1u << (intid % VIRQ_LINES_PER_WORD);
	*word = level ? *word | bit : *word & ~bit;
	if (level)
		wake_for(vcpu, intid);
	if (vgic_delivers(vcpu))
		vgic_line_changed(vcpu, intid, level);
	else
		hcr_vi_set(vcpu, virq_any_raised(&vcpu->virq));
}

void virq_backend_changed(struct vcpu *vcpu)
{
	bool vgic = vgic_delivers(vcpu);
	hcr_vi_set(vcpu, !vgic && virq_any_raised(&vcpu->virq));
	if (vgic)
		vgic_flush(vcpu);
}
