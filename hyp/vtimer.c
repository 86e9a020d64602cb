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
	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK))
		return VTIMER_NEVER;
	/* The virtual count is the physical one - CNTVOFF, modulo 2^64: a VM
	 * restored from another boot's snapshot may count ahead of the
	 * physical counter (CNTVOFF "negative"). So the deadline is taken as
	 * a distance from now, not as cval + CNTVOFF. */
	uint64_t now = read_CNTPCT();
	uint64_t virt_now = now - vcpu->vm->abi.cntvoff;
	if (cval <= virt_now)
		return now; /* due */
	uint64_t ahead = cval - virt_now;
	return ahead > VTIMER_NEVER - now ? VTIMER_NEVER : now + ahead;
}

void vtimer_init(void)
{
	irq_register(board.virt_timer_irq, vtimer_fired);
}
