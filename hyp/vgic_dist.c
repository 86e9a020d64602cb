/*
 * The virtual GIC's distributor (hyp/vgic.h), emulated by trapping at
 * GUEST_GICD_IPA: the GICv2 registers with KVM's reset values and RO/WI
 * rules (docs/reference: KVM's vgic-mmio-v2.c). Byte access where the GIC
 * spec allows it (IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR), word
 * access everywhere; any other width or offset reads as zero and ignores
 * writes, as KVM does. Also the guest's GICC page: its first access maps
 * the board's GICV there (stage 2), so a guest that never touches its GIC
 * never has GICH state to switch.
 */
#include <stddef.h>

#include "abi/errno.h"
#include "hyp/mmio.h"
#include "hyp/vgic.h"
#include "hyp/virq.h"
#include "hyp/vm.h"
#include "lib/string.h"
#include "platform/platform.h"

/* GICD_IIDR as KVM's GICv2 model: product 0x4B, revision 2, ARM (0x43B). */
#define VGIC_IIDR 0x4b00243bu
#define GICD_CTLR_ENABLE 1u
/* The low 3 bits of a priority are not implemented (5 bits, as GICH). */
#define VGIC_PRIORITY_MASK 0xf8u
#define ICFGR_SGIS_EDGE 0xaaaaaaaau /* "10" for each of 16 SGIs */
#define ICFGR_EDGE_BIT 2u           /* of the two bits per interrupt */
#define ICFGR_IRQS_PER_WORD 16u
#define BYTE_BITS 8u
#define BYTE_MASK 0xffu
#define SGIR_FILTER_LIST 0u
#define SGIR_FILTER_OTHERS 1u
#define SGIR_FILTER_SELF 2u
/* The GICC page the guest sees: GICV's registers and its DIR page. */
#define VGIC_GICV_SIZE 0x2000u

struct vgic_bank *vgic_bank_of(struct vcpu *vcpu, unsigned intid)
{
	if (intid < GIC_NR_PRIVATE)
		return &vcpu->vgic.priv;
	if (intid >= VGIC_NR_IRQS)
		return NULL;
	return &vcpu->vm->vgic.spis[(intid - GIC_NR_PRIVATE) / GIC_IRQS_PER_WORD];
}

/* The registers with one bit per interrupt, and what a write does. */
enum bit_write { BITS_STORE, BITS_SET, BITS_CLEAR };
struct bit_reg {
	uint32_t offset;
	size_t field; /* in struct vgic_bank */
	enum bit_write write;
};
static const struct bit_reg bit_regs[] = {
	{ GICD_IGROUPR, offsetof(struct vgic_bank, group), BITS_STORE },
	{ GICD_ISENABLER, offsetof(struct vgic_bank, enabled), BITS_SET },
	{ GICD_ICENABLER, offsetof(struct vgic_bank, enabled), BITS_CLEAR },
	{ GICD_ISPENDR, offsetof(struct vgic_bank, pending), BITS_SET },
	{ GICD_ICPENDR, offsetof(struct vgic_bank, pending), BITS_CLEAR },
	{ GICD_ISACTIVER, offsetof(struct vgic_bank, active), BITS_SET },
	{ GICD_ICACTIVER, offsetof(struct vgic_bank, active), BITS_CLEAR },
};
#define NR_BIT_REGS (sizeof(bit_regs) / sizeof(bit_regs[0]))
/* Each bit register block spans 1024 interrupts: 0x80 bytes. */
#define BIT_REG_BLOCK 0x80u

static const struct bit_reg *bit_reg_at(uint32_t offset)
{
	for (unsigned i = 0; i < NR_BIT_REGS; i++)
		if (offset - bit_regs[i].offset < BIT_REG_BLOCK)
			return &bit_regs[i];
	return NULL;
}

