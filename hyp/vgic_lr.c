/*
 * The list-register backend of virtual interrupts (hyp/vgic.h): interrupts
 * that are pending and enabled in a vCPU's distributor go into free LRs of
 * the GICH; the CPU shows them to the guest through GICV. Work happens only
 * when something changes (a line, a distributor write, the maintenance
 * interrupt, a world switch of a vCPU that uses its GIC): a guest exit with
 * nothing in flight touches no GICH register.
 *
 * Level interrupts from lines (the virtual timer, the vUART's SPI) carry
 * LR.EOI: the guest's EOI raises the maintenance interrupt, and the line
 * is looked at again there, so an interrupt still asserted is injected
 * again (level semantics, as KVM's software level interrupts). So does an
 * SGI pending from more sources than the one its LR names: an id has one
 * LR at a time, and the next source goes in at the guest's EOI.
 */
#include "hyp/vgic.h"

#include "arch/sysregs.h"
#include "hyp/irq.h"
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/vm.h"
#include "hyp/vtimer.h"
#include "lib/printk.h"
#include "platform/platform.h"

static unsigned nr_lrs; /* implemented LRs, capped at VGIC_MAX_LRS */

static inline volatile uint32_t *gich(unsigned off)
{
	return (volatile uint32_t *)(board.gich_base + off);
}

/* An LR of the vCPU: the hardware's while it is loaded, else its copy.
 * Only for a vCPU loaded on this CPU or on none: the entry points leave
 * one loaded on another CPU to that CPU (vcpu_elsewhere). */
static uint32_t lr_read(const struct vcpu *vcpu, unsigned n)
{
	return vcpu_loaded(vcpu) ? *gich(GICH_LR0 + 4 * n) : vcpu->vgic.lr[n];
}

/* Loaded on another CPU, whose GICH this one cannot reach. */
static bool vcpu_elsewhere(const struct vcpu *vcpu)
{
	return vcpu->loaded_on && vcpu->loaded_on != this_cpu();
}

static void lr_write(struct vcpu *vcpu, unsigned n, uint32_t value)
{
	if (vcpu_loaded(vcpu))
		*gich(GICH_LR0 + 4 * n) = value;
	else
		vcpu->vgic.lr[n] = value;
}

static void hcr_write(struct vcpu *vcpu, uint32_t value)
{
	if (vcpu_loaded(vcpu))
		*gich(GICH_HCR) = value;
	else
		vcpu->vgic.hcr = value;
}

static uint32_t hcr_read(const struct vcpu *vcpu)
{
	return vcpu_loaded(vcpu) ? *gich(GICH_HCR) : vcpu->vgic.hcr;
}

static void lr_free(struct vcpu *vcpu, unsigned n)
{
	lr_write(vcpu, n, 0);
	vcpu->vgic.lr_used &= ~(1u << n);
}

/* The LR holding `intid`, or -1. */
static int lr_of(const struct vcpu *vcpu, unsigned intid)
{
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		if ((lr_read(vcpu, n) & GICH_LR_VIRTUALID_MASK) == intid)
			return (int)n;
	}
	return -1;
}

/* Frees the LRs the guest has finished with; returns whether one of them
 * was a level interrupt (its line must be looked at again). */
static bool lr_reclaim(struct vcpu *vcpu)
{
	bool level_done = false;
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		uint32_t lr = lr_read(vcpu, n);
		if (lr & GICH_LR_STATE_MASK)
			continue;
		level_done |= (lr & GICH_LR_EOI) != 0;
		lr_free(vcpu, n);
	}
	return level_done;
}

static int lr_alloc(const struct vcpu *vcpu)
{
	uint32_t free = ~vcpu->vgic.lr_used & ((1u << nr_lrs) - 1);
	return free ? __builtin_ctz(free) : -1;
}

/* Interrupts of `bank` (ids base..base+31) pending for `vcpu`. */
static uint32_t pending_of(const struct vcpu *vcpu, const struct vgic_bank *bank, unsigned base)
{
	return (bank->pending | vgic_lines(vcpu, base)) & bank->enabled;
}

