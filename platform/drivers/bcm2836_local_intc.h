/*
 * BCM2836 (Raspberry Pi 2) local interrupt controller: the per-core block
 * at 0x40000000 that routes each core's generic timers, mailboxes, the
 * GPU interrupt and the PMU. The board has no GIC.
 *
 * hypv7 numbers an interrupt by its bit in the core's IRQ source register,
 * so a number names the same source in every register of this block.
 */
#ifndef HYPV7_BCM2836_LOCAL_INTC_H
#define HYPV7_BCM2836_LOCAL_INTC_H

#include "platform/platform.h"

#define BCM2836_IRQ_CNTPS 0u    /* Secure physical timer */
#define BCM2836_IRQ_CNTPNS 1u   /* Non-secure physical timer */
#define BCM2836_IRQ_CNTHP 2u    /* Hyp physical timer */
#define BCM2836_IRQ_CNTV 3u     /* virtual timer */
#define BCM2836_IRQ_MAILBOX0 4u /* mailboxes 0..3: 4..7 */
/* hypv7's IPIs between cores: each core's mailbox 0. */
#define BCM2836_IRQ_HYP_IPI BCM2836_IRQ_MAILBOX0
#define BCM2836_IRQ_GPU 8u
#define BCM2836_IRQ_PMU 9u
#define BCM2836_IRQ_LOCAL_TIMER 11u

/* For boards whose board.intc_base is a BCM2836 local interrupt controller. */
extern const struct irq_ops bcm2836_local_intc_ops;

/* Starts a secondary core parked the firmware's way (board.cpu_start). */
int bcm2836_cpu_start(unsigned cpu, uintptr_t entry);

#endif