uint32_t vgic_lines(const struct vcpu *vcpu, unsigned base)
{
	unsigned word = base / VIRQ_LINES_PER_WORD;
	if (base < GIC_NR_PRIVATE)
		return vcpu->virq.raised[word];
	uint32_t lines = 0;
	const struct vm *vm = vcpu->vm;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		lines |= vm->vcpus[i].virq.raised[word];
	return lines;
}

/* The interrupts base..base+31 that LRs hold in `state`: the vCPU's own
 * for SGIs and PPIs; any of its VM's for an SPI. */
static uint32_t lr_state_bits(const struct vcpu *vcpu, unsigned base, uint32_t state)
{
	if (base < GIC_NR_PRIVATE)
		return vgic_lr_bits(vcpu, base, state);
	uint32_t bits = 0;
	for (unsigned i = 0; i < vcpu->vm->nr_vcpus; i++)
		bits |= vgic_lr_bits(&vcpu->vm->vcpus[i], base, state);
	return bits;
}

/* ICPENDR / ICACTIVER: the state leaves the LRs that hold it too. */
static void lr_state_clear(struct vcpu *vcpu, unsigned base, uint32_t mask, uint32_t state)
{
	if (base < GIC_NR_PRIVATE) {
		vgic_lr_clear(vcpu, base, mask, state);
		return;
	}
	for (unsigned i = 0; i < vcpu->vm->nr_vcpus; i++)
		vgic_lr_clear(&vcpu->vm->vcpus[i], base, mask, state);
}

/* What ISPENDR/ICPENDR read: latched, raised lines, and what waits in an
 * LR (the guest has not taken it yet). */
static uint32_t pending_bits(const struct vcpu *vcpu, const struct vgic_bank *bank, unsigned base)
{
	return bank->pending | vgic_lines(vcpu, base) | lr_state_bits(vcpu, base, GICH_LR_PENDING);
}

static uint32_t bit_reg_access(struct vcpu *vcpu, const struct bit_reg *r, uint32_t offset,
			       bool write, uint32_t value)
{
	unsigned first = (offset - r->offset) / 4 * GIC_IRQS_PER_WORD;
	struct vgic_bank *bank = vgic_bank_of(vcpu, first);
	if (!bank)
		return 0; /* beyond the implemented interrupts: RAZ/WI */
	uint32_t *bits = (uint32_t *)((char *)bank + r->field);
	bool pending = r->field == offsetof(struct vgic_bank, pending);
	bool active = r->field == offsetof(struct vgic_bank, active);
	if (!write) {
		if (pending)
			return pending_bits(vcpu, bank, first);
		return active ? *bits | lr_state_bits(vcpu, first, GICH_LR_ACTIVE) : *bits;
	}
	if (pending && first == 0)
		value &= ~((1u << GIC_NR_SGIS) - 1); /* SGIs pend through SGIR */
	switch (r->write) {
	case BITS_STORE: *bits = value; break;
	case BITS_SET: *bits |= value; break;
	case BITS_CLEAR:
		*bits &= ~value;
		if (pending || active)
			lr_state_clear(vcpu, first, value,
				       pending ? GICH_LR_PENDING : GICH_LR_ACTIVE);
		break;
	}
	if (r->write == BITS_SET)
		vgic_flush(vcpu); /* newly enabled or pending */
	return 0;
}

/* ICFGR: PPIs level, SGIs edge, both fixed; SPIs' edge bit writable. */
static uint32_t icfgr_access(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t value)
{
	unsigned first = (offset - GICD_ICFGR) / 4 * ICFGR_IRQS_PER_WORD;
	struct vgic_bank *bank = vgic_bank_of(vcpu, first);
	if (first < GIC_NR_PRIVATE || !bank)
		return first < GIC_NR_SGIS ? ICFGR_SGIS_EDGE : 0;
	unsigned shift = first % GIC_IRQS_PER_WORD;
	uint32_t edge = 0;
	for (unsigned i = 0; i < ICFGR_IRQS_PER_WORD; i++) {
		uint32_t bit = 1u << (shift + i);
		if (write)
			bank->edge = (value & (ICFGR_EDGE_BIT << 2 * i)) ? bank->edge | bit
									 : bank->edge & ~bit;
		if (bank->edge & bit)
			edge |= ICFGR_EDGE_BIT << 2 * i;
	}
	return edge;
}