static bool line_raised(const struct vcpu *vcpu, unsigned intid)
{
	unsigned bit = intid % GIC_IRQS_PER_WORD;
	return (vgic_lines(vcpu, intid - bit) >> bit) & 1u;
}

/* The LR value for `intid`; consumes a latched pending state (an SGI one
 * source at a time), as KVM does. */
static uint32_t lr_make(struct vcpu *vcpu, struct vgic_bank *bank, unsigned intid)
{
	unsigned bit = intid % GIC_IRQS_PER_WORD;
	uint32_t lr =
	    intid | GICH_LR_PENDING |
	    ((uint32_t)(bank->priority[bit] >> GICH_LR_PRIORITY_DROP) << GICH_LR_PRIORITY_SHIFT);
	if (bank->group & (1u << bit))
		lr |= GICH_LR_GRP1;
	if (intid < GIC_NR_SGIS) {
		uint8_t *src = &vcpu->vgic.sgi_sources[intid];
		unsigned from = (unsigned)__builtin_ctz(*src);
		lr |= from << GICH_LR_CPUID_SHIFT;
		*src &= (uint8_t) ~(1u << from);
		if (!*src)
			bank->pending &= ~(1u << bit);
		else /* one LR per id: the guest's EOI brings the next source in */
			lr |= GICH_LR_EOI;
	} else if (line_raised(vcpu, intid)) {
		lr |= GICH_LR_EOI; /* a line: look again when the guest is done */
	} else {
		bank->pending &= ~(1u << bit);
	}
	return lr;
}

/* Fills free LRs from the interrupts of one bank in `mask`; false when
 * the LRs ran out first. */
static bool flush_bank(struct vcpu *vcpu, struct vgic_bank *bank, unsigned base, uint32_t mask)
{
	for (uint32_t todo = pending_of(vcpu, bank, base) & mask; todo; todo &= todo - 1) {
		unsigned intid = base + (unsigned)__builtin_ctz(todo);
		if (lr_of(vcpu, intid) >= 0)
			continue;
		int n = lr_alloc(vcpu);
		if (n < 0)
			return false;
		lr_write(vcpu, (unsigned)n, lr_make(vcpu, bank, intid));
		vcpu->vgic.lr_used |= 1u << n;
	}
	return true;
}

/* The SPIs of a bank that go to `vcpu`: the lowest of their targets (KVM). */
static uint32_t spis_for(const struct vcpu *vcpu, const struct vgic_bank *bank)
{
	uint32_t mask = 0;
	for (unsigned i = 0; i < GIC_IRQS_PER_WORD; i++)
		if (bank->targets[i] && (unsigned)__builtin_ctz(bank->targets[i]) == vcpu->index)
			mask |= 1u << i;
	return mask;
}

static bool flush_spis(struct vcpu *vcpu)
{
	for (unsigned b = 0; b < VGIC_NR_SPI_BANKS; b++) {
		struct vgic_bank *bank = &vcpu->vm->vgic.spis[b];
		unsigned base = GIC_NR_PRIVATE + b * GIC_IRQS_PER_WORD;
		if (!pending_of(vcpu, bank, base))
			continue; /* the targets are looked at only when it matters */
		if (!flush_bank(vcpu, bank, base, spis_for(vcpu, bank)))
			return false;
	}
	return true;
}

/* vgic_flush for a vCPU loaded on this CPU or on none. */
static void flush(struct vcpu *vcpu)
{
	lr_reclaim(vcpu);
	bool all_in = flush_bank(vcpu, &vcpu->vgic.priv, 0, ~0u) && flush_spis(vcpu);
	/* More pending than LRs: the underflow interrupt says when LRs free. */
	uint32_t hcr = hcr_read(vcpu);
	uint32_t want = all_in ? hcr & ~GICH_HCR_UIE : hcr | GICH_HCR_UIE;
	if (want != hcr)
		hcr_write(vcpu, want);
}

