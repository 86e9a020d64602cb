/*
 * The physical-interrupt registry (hyp/irq.h) and the guest-exit path for
 * an interrupt: acknowledge, end, run the interrupt's handler, schedule.
 */
#include "hyp/irq.h"

#include <stdbool.h>

#include "abi/errno.h"
#include "hyp/sched.h"
#include "lib/printk.h"
#include "platform/platform.h"

/* Interrupts hypv7 itself uses: a handful, looked up linearly. */
#define IRQ_MAX_HANDLERS 8u

static struct {
	unsigned irq;
	irq_handler *handler;
} handlers[IRQ_MAX_HANDLERS];
static unsigned nr_handlers;

int irq_register(unsigned irq, irq_handler *handler)
{
	for (unsigned i = 0; i < nr_handlers; i++)
		if (handlers[i].irq == irq)
			return -EINVAL;
	if (nr_handlers == IRQ_MAX_HANDLERS)
		return -ENOMEM;
	handlers[nr_handlers].irq = irq;
	handlers[nr_handlers].handler = handler;
	nr_handlers++;
	board.irq->enable(irq);
	return 0;
}

void irq_enable_private(void)
{
	for (unsigned i = 0; i < nr_handlers; i++)
		if (handlers[i].irq < board.irq->nr_private)
			board.irq->enable(handlers[i].irq);
}

static irq_handler *handler_of(unsigned irq)
{
	for (unsigned i = 0; i < nr_handlers; i++)
		if (handlers[i].irq == irq)
			return handlers[i].handler;
	return 0;
}

/* Acknowledges, ends and handles one interrupt; false if none was. */
static bool dispatch_one(struct vcpu *interrupted)
{
	uint32_t token;
	unsigned irq = board.irq->ack(&token);
	if (irq == IRQ_NONE)
		return false;
	board.irq->eoi(token);
	irq_handler *handler = handler_of(irq);
	if (handler)
		handler(irq, interrupted);
	else
		printk("hypv7: unexpected interrupt %u\n", irq);
	return true;
}

void irq_dispatch_pending(struct vcpu *interrupted)
{
	while (dispatch_one(interrupted))
		;
}

struct vcpu *handle_guest_irq(struct vcpu *vcpu);
struct vcpu *handle_guest_irq(struct vcpu *vcpu)
{
	dispatch_one(vcpu);
	return sched_after_irq();
}
