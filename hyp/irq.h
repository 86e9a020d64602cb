/*
 * Physical interrupts taken in Hyp mode (HCR.IMO): each interrupt number of
 * the board's controller that hypv7 uses has one handler, registered at
 * boot (the Hyp timer, the virtual timer; later the GIC maintenance
 * interrupt and IPIs).
 */
#ifndef HYPV7_HYP_IRQ_H
#define HYPV7_HYP_IRQ_H

struct vcpu;
/* `interrupted` is the vCPU that was running when the interrupt came. */
typedef void irq_handler(unsigned irq, struct vcpu *interrupted);

/* Installs the handler and enables the interrupt; 0, or -EINVAL for an
 * interrupt that already has one, -ENOMEM when the table is full. */
int irq_register(unsigned irq, irq_handler *handler);

/* Takes every interrupt the controller has pending, running their
 * handlers (the idle loop, whose IRQs stay masked). */
void irq_dispatch_pending(struct vcpu *interrupted);
#endif