void vgic_flush(struct vcpu *vcpu)
{
	if (!vcpu->vm->vgic.enabled)
		return;
	if (vcpu_elsewhere(vcpu)) {
		vcpu->vgic.flush_pending = true; /* its CPU fills its LRs */
		smp_kick(vcpu->loaded_on);
		return;
	}
	vcpu->vgic.flush_pending = false;
	flush(vcpu);
	/* Something is now pending for a vCPU in WFI (an SGI from a sibling,
	 * a distributor write): its WFI ends. */
	if (vcpu->waiting && vgic_has_pending(vcpu))
		sched_wake(vcpu);
}

/* A line dropped before the guest took its interrupt: no longer pending. */
static void line_dropped(struct vcpu *vcpu, unsigned intid)
{
	int n = lr_of(vcpu, intid);
	if (n >= 0 && (lr_read(vcpu, (unsigned)n) & GICH_LR_STATE_MASK) == GICH_LR_PENDING &&
	    (lr_read(vcpu, (unsigned)n) & GICH_LR_EOI))
		lr_free(vcpu, (unsigned)n);
}

void vgic_line_changed(struct vcpu *vcpu, unsigned intid, bool level)
{
	if (intid < GIC_NR_PRIVATE) {
		/* A private line (its timer) is raised by the vCPU's own CPU,
		 * where it runs: no other CPU, no wait to end. */
		if (level && vcpu->vm->vgic.enabled)
			flush(vcpu);
		else
			line_dropped(vcpu, intid);
		return;
	}
	/* An SPI: whichever vCPU the distributor targets has it in an LR. */
	struct vm *vm = vcpu->vm;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];
		if (level)
			vgic_flush(v);
		/* One loaded on another CPU keeps the LR: its guest then takes
		 * the interrupt, finds the device quiet, and ends it. */
		else if (!vcpu_elsewhere(v) && !line_raised(v, intid))
			line_dropped(v, intid);
	}
}

bool vgic_has_pending(const struct vcpu *vcpu)
{
	if (hcr_read(vcpu) & GICH_HCR_UIE)
		return true; /* more pending than LRs */
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1)
		if (lr_read(vcpu, (unsigned)__builtin_ctz(used)) & GICH_LR_PENDING)
			return true;
	return false;
}

uint32_t vgic_lr_bits(const struct vcpu *vcpu, unsigned base, uint32_t state)
{
	if (vcpu_elsewhere(vcpu))
		return 0; /* its LRs are that CPU's: not seen from here */
	uint32_t bits = 0;
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1) {
		uint32_t lr = lr_read(vcpu, (unsigned)__builtin_ctz(used));
		unsigned id = lr & GICH_LR_VIRTUALID_MASK;
		if (id - base < GIC_IRQS_PER_WORD && (lr & state))
			bits |= 1u << (id - base);
	}
	return bits;
}

uint8_t vgic_lr_sgi_sources(const struct vcpu *vcpu, unsigned sgi)
{
	if (vcpu_elsewhere(vcpu))
		return 0;
	uint8_t from = 0;
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1) {
		uint32_t lr = lr_read(vcpu, (unsigned)__builtin_ctz(used));
		if ((lr & GICH_LR_VIRTUALID_MASK) == sgi && (lr & GICH_LR_PENDING))
			from |= (uint8_t)(1u << ((lr >> GICH_LR_CPUID_SHIFT) & 7u));
	}
	return from;
}

void vgic_lr_clear(struct vcpu *vcpu, unsigned base, uint32_t mask, uint32_t state)
{
	if (vcpu_elsewhere(vcpu))
		return;
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		uint32_t lr = lr_read(vcpu, n);
		unsigned id = lr & GICH_LR_VIRTUALID_MASK;
		if (id - base >= GIC_IRQS_PER_WORD || !(mask & (1u << (id - base))) ||
		    !(lr & state))
			continue;
		lr &= ~state;
		if (lr & GICH_LR_STATE_MASK)
			lr_write(vcpu, n, lr);
		else
			lr_free(vcpu, n);
	}
}

