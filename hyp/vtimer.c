/*
 * The virtual timer (hyp/vtimer.h): CNTV_* carried by the world switch, and
 * its interrupt as the level of the vCPU's timer line (hyp/virq.h). The
 * line is level-sensitive: the physical interrupt stays masked while the
 * line is raised, and hypv7 looks again soon (sched) because the guest
 * quietens its timer with register writes that do not trap.
 */
#include "hyp/vtimer.h"

#include "arch/sysregs.h"
#include "hyp/irq.h"
#include "hyp/sched.h"
#include "hyp/virq.h"
#include "hyp/vm.h"
#include "platform/platform.h"

/* The virtual timer's output as the guest's interrupt line would see it. */
static bool vtimer_asserted(void)
{
	uint32_t ctl = read_CNTV_CTL();
	return (ctl & CNT_CTL_ENABLE) && !(ctl & CNT_CTL_IMASK) && (ctl & CNT_CTL_ISTATUS);
}

/* The physical CNTV interrupt: the loaded vCPU's timer fired. */
static void vtimer_fired(unsigned irq, struct vcpu *vcpu)
{
	if (!vcpu)
		return; /* taken while idle: its vCPU was put since */
	virq_set_level(vcpu, GUEST_VTIMER_INTID, true);
	board.irq->disable(irq); /* level: until the line drops */
	sched_recheck_soon();
}

bool vtimer_recheck_raised(struct vcpu *vcpu)
{
	if (vcpu_loaded(vcpu) && vtimer_asserted()) /* loaded here: its own CPU asks */
		return true;
	virq_set_level(vcpu, GUEST_VTIMER_INTID, false);
	board.irq->enable(board.virt_timer_irq);
	return false;
}

uint64_t vtimer_deadline(const struct vcpu *vcpu)
{
	bool live = vcpu_loaded(vcpu); /* its own CPU asks (hyp/sched.c) */
	uint32_t ctl = live ? read_CNTV_CTL() : vcpu->bank.cntv_ctl;
	uint64_t cval = live ? read_CNTV_CVAL() : vcpu->bank.cntv_cval;
	uint64_t offset = vcpu->vm->abi.cntvoff;
	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK) || cval > VTIMER_NEVER - offset)
		return VTIMER_NEVER;
	return cval + offset; /* the virtual count is the physical one - CNTVOFF */
}

void vtimer_init(void)
{
	irq_register(board.virt_timer_irq, vtimer_fired);
}
