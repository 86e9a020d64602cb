/*
 * KVM's arm-vgic-v2 device attributes (DEVICE_ATTR_GET/SET/HAS, docs/abi.md)
 * from the control VM, against VM 1 (vgic_attr_target.c), which has
 * programmed its GIC with known values: the capability, the access and
 * existence rules, -EBUSY while VM 1 runs, every group's answers, the
 * distributor and CPU interface state read back as VM 1 left it, a SET
 * that VM 1 then sees from inside, and Linux's ioctl() shape.
 */
#include <errno.h>
#include <stdint.h>

#include <hypv7/errno.h>
#include <hypv7/guest_machine.h>

#include "ctl.h"
#include "gic.h"
#include "hv.h"
#include "tap.h"
#include "vgic_attr.h"

#define TARGET_VM 1u
#define NO_SUCH_VM 7u
#define DIST_IIDR 0x4b00243bu
#define CPU_IIDR 0x04b2043bu
#define TYPER_64_IRQS_1_CPU 0x1u
#define SGIS_ENABLED 0xffffu
#define NEW_PRIORITY 0x80u
#define RESERVED_OFFSET 0x0fcu
#define GICC_APR0 0xd0u
#define GICC_IIDR 0xfcu
#define BAD_POINTER 0x10u /* below the VM's RAM */
#define UNKNOWN_GROUP 9u
#define PAUSE_YIELDS 100000u

static uint32_t handle;

static struct kvm_device_attr attr_of(uint32_t group, uint32_t cpu, uint32_t offset, void *value)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = ((uint64_t)cpu << KVM_DEV_ARM_VGIC_CPUID_SHIFT) | offset,
		.addr = (uintptr_t)value,
	};
	return a;
}

static int get32(uint32_t group, uint32_t offset, uint32_t *value)
{
	struct kvm_device_attr a = attr_of(group, 0, offset, value);
	return hv_device_attr_get(TARGET_VM, &a);
}

static int set32(uint32_t group, uint32_t offset, uint32_t value)
{
	struct kvm_device_attr a = attr_of(group, 0, offset, &value);
	return hv_device_attr_set(TARGET_VM, &a);
}

static int has(uint32_t group, uint32_t cpu, uint32_t offset)
{
	struct kvm_device_attr a = attr_of(group, cpu, offset, 0);
	return hv_device_attr_has(TARGET_VM, &a);
}

/* A distributor register as GET answers it, or a poison value. */
static uint32_t dist(uint32_t offset)
{
	uint32_t v = 0xdeadbeefu;
	return get32(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, offset, &v) ? 0xdeadbeefu : v;
}

static uint32_t cpu_reg(uint32_t offset)
{
	uint32_t v = 0xdeadbeefu;
	return get32(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, offset, &v) ? 0xdeadbeefu : v;
}

static void check_rules_while_running(const struct mbox *m)
{
	uint32_t v;
	tap_is_u32(hv_check_extension(KVM_CAP_DEVICE_CTRL), 1,
		   "CHECK_EXTENSION(KVM_CAP_DEVICE_CTRL)");
	tap_is_u32(m->data[ATTR_WORD_OWN_CALL], (uint32_t)-HYPV7_LNX_EACCES,
		   "from a VM other than VM 0: -EACCES");
	struct kvm_device_attr a = attr_of(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, 0, &v);
	tap_is_u32((uint32_t)hv_device_attr_get(NO_SUCH_VM, &a), (uint32_t)-HYPV7_LNX_ENOENT,
		   "a VM that does not exist: -ENOENT");
	tap_is_u32((uint32_t)hv_device_attr_get(TARGET_VM, (void *)BAD_POINTER),
		   (uint32_t)-HYPV7_LNX_EFAULT,
		   "the attribute struct outside the caller's RAM: -EFAULT");
	tap_is_u32((uint32_t)get32(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_CTLR, &v),
		   (uint32_t)-HYPV7_LNX_EBUSY, "DIST_REGS GET while a vCPU runs: -EBUSY");
	tap_is_u32((uint32_t)set32(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, GICC_PMR, 0),
		   (uint32_t)-HYPV7_LNX_EBUSY, "CPU_REGS SET while a vCPU runs: -EBUSY");
	tap_ok(has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, GICD_ISENABLER) == 0,
	       "HAS needs no stopped vCPU: DIST_REGS ISENABLER exists");
}