/* One byte of IPRIORITYR or ITARGETSR. */
static uint8_t *byte_field(struct vcpu *vcpu, uint32_t offset, uint32_t base, bool targets)
{
	unsigned intid = offset - base;
	struct vgic_bank *bank = vgic_bank_of(vcpu, intid);
	if (!bank)
		return NULL;
	unsigned i = intid % GIC_IRQS_PER_WORD;
	return targets ? &bank->targets[i] : &bank->priority[i];
}

static uint32_t online_mask(const struct vm *vm)
{
	return (1u << vm->nr_vcpus) - 1;
}

static uint32_t priority_byte(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t value)
{
	uint8_t *p = byte_field(vcpu, offset, GICD_IPRIORITYR, false);
	if (p && write)
		*p = (uint8_t)(value & VGIC_PRIORITY_MASK);
	return p ? *p : 0;
}

/* ITARGETSR0-7 (SGIs, PPIs) read this vCPU's bit and ignore writes. */
static uint32_t target_byte(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t value)
{
	if (offset - GICD_ITARGETSR < GIC_NR_PRIVATE)
		return 1u << vcpu->index;
	uint8_t *p = byte_field(vcpu, offset, GICD_ITARGETSR, true);
	if (p && write) {
		*p = (uint8_t)(value & online_mask(vcpu->vm));
		vgic_flush(vcpu);
	}
	return p ? *p : 0;
}

/* Queues SGI `sgi` from `from` on every vCPU of `targets`. */
static void send_sgi(struct vcpu *from, unsigned sgi, uint32_t targets)
{
	struct vm *vm = from->vm;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		if (!(targets & (1u << i)))
			continue;
		struct vcpu *to = &vm->vcpus[i];
		to->vgic.sgi_sources[sgi] |= (uint8_t)(1u << from->index);
		to->vgic.priv.pending |= 1u << sgi;
		vgic_flush(to);
	}
}

/* SPENDSGIR / CPENDSGIR: a byte per SGI, bit n = pending from vCPU n. */
static uint32_t sgi_pend_byte(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t value)
{
	bool set = offset >= GICD_SPENDSGIR;
	unsigned sgi = offset - (set ? GICD_SPENDSGIR : GICD_CPENDSGIR);
	uint8_t *src = &vcpu->vgic.sgi_sources[sgi];
	if (write) {
		value &= online_mask(vcpu->vm);
		if (!set && value) /* one in an LR is no longer pending either */
			vgic_lr_clear(vcpu, 0, 1u << sgi, GICH_LR_PENDING);
		*src = (uint8_t)(set ? *src | value : *src & ~value);
		if (*src)
			vcpu->vgic.priv.pending |= 1u << sgi;
		else
			vcpu->vgic.priv.pending &= ~(1u << sgi);
		if (set)
			vgic_flush(vcpu);
	}
	return *src | vgic_lr_sgi_sources(vcpu, sgi);
}

typedef uint32_t byte_reg_fn(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t value);

/* The byte-accessible registers; a word access is four byte accesses. */
static byte_reg_fn *byte_reg_at(uint32_t offset)
{
	if (offset >= GICD_IPRIORITYR && offset < GICD_ITARGETSR)
		return priority_byte;
	if (offset >= GICD_ITARGETSR && offset < GICD_ICFGR)
		return target_byte;
	if (offset >= GICD_CPENDSGIR && offset < GICD_SGIR_END)
		return sgi_pend_byte;
	return NULL;
}

