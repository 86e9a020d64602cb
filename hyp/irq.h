/*
 * Physical interrupts taken in Hyp mode (HCR.IMO): each interrupt number of
 * the board's controller that hypv7 uses has one handler, registered at
 * boot (the Hyp timer, the virtual timer, the GIC maintenance interrupt,
 * the IPI between CPUs).
 */
#ifndef HYPV7_HYP_IRQ_H
#define HYPV7_HYP_IRQ_H

struct vcpu;
/* `interrupted` is the vCPU that was running when the interrupt came. */
typedef void irq_handler(unsigned irq, struct vcpu *interrupted);

/* Installs the handler and enables the interrupt; 0, or -EINVAL for an
 * interrupt that already has one, -ENOMEM when the table is full. */
int irq_register(unsigned irq, irq_handler *handler);
/* A secondary CPU: enables its own copies of the CPU-private interrupts
 * registered so far (its timers, the GIC maintenance interrupt, the IPI). */
void irq_enable_private(void);

/* Takes every interrupt the controller has pending, running their
 * handlers (the idle loop, whose IRQs stay masked). */
void irq_dispatch_pending(struct vcpu *interrupted);
#endif
