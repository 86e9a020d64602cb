/*
 * A vCPU's virtual timer (CNTV): its registers carried by the world
 * switch, and its output as a level on the vCPU's timer interrupt line
 * (hyp/virq.h), as KVM drives it: raised when the physical CNTV interrupt
 * fires, the physical interrupt masked until the guest has dealt with it.
 */
#ifndef HYPV7_HYP_VTIMER_H
#define HYPV7_HYP_VTIMER_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/sysregs.h"
#include "hyp/vm.h"

/* The world switch's part and the line test are inline: they are on the
 * path of every VM switch and every trap. */
#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

/* World switch: stop it firing for the next vCPU / bring it back. */
static inline void vtimer_save(struct vcpu_bank *b)
{
	b->cntv_ctl = read_CNTV_CTL() & ~CNT_CTL_ISTATUS;
	b->cntv_cval = read_CNTV_CVAL();
	write_CNTV_CTL(0); /* it must not fire while another vCPU runs */
}

static inline void vtimer_restore(const struct vcpu *vcpu)
{
	write_CNTVOFF(vcpu->vm->abi.cntvoff);
	write_CNTV_CVAL(vcpu->bank.cntv_cval);
	write_CNTV_CTL(vcpu->bank.cntv_ctl);
}

/* Whether the vCPU's timer line is raised. */
static inline bool vtimer_line_raised(const struct vcpu *vcpu)
{
	return virq_line_raised(&vcpu->virq, GUEST_VTIMER_INTID);
}

/* Whether the loaded vCPU's timer is enabled and unmasked: it will
 * assert its line (one register read: on the path of every WFI). */
static inline bool vtimer_armed(void)
{
	return (read_CNTV_CTL() & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE;
}

/* A physical count no timer reaches: the timer will not fire. */
#define VTIMER_NEVER UINT64_MAX
/* The physical count at which the vCPU's timer will assert its line (in
 * the past if it has), or VTIMER_NEVER while it is disabled or masked. */
uint64_t vtimer_deadline(const struct vcpu *vcpu);

/* Registers the virtual timer's physical interrupt (hyp/irq.h). */
void vtimer_init(void);
/* With the line raised: lowers it if the guest has quietened its timer. */
bool vtimer_recheck_raised(struct vcpu *vcpu);

/* Looks at the timer again: lowers the line once the guest has quietened
 * the timer (which does not trap); returns whether it is still raised. */
static inline bool vtimer_recheck(struct vcpu *vcpu)
{
	return vtimer_line_raised(vcpu) && vtimer_recheck_raised(vcpu);
}
#endif
