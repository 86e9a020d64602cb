/*
 * BCM2836 local interrupt controller as hypv7's irq_ops.
 *
 * There is no acknowledge and no active state: a source shows in the
 * core's IRQ source register for as long as its line is high. The timer
 * sources are level signals of the core's own generic timers, so the
 * handler must clear the condition (reprogram or mask the timer) before it
 * returns, or the interrupt is taken again at once. eoi has nothing to do.
 */
#include "platform/drivers/bcm2836_local_intc.h"
#include "arch/sysregs.h"

#define CORE_TIMER_IRQCNTL(core) (0x40u + 4u * (core))
#define CORE_MAILBOX_IRQCNTL(core) (0x50u + 4u * (core))
#define CORE_IRQ_SOURCE(core) (0x60u + 4u * (core))
/* Each core's four mailboxes: write-1s-to-set and write-1s-to-clear. */
#define CORE_MAILBOX_SET(core, n) (0x80u + 16u * (core) + 4u * (n))
#define CORE_MAILBOX_CLEAR(core, n) (0xc0u + 16u * (core) + 4u * (n))
#define HYP_IPI_MAILBOX (BCM2836_IRQ_HYP_IPI - BCM2836_IRQ_MAILBOX0)
#define FIRMWARE_RELEASE_MAILBOX 3u
#define MAILBOX_ALL_BITS 0xffffffffu

#define NR_TIMER_SOURCES 4u /* CNTPS, CNTPNS, CNTHP, CNTV */
#define NR_MAILBOXES 4u
/* Sources hypv7 can enable per core: the timers, then the mailboxes. */
#define ENABLEABLE_SOURCES_MASK ((1u << (BCM2836_IRQ_MAILBOX0 + NR_MAILBOXES)) - 1u)
#define MPIDR_CORE_MASK 0x3u

static inline volatile uint32_t *reg(unsigned off)
{
	return (volatile uint32_t *)(board.intc_base + off);
}

static unsigned this_core(void)
{
	return read_MPIDR() & MPIDR_CORE_MASK; /* MPIDR.Aff0 */
}

/* Every source off for this core, and none routed as FIQ. */
static void local_intc_init(void)
{
	unsigned core = this_core();
	*reg(CORE_TIMER_IRQCNTL(core)) = 0;
	*reg(CORE_MAILBOX_IRQCNTL(core)) = 0;
}

/*
 * The core's control register holding `irq`'s IRQ enable bit, and the bit:
 * enables sit at the source's position within its group. 0 for sources
 * that have no per-core enable (GPU, PMU and local timer route globally).
 */
static volatile uint32_t *enable_reg(unsigned irq, uint32_t *bit)
{
	unsigned core = this_core();
	if (irq < NR_TIMER_SOURCES) {
		*bit = 1u << irq;
		return reg(CORE_TIMER_IRQCNTL(core));
	}
	if (irq < BCM2836_IRQ_MAILBOX0 + NR_MAILBOXES) {
		*bit = 1u << (irq - BCM2836_IRQ_MAILBOX0);
		return reg(CORE_MAILBOX_IRQCNTL(core));
	}
	return 0;
}

static void local_intc_enable(unsigned irq)
{
	uint32_t bit;
	volatile uint32_t *r = enable_reg(irq, &bit);
	if (r)
		*r |= bit;
}

/* A disabled source drops out of the IRQ source register at once. */
static void local_intc_disable(unsigned irq)
{
	uint32_t bit;
	volatile uint32_t *r = enable_reg(irq, &bit);
	if (r)
		*r &= ~bit;
}

/* The lowest pending source hypv7 enabled: timers win over mailboxes. */
static unsigned local_intc_ack(uint32_t *token)
{
	uint32_t pending = *reg(CORE_IRQ_SOURCE(this_core())) & ENABLEABLE_SOURCES_MASK;
	*token = pending & -pending; /* the one taken, for eoi */
	if (!pending)
		return IRQ_NONE;
	return (unsigned)__builtin_ctz(pending);
}

/* Level sources are cleared at the source (see above); the IPI mailbox
 * here, before its handler looks at what the other core asked. */
static void local_intc_eoi(uint32_t token)
{
	if (token & (1u << BCM2836_IRQ_HYP_IPI))
		*reg(CORE_MAILBOX_CLEAR(this_core(), HYP_IPI_MAILBOX)) = MAILBOX_ALL_BITS;
}

/* The Raspberry Pi firmware's release of a parked core (and hypv7's pen,
 * platform/raspi2b/pen.S): the entry address in its mailbox 3. */
int bcm2836_cpu_start(unsigned cpu, uintptr_t entry)
{
	dsb(); /* what the core reads with its caches off is out first */
	*reg(CORE_MAILBOX_SET(cpu, FIRMWARE_RELEASE_MAILBOX)) = (uint32_t)entry;
	dsb();
	__asm__ volatile("sev"); /* a firmware pen waits in WFE */
	return 0;
}

static void local_intc_send_ipi(unsigned cpu)
{
	dsb();
	*reg(CORE_MAILBOX_SET(cpu, HYP_IPI_MAILBOX)) = 1;
}

const struct irq_ops bcm2836_local_intc_ops = {
	.init = local_intc_init,
	.enable = local_intc_enable,
	.disable = local_intc_disable,
	.ack = local_intc_ack,
	.eoi = local_intc_eoi,
	.send_ipi = local_intc_send_ipi,
	.nr_private = BCM2836_IRQ_GPU, /* the timers and mailboxes are per core */
};