static void check_groups(void)
{
	uint64_t addr = 0;
	struct kvm_device_attr a = { .group = KVM_DEV_ARM_VGIC_GRP_ADDR,
				     .attr = KVM_VGIC_V2_ADDR_TYPE_DIST,
				     .addr = (uintptr_t)&addr };
	tap_ok(hv_device_attr_get(TARGET_VM, &a) == 0 && addr == GUEST_GICD_IPA,
	       "ADDR DIST reads 0x%08lx", (unsigned long)addr);
	a.attr = KVM_VGIC_V2_ADDR_TYPE_CPU;
	tap_ok(hv_device_attr_get(TARGET_VM, &a) == 0 && addr == GUEST_GICC_IPA,
	       "ADDR CPU reads 0x%08lx", (unsigned long)addr);
	tap_ok(hv_device_attr_set(TARGET_VM, &a) == 0, "ADDR CPU set to where it is: 0");
	addr = GUEST_GICC_IPA + 0x10000u;
	tap_is_u32((uint32_t)hv_device_attr_set(TARGET_VM, &a), (uint32_t)-HYPV7_LNX_EEXIST,
		   "ADDR CPU set elsewhere: -EEXIST");
	addr = GUEST_GICC_IPA + 4;
	tap_is_u32((uint32_t)hv_device_attr_set(TARGET_VM, &a), (uint32_t)-HYPV7_LNX_EINVAL,
		   "ADDR misaligned: -EINVAL");
	a.attr = 2;
	tap_is_u32((uint32_t)hv_device_attr_get(TARGET_VM, &a), (uint32_t)-HYPV7_LNX_ENXIO,
		   "ADDR of an unknown type: -ENXIO");

	uint32_t n = 0;
	tap_ok(get32(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &n) == 0 && n == 64, "NR_IRQS reads %lu",
	       (unsigned long)n);
	tap_ok(set32(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, 64) == 0, "NR_IRQS set to its value: 0");
	tap_is_u32((uint32_t)set32(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, 96), (uint32_t)-HYPV7_LNX_EBUSY,
		   "NR_IRQS set to another: -EBUSY");
	tap_is_u32((uint32_t)set32(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, 50),
		   (uint32_t)-HYPV7_LNX_EINVAL, "NR_IRQS not a multiple of 32: -EINVAL");
	tap_ok(has(KVM_DEV_ARM_VGIC_GRP_CTRL, 0, KVM_DEV_ARM_VGIC_CTRL_INIT) == 0 &&
		   set32(KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0) == 0,
	       "CTRL INIT exists and succeeds");
	tap_is_u32((uint32_t)has(KVM_DEV_ARM_VGIC_GRP_CTRL, 0, 1), (uint32_t)-HYPV7_LNX_ENXIO,
		   "CTRL of an unknown attribute: -ENXIO");
	tap_is_u32((uint32_t)has(UNKNOWN_GROUP, 0, 0), (uint32_t)-HYPV7_LNX_ENXIO,
		   "an unknown group: -ENXIO");
	tap_is_u32((uint32_t)has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, RESERVED_OFFSET),
		   (uint32_t)-HYPV7_LNX_ENXIO, "HAS of a reserved distributor offset: -ENXIO");
	tap_is_u32((uint32_t)has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, GICD_ISENABLER + 1),
		   (uint32_t)-HYPV7_LNX_ENXIO, "HAS of a misaligned offset: -ENXIO");
	tap_is_u32((uint32_t)has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 1, GICD_CTLR),
		   (uint32_t)-HYPV7_LNX_EINVAL, "a vCPU index the VM does not have: -EINVAL");
	tap_ok(has(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0, GICC_APR0) == 0 &&
		   has(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0, GICC_IAR) == -HYPV7_LNX_ENXIO,
	       "CPU_REGS: APR0 exists, IAR does not (not state)");
}