static uint32_t byte_reg_access(struct vcpu *vcpu, byte_reg_fn *fn, const struct mmio_access *a)
{
	uint32_t result = 0;
	for (unsigned i = 0; i < a->size; i++) {
		uint32_t b =
		    fn(vcpu, a->offset + i, a->write, (a->value >> (BYTE_BITS * i)) & BYTE_MASK);
		result |= (b & BYTE_MASK) << (BYTE_BITS * i);
	}
	return result;
}

static void sgir_write(struct vcpu *vcpu, uint32_t value)
{
	unsigned sgi = value & GICD_SGIR_ID_MASK;
	uint32_t list = (value >> GICD_SGIR_TARGETS_SHIFT) & GICD_SGIR_TARGETS_MASK;
	uint32_t self = 1u << vcpu->index;
	switch ((value >> GICD_SGIR_FILTER_SHIFT) & GICD_SGIR_FILTER_MASK) {
	case SGIR_FILTER_LIST: break;
	case SGIR_FILTER_OTHERS: list = online_mask(vcpu->vm) & ~self; break;
	case SGIR_FILTER_SELF: list = self; break;
	default: return; /* reserved */
	}
	send_sgi(vcpu, sgi, list & online_mask(vcpu->vm));
}

/* GICD_CTLR.Enable moves the VM's interrupts between HCR.VI and the LRs. */
static void ctlr_write(struct vm *vm, uint32_t value)
{
	bool enable = value & GICD_CTLR_ENABLE;
	if (enable == vm->vgic.enabled)
		return;
	vm->vgic.enabled = enable;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		if (!enable)
			vgic_retract_pending(&vm->vcpus[i]);
		virq_backend_changed(&vm->vcpus[i]);
	}
}

static uint32_t word_reg_access(struct vcpu *vcpu, const struct mmio_access *a)
{
	const struct bit_reg *r = bit_reg_at(a->offset);
	if (r)
		return bit_reg_access(vcpu, r, a->offset, a->write, a->value);
	if (a->offset >= GICD_ICFGR && a->offset < GICD_SGIR)
		return icfgr_access(vcpu, a->offset, a->write, a->value);
	switch (a->offset) {
	case GICD_CTLR:
		if (a->write)
			ctlr_write(vcpu->vm, a->value);
		return vcpu->vm->vgic.enabled ? GICD_CTLR_ENABLE : 0;
	case GICD_TYPER:
		return (VGIC_NR_IRQS / GIC_IRQS_PER_WORD - 1) |
		       ((vcpu->vm->nr_vcpus - 1) << GICD_TYPER_CPUS_SHIFT);
	case GICD_IIDR: return VGIC_IIDR;
	case GICD_SGIR:
		if (a->write)
			sgir_write(vcpu, a->value);
		return 0;  /* write-only */
	default: return 0; /* reserved, IDs: RAZ/WI */
	}
}

static uint32_t dist_reg_access(struct vcpu *vcpu, const struct mmio_access *a)
{
	byte_reg_fn *fn = byte_reg_at(a->offset);
	if (a->size == 4 && !(a->offset & 3))
		return fn ? byte_reg_access(vcpu, fn, a) : word_reg_access(vcpu, a);
	if (a->size == 1 && fn)
		return byte_reg_access(vcpu, fn, a);
	return 0; /* a width the register does not have: RAZ/WI */
}

static uint32_t dist_access(struct vcpu *vcpu, void *dev, const struct mmio_access *a)
{
	(void)dev; /* the VM's own struct vgic_dist */
	vgic_claim(vcpu->vm);
	return dist_reg_access(vcpu, a);
}

/* The distributor's registers, for the device-attribute ABI: each block's
 * offset and length in bytes for the interrupts the vGIC has. */
