/*
 * A VM's virtual GICv2 as KVM's "arm-vgic-v2" device: the attribute groups
 * of KVM_{GET,SET,HAS}_DEVICE_ATTR (Documentation/virt/kvm/devices/
 * arm-vgic.rst) with Linux's values, attr encoding and errors, served by
 * the DEVICE_ATTR_* hypercalls (hyp/hypercall.c, docs/abi.md). What a VMM
 * saves and restores a GICv2 with: the distributor's registers per vCPU
 * view, and each vCPU's CPU interface (GICH_VMCR's fields, GICH_APR).
 */
#include "hyp/vgic_attr.h"

#include "abi/errno.h"
#include "hyp/smp.h"
#include "hyp/vgic.h"
#include "hyp/vm.h"
#include "platform/platform.h"

#define PAGE_OFFSET_MASK 0xfffu /* ADDR: 4 KiB aligned, as KVM checks */
#define NR_IRQS_GRANULE 32u
#define NR_IRQS_MIN 64u
#define NR_IRQS_MAX 1023u

/* The CPU interface registers (GICC offsets), from the vCPU's GICH_VMCR
 * and GICH_APR as KVM exports them: PMR in its 5-bit VMPriMask format,
 * APR0 only (APR1-3 read as zero), IIDR as KVM's. */
#define GICC_BPR 0x08u
#define GICC_ABPR 0x1cu
#define GICC_APR0 0xd0u
#define GICC_APR3 0xdcu
#define GICC_IIDR 0xfcu
#define VGIC_CPU_IIDR 0x04b2043bu /* KVM's product 0x4B, GICv2, ARM */
/* GICC_CTLR's EnableGrp0/1, AckCtl, FIQEn, CBPR and EOImode sit in
 * GICH_VMCR at the same bit positions. */
#define VMCR_CTLR_MASK 0x21fu
#define VMCR_PMR_SHIFT 27
#define VMCR_PMR_MASK 0x1fu
#define VMCR_BPR_SHIFT 21
#define VMCR_ABPR_SHIFT 18
#define VMCR_BPR_MASK 7u

static const struct {
	uint32_t offset;
	unsigned shift;
	uint32_t mask;
} vmcr_fields[] = {
	{ GICC_CTLR, 0, VMCR_CTLR_MASK },
	{ GICC_PMR, VMCR_PMR_SHIFT, VMCR_PMR_MASK },
	{ GICC_BPR, VMCR_BPR_SHIFT, VMCR_BPR_MASK },
	{ GICC_ABPR, VMCR_ABPR_SHIFT, VMCR_BPR_MASK },
};
#define NR_VMCR_FIELDS (sizeof(vmcr_fields) / sizeof(vmcr_fields[0]))

static bool cpu_reg_exists(uint32_t offset)
{
	for (unsigned i = 0; i < NR_VMCR_FIELDS; i++)
		if (vmcr_fields[i].offset == offset)
			return true;
	return offset == GICC_IIDR || (offset >= GICC_APR0 && offset <= GICC_APR3 && !(offset & 3));
}

static void cpu_reg_access(struct vcpu *vcpu, uint32_t offset, bool write, uint32_t *value)
{
	struct vgic_cpu *g = &vcpu->vgic;
	for (unsigned i = 0; i < NR_VMCR_FIELDS; i++) {
		if (vmcr_fields[i].offset != offset)
			continue;
		uint32_t field = vmcr_fields[i].mask << vmcr_fields[i].shift;
		if (write)
			g->vmcr = (g->vmcr & ~field) | ((*value << vmcr_fields[i].shift) & field);
		else
			*value = (g->vmcr & field) >> vmcr_fields[i].shift;
		return;
	}
	if (offset == GICC_APR0) {
		if (write)
			g->apr = *value;
		else
			*value = g->apr;
	} else if (!write) {
		*value = offset == GICC_IIDR ? VGIC_CPU_IIDR : 0; /* APR1-3: RAZ/WI */
	}
}

static bool reg_exists(uint32_t group, uint32_t offset)
{
	return group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS ? vgic_dist_reg_exists(offset)
						       : cpu_reg_exists(offset);
}