static void check_state(void)
{
	tap_is_u32(dist(GICD_CTLR), GIC_ENABLE, "GICD_CTLR as VM 1 left it");
	tap_is_u32(dist(GICD_TYPER), TYPER_64_IRQS_1_CPU, "GICD_TYPER: 64 interrupts, 1 CPU");
	tap_is_u32(dist(GICD_IIDR), DIST_IIDR, "GICD_IIDR");
	tap_is_u32(dist(GICD_ISENABLER), SGIS_ENABLED | ATTR_PRIVATE_ENABLED,
		   "ISENABLER0: the SGIs and PPI 27");
	tap_is_u32(dist(GICD_ISENABLER + 4), 1u << (ATTR_SPI_ENABLED - 32), "ISENABLER1: SPI 33");
	tap_ok(dist(GICD_ISPENDR + 4) & (1u << (ATTR_SPI_PENDING - 32)),
	       "ISPENDR1: SPI 35 pending");
	tap_is_u32(
	    (dist(GICD_IPRIORITYR + (ATTR_SPI_ENABLED & ~3u)) >> (8 * (ATTR_SPI_ENABLED & 3))) &
		0xffu,
	    ATTR_SPI_PRIORITY, "IPRIORITYR: SPI 33's priority");
	tap_is_u32(
	    (dist(GICD_ITARGETSR + (ATTR_SPI_ENABLED & ~3u)) >> (8 * (ATTR_SPI_ENABLED & 3))) &
		0xffu,
	    1, "ITARGETSR: SPI 33 to CPU 0");
	tap_is_u32(dist(GICD_ICFGR + ATTR_ICFGR_WORD_OFFSET), ATTR_ICFGR_EDGE_VALUE,
		   "ICFGR2: SPI 34 edge-triggered");
	tap_is_u32(cpu_reg(GICC_CTLR), GIC_ENABLE, "GICC_CTLR: group 0 enabled");
	tap_is_u32(cpu_reg(GICC_PMR), ATTR_PMR >> 3, "GICC_PMR in KVM's 5-bit format");
	tap_is_u32(cpu_reg(ATTR_GICC_BPR), ATTR_BPR, "GICC_BPR");
	tap_is_u32(cpu_reg(GICC_IIDR), CPU_IIDR, "GICC_IIDR as KVM's");
	tap_is_u32(dist(RESERVED_OFFSET), 0xdeadbeefu, "GET of a reserved offset fails (-ENXIO)");
	tap_is_u32((uint32_t)set32(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IIDR, 0x1234u),
		   (uint32_t)-HYPV7_LNX_EINVAL, "GICD_IIDR SET with another value: -EINVAL");
	tap_ok(set32(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IIDR, DIST_IIDR) == 0,
	       "GICD_IIDR SET with its own value: 0");
	uint32_t prio_word = dist(GICD_IPRIORITYR + (ATTR_SPI_ENABLED & ~3u));
	uint32_t shift = 8 * (ATTR_SPI_ENABLED & 3);
	prio_word = (prio_word & ~(0xffu << shift)) | (NEW_PRIORITY << shift);
	tap_ok(set32(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IPRIORITYR + (ATTR_SPI_ENABLED & ~3u),
		     prio_word) == 0,
	       "IPRIORITYR SET: SPI 33 to 0x%02x", NEW_PRIORITY);
	uint32_t v = 0;
	struct kvm_device_attr a = attr_of(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0, GICC_PMR, &v);
	tap_ok(hv_vm_ioctl(TARGET_VM, KVM_GET_DEVICE_ATTR, &a) == 0 && v == ATTR_PMR >> 3,
	       "hv_vm_ioctl(KVM_GET_DEVICE_ATTR) as Linux's ioctl");
	a.group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
	a.attr = RESERVED_OFFSET;
	tap_ok(hv_vm_ioctl(TARGET_VM, KVM_HAS_DEVICE_ATTR, &a) == -1 && errno == ENXIO,
	       "hv_vm_ioctl(KVM_HAS_DEVICE_ATTR) of nothing: -1, errno ENXIO");
}

int main(void)
{
	struct mbox m;
	handle = HYPV7_HANDLE(TARGET_VM, 0);
	tap_plan(45);
	if (ctl_mbox_wait_ready(TARGET_VM) || ctl_mbox_read(TARGET_VM, &m)) {
		tap_diag("VM 1 never came up");
		return tap_done();
	}
	check_rules_while_running(&m);
	tap_ok(ctl_pause_settled(handle, PAUSE_YIELDS) == HYPV7_VCPU_PAUSED, "VM 1 paused");
	check_groups();
	check_state();
	tap_ok(hv_vcpu_resume(handle) == 0 &&
		   ctl_mbox_command(TARGET_VM, MBOX_CMD_REPORT, &m) == 0 &&
		   m.data[ATTR_WORD_PRIORITY_SEEN] == NEW_PRIORITY,
	       "VM 1 reads the priority SET gave it (0x%02lx)",
	       (unsigned long)m.data[ATTR_WORD_PRIORITY_SEEN]);
	return tap_done();
}