static const struct {
	uint32_t offset, bytes;
} dist_regs[] = {
	{ GICD_CTLR, 4 },
	{ GICD_TYPER, 4 },
	{ GICD_IIDR, 4 },
	{ GICD_IGROUPR, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_ISENABLER, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_ICENABLER, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_ISPENDR, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_ICPENDR, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_ISACTIVER, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_ICACTIVER, VGIC_NR_IRQS / BYTE_BITS },
	{ GICD_IPRIORITYR, VGIC_NR_IRQS },
	{ GICD_ITARGETSR, VGIC_NR_IRQS },
	{ GICD_ICFGR, VGIC_NR_IRQS / ICFGR_IRQS_PER_WORD * 4 },
	{ GICD_SGIR, 4 },
	{ GICD_CPENDSGIR, GIC_NR_SGIS },
	{ GICD_SPENDSGIR, GIC_NR_SGIS },
};

bool vgic_dist_reg_exists(uint32_t offset)
{
	if (offset & 3)
		return false;
	for (unsigned i = 0; i < sizeof(dist_regs) / sizeof(dist_regs[0]); i++)
		if (offset - dist_regs[i].offset < dist_regs[i].bytes)
			return true;
	return false;
}

int vgic_dist_uaccess(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t *value)
{
	if (!vgic_dist_reg_exists(offset))
		return -ENXIO;
	if (write && offset == GICD_IIDR) /* KVM: the value it reads, or nothing */
		return *value == VGIC_IIDR ? 0 : -EINVAL;
	if (write) /* a restored GIC is one its VM uses */
		vgic_claim(vcpu->vm);
	struct mmio_access a = { .offset = offset, .size = 4, .write = write, .value = *value };
	uint32_t result = dist_reg_access(vcpu, &a);
	if (!write)
		*value = result;
	return 0;
}

/* The vCPU's GICC page, touched for the first time: the board's GICV is
 * mapped there from now on, and this one access is made on it for the
 * guest. GICC registers are words (the GIC spec): another width, or an
 * unaligned access (possible to a page the guest maps as Normal memory,
 * and one Hyp must not make to a device), is RAZ/WI, as beyond GICV. */
static uint32_t gicc_first_access(struct vcpu *vcpu, void *dev, const struct mmio_access *a)
{
	(void)dev;
	struct vm *vm = vcpu->vm;
	if (a->offset >= VGIC_GICV_SIZE)
		return 0;
	vgic_claim(vm);
	if (vm_map_device(vm, GUEST_GICC_IPA, board.gicv_base, VGIC_GICV_SIZE))
		return 0;
	if (a->size != 4 || (a->offset & 3))
		return 0;
	volatile uint32_t *reg = (volatile uint32_t *)(board.gicv_base + a->offset);
	if (!a->write)
		return *reg;
	*reg = a->value;
	return 0;
}

/* The GIC as at power-on, for vCPUs that are not loaded. A vCPU that has
 * used its GIC keeps `used`: GICV stays mapped, so its GICH state must
 * still be switched. */
void vgic_reset(struct vm *vm)
{
	memset(&vm->vgic, 0, sizeof(vm->vgic));
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vgic_cpu *g = &vm->vcpus[i].vgic;
		bool used = g->used;
		memset(g, 0, sizeof(*g));
		g->used = used;
		g->hcr = used ? GICH_HCR_EN : 0;
		g->priv.enabled = (1u << GIC_NR_SGIS) - 1; /* SGIs enabled (KVM) */
	}
}

int vgic_attach(struct vm *vm)
{
	if (!board.gich_base)
		return 0; /* no GIC for the guest: its GICD access stops it */
	vgic_reset(vm);
	/* A VM of several vCPUs has its GICH state switched from the start:
	 * its first GIC access may come while a sibling runs on another CPU,
	 * whose GICH this CPU cannot reach. */
	if (vm->nr_vcpus > 1)
		vgic_claim(vm);
	int err = mmio_register(&vm->mmio, GUEST_GICD_IPA, GUEST_GICD_SIZE, dist_access, &vm->vgic);
	return err ? err
		   : mmio_register(&vm->mmio, GUEST_GICC_IPA, GUEST_GICC_SIZE, gicc_first_access,
				   &vm->vgic);
}