/* -EBUSY while a vCPU of the VM may run (KVM try-locks every vCPU). */
static bool vm_running(const struct vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].state == VCPU_RUNNABLE)
			return true;
	return false;
}

/* Every vCPU put, its GICH state in its copy; false if one was resumed
 * meanwhile (smp_sync_vcpu lets other CPUs run). */
static bool vm_stopped_whole(struct vm *vm)
{
	if (vm_running(vm))
		return false;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		smp_sync_vcpu(&vm->vcpus[i]);
	return !vm_running(vm);
}

static int reg_attr(struct vm *vm, enum vgic_attr_op op, uint32_t group, uint64_t attr,
		    uint64_t *value)
{
	unsigned cpu =
	    (unsigned)((attr & KVM_DEV_ARM_VGIC_CPUID_MASK) >> KVM_DEV_ARM_VGIC_CPUID_SHIFT);
	uint32_t offset = (uint32_t)(attr & KVM_DEV_ARM_VGIC_OFFSET_MASK);
	if (cpu >= vm->nr_vcpus)
		return -EINVAL;
	if (!reg_exists(group, offset))
		return -ENXIO;
	if (op == VGIC_ATTR_HAS)
		return 0;
	if (!vm_stopped_whole(vm))
		return -EBUSY;
	struct vcpu *vcpu = &vm->vcpus[cpu];
	bool write = op == VGIC_ATTR_SET;
	uint32_t v = (uint32_t)*value;
	if (group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS) {
		int err = vgic_dist_uaccess(vcpu, offset, write, &v);
		if (err)
			return err;
	} else {
		if (write)
			vgic_claim(vm);
		cpu_reg_access(vcpu, offset, write, &v);
	}
	*value = v;
	return 0;
}

/* hypv7's vGIC sits at fixed addresses: they read back, and setting one
 * is "already set" unless it is the same. */
static int addr_attr(enum vgic_attr_op op, uint64_t attr, uint64_t *value)
{
	if (attr != KVM_VGIC_V2_ADDR_TYPE_DIST && attr != KVM_VGIC_V2_ADDR_TYPE_CPU)
		return -ENXIO;
	uint64_t base = attr == KVM_VGIC_V2_ADDR_TYPE_DIST ? GUEST_GICD_IPA : GUEST_GICC_IPA;
	switch (op) {
	case VGIC_ATTR_GET: *value = base; return 0;
	case VGIC_ATTR_HAS: return 0;
	case VGIC_ATTR_SET:
		if (*value & PAGE_OFFSET_MASK)
			return -EINVAL;
		if (*value > UINT32_MAX)
			return -E2BIG; /* beyond the 32-bit IPA space */
		return *value == base ? 0 : -EEXIST;
	default: return -ENXIO;
	}
}

static int nr_irqs_attr(enum vgic_attr_op op, uint64_t *value)
{
	uint32_t n = (uint32_t)*value;
	switch (op) {
	case VGIC_ATTR_GET: *value = VGIC_NR_IRQS; return 0;
	case VGIC_ATTR_HAS: return 0;
	case VGIC_ATTR_SET:
		if (n % NR_IRQS_GRANULE || n < NR_IRQS_MIN || n > NR_IRQS_MAX)
			return -EINVAL;
		return n == VGIC_NR_IRQS ? 0 : -EBUSY; /* set once, at creation */
	default: return -ENXIO;
	}
}

unsigned vgic_attr_value_size(uint32_t group)
{
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR: return sizeof(uint64_t);
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS:
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS: return sizeof(uint32_t);
	default: return 0; /* CTRL, unknown groups: no value */
	}
}

int vgic_attr(struct vm *vm, enum vgic_attr_op op, uint32_t group, uint64_t attr, uint64_t *value)
{
	if (!board.gich_base)
		return -ENODEV; /* no vGIC on this board (KVM_CREATE_DEVICE's error) */
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR: return addr_attr(op, attr, value);
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS: return reg_attr(vm, op, group, attr, value);
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS: return nr_irqs_attr(op, value);
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		/* Always initialised: INIT succeeds, as a second INIT does. */
		return attr == KVM_DEV_ARM_VGIC_CTRL_INIT ? 0 : -ENXIO;
	default: return -ENXIO;
	}
}