void vgic_retract_pending(struct vcpu *vcpu)
{
	/* A sibling running on another CPU while its distributor is turned
	 * off keeps what its LRs hold until it is next switched (a guest
	 * that disables its GIC with CPUs online asks for no more). */
	if (vcpu_elsewhere(vcpu))
		return;
	for (uint32_t used = vcpu->vgic.lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		uint32_t lr = lr_read(vcpu, n);
		if ((lr & GICH_LR_STATE_MASK) != GICH_LR_PENDING)
			continue;
		unsigned intid = lr & GICH_LR_VIRTUALID_MASK;
		struct vgic_bank *bank = vgic_bank_of(vcpu, intid);
		if (intid < GIC_NR_SGIS)
			vcpu->vgic.sgi_sources[intid] |=
			    (uint8_t)(1u << ((lr >> GICH_LR_CPUID_SHIFT) & 7u));
		if (intid < GIC_NR_SGIS || !(lr & GICH_LR_EOI)) /* a latch, not a line */
			bank->pending |= 1u << (intid % GIC_IRQS_PER_WORD);
		lr_free(vcpu, n);
	}
}

/* The maintenance interrupt: the guest ended a level interrupt, or LRs
 * drained with more waiting. Look at the lines again and refill. */
static void maintenance(unsigned irq, struct vcpu *vcpu)
{
	(void)irq;
	if (!vcpu || !vcpu->vgic.used)
		return;
	if (lr_reclaim(vcpu))
		vtimer_recheck(vcpu);
	vgic_flush(vcpu);
	if (!vcpu->vm->vgic.enabled)
		hcr_write(vcpu, hcr_read(vcpu) & ~GICH_HCR_UIE);
}

void vgic_claim(struct vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];
		if (v->vgic.used)
			continue;
		v->vgic.used = true;
		v->vgic.hcr = GICH_HCR_EN; /* VMCR 0: reset binary points (KVM) */
		if (vcpu_loaded(v))        /* the caller: a VM of several is claimed at once */
			vgic_restore(v);
	}
}

void vgic_save(struct vcpu *vcpu)
{
	struct vgic_cpu *g = &vcpu->vgic;
	g->hcr = *gich(GICH_HCR);
	g->vmcr = *gich(GICH_VMCR);
	g->apr = *gich(GICH_APR);
	for (uint32_t used = g->lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		g->lr[n] = *gich(GICH_LR0 + 4 * n);
		*gich(GICH_LR0 + 4 * n) = 0; /* the next vCPU finds them empty */
	}
	*gich(GICH_HCR) = 0;
}

void vgic_restore(const struct vcpu *vcpu)
{
	const struct vgic_cpu *g = &vcpu->vgic;
	*gich(GICH_VMCR) = g->vmcr;
	*gich(GICH_APR) = g->apr;
	for (uint32_t used = g->lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		*gich(GICH_LR0 + 4 * n) = g->lr[n];
	}
	*gich(GICH_HCR) = g->hcr;
}

void vgic_init_this_cpu(void)
{
	if (!board.gich_base)
		return;
	*gich(GICH_HCR) = 0;
	for (unsigned n = 0; n < nr_lrs; n++)
		*gich(GICH_LR0 + 4 * n) = 0;
}

void vgic_init(void)
{
	if (!board.gich_base)
		return;
	nr_lrs = (*gich(GICH_VTR) & GICH_VTR_LISTREGS_MASK) + 1;
	if (nr_lrs > VGIC_MAX_LRS)
		nr_lrs = VGIC_MAX_LRS;
	vgic_init_this_cpu();
	irq_register(board.gic_maintenance_irq, maintenance);
	printk("hypv7: virtual GICv2 for every VM (%u list registers)\n", nr_lrs);
}
