/*
 * A whole-VM snapshot with its virtual GIC (snap_vm_save / snap_vm_restore,
 * abi/client/snapshot.h, version 2): VM 1 (vgic_attr_target.c) programs
 * its GIC and holds; VM 0 pauses it, saves it with its RAM, and
 *   - restores into VMs of another shape (RAM size, vCPU count): refused
 *     with the reason named, the target's GIC unchanged;
 *   - restores into VM 2 (created stopped, same shape) and resumes it: VM 2
 *     reads, from inside, the GIC state VM 1 had (priority, enables,
 *     pending, configuration, priority mask) while VM 1 stays paused;
 *   - flips the saved enable bit of SPI 33 and restores again: VM 2 sees
 *     the flip (the vGIC state really travels in the snapshot).
 */
#include <string.h>

#include <hypv7/errno.h>

#include "ctl.h"
#include "gic.h"
#include "hv.h"
#include "snapshot.h"
#include "sr_common.h"
#include "tap.h"
#include "vgic_attr.h"

#define SOURCE_VM 1u
#define TARGET_VM 2u
#define BIGGER_VM 3u /* more RAM */
#define TWO_VCPU_VM 4u
#define PAUSE_YIELDS 100000u
#define PLAN 16

static uint32_t h(uint32_t vm)
{
	return HYPV7_HANDLE(vm, 0);
}

static int init_vcpus(uint32_t vm, uint32_t n)
{
	struct kvm_vcpu_init init;
	int err = hv_preferred_target(&init);
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	for (uint32_t v = 0; !err && v < n; v++)
		err = hv_vcpu_init(HYPV7_HANDLE(vm, v), &init);
	return err;
}

static uint32_t enabled_word(uint32_t vm)
{
	uint32_t v = 0;
	struct kvm_device_attr a = { .group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
				     .attr = GICD_ISENABLER + 4,
				     .addr = (uintptr_t)&v };
	return hv_device_attr_get(vm, &a) ? 0xdeadbeefu : v;
}

/* The saved value of a distributor word of vCPU 0's view, or NULL. */
static uint32_t *saved_dist(void *snap, uint32_t offset)
{
	struct snap_vm_header *vh = snap;
	struct snap_header *hd = &vh->base;
	struct snap_vgic_entry *g =
	    (struct snap_vgic_entry *)((uint8_t *)snap + hd->header_size +
				       8u * hd->nr_regs * (1u + hd->nr_vcpus));
	for (uint32_t i = 0; i < vh->vgic_entries; i++)
		if (g[i].group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS && g[i].attr == offset)
			return &g[i].value;
	return NULL;
}

static int restore_and_report(void *snap, size_t len, struct mbox *m, struct snap_error *e)
{
	int err = snap_vm_restore(TARGET_VM, snap, len, e);
	if (!err)
		err = hv_vcpu_resume(h(TARGET_VM));
	if (!err)
		err = ctl_mbox_command(TARGET_VM, MBOX_CMD_REPORT, m);
	return err;
}

int main(void)
{
	struct snap_error e = { "" };
	struct mbox m;
	size_t len = 0, used = 0;
	tap_plan(PLAN);
	if (ctl_mbox_wait_ready(SOURCE_VM)) {
		tap_diag("VM 1 never came up");
		return tap_done();
	}
	tap_ok(ctl_pause_settled(h(SOURCE_VM), PAUSE_YIELDS) == HYPV7_VCPU_PAUSED, "VM 1 paused");
	int err = snap_vm_size(SOURCE_VM, SNAP_RAM, &len, &e);
	void *snap = err ? NULL : sr_big_buffer((uint32_t)len);
	err = snap ? snap_vm_save(SOURCE_VM, SNAP_RAM, snap, len, &used, &e) : -1;
	tap_ok(!err && used == len, "snap_vm_save of VM 1 with its RAM (%lu bytes): %s",
	       (unsigned long)len,
	       !snap ? "no room for it"
	       : err ? e.msg
		     : "ok");
	if (err)
		return tap_done();
	struct snap_vm_header *vh = snap;
	tap_ok(vh->base.version == SNAP_VM_VERSION && (vh->base.flags & SNAP_VGIC) &&
		   vh->base.nr_vcpus == 1 && vh->gic_nr_irqs == 64 && vh->vgic_entries > 0,
	       "version 2, SNAP_VGIC, 1 vCPU, 64 interrupts, %lu vGIC entries",
	       (unsigned long)vh->vgic_entries);
	uint32_t *en = saved_dist(snap, GICD_ISENABLER + 4);
	tap_ok(en && *en == 1u << (ATTR_SPI_ENABLED - 32), "the saved ISENABLER1 is VM 1's");

	tap_ok(init_vcpus(BIGGER_VM, 1) == 0 && init_vcpus(TWO_VCPU_VM, 2) == 0 &&
		   init_vcpus(TARGET_VM, 1) == 0,
	       "VCPU_INIT of the stopped VMs 2, 3, 4");
	err = snap_vm_restore(BIGGER_VM, snap, len, &e);
	tap_ok(err == -HYPV7_LNX_EINVAL && strstr(e.msg, "RAM"),
	       "into a VM with more RAM: refused (%s)", e.msg);
	tap_is_u32(enabled_word(BIGGER_VM), 0, "... and its GIC unchanged");
	err = snap_vm_restore(TWO_VCPU_VM, snap, len, &e);
	tap_ok(err == -HYPV7_LNX_EINVAL && strstr(e.msg, "vCPUs"),
	       "into a VM with 2 vCPUs: refused (%s)", e.msg);
	tap_is_u32(enabled_word(TWO_VCPU_VM), 0, "... and its GIC unchanged");

	err = restore_and_report(snap, len, &m, &e);
	tap_ok(!err, "restored into VM 2 and resumed: %s", err ? e.msg : "ok");
	tap_is_u32(m.data[ATTR_WORD_PRIORITY_SEEN], ATTR_SPI_PRIORITY,
		   "VM 2 sees SPI 33's priority");
	tap_is_u32(m.data[ATTR_WORD_ENABLED_SEEN], 1u << (ATTR_SPI_ENABLED - 32),
		   "VM 2 sees SPI 33 enabled");
	tap_ok(m.data[ATTR_WORD_PENDING_SEEN] & (1u << (ATTR_SPI_PENDING - 32)),
	       "VM 2 sees SPI 35 pending");
	tap_ok(m.data[ATTR_WORD_ICFGR_SEEN] == ATTR_ICFGR_EDGE_VALUE &&
		   m.data[ATTR_WORD_PMR_SEEN] == ATTR_PMR,
	       "VM 2 sees SPI 34 edge-triggered and its priority mask 0x%02lx",
	       (unsigned long)m.data[ATTR_WORD_PMR_SEEN]);
	tap_ok(ctl_state(h(SOURCE_VM)) == HYPV7_VCPU_PAUSED, "VM 1 is still paused");

	*en ^= 1u << (ATTR_SPI_ENABLED - 32); /* the bit flip */
	err = ctl_pause_settled(h(TARGET_VM), PAUSE_YIELDS) == HYPV7_VCPU_PAUSED ? 0 : -1;
	if (!err)
		err = restore_and_report(snap, len, &m, &e);
	tap_ok(!err && m.data[ATTR_WORD_ENABLED_SEEN] == 0,
	       "a flipped enable bit in the saved vGIC: VM 2 sees SPI 33 disabled (0x%08lx)",
	       (unsigned long)m.data[ATTR_WORD_ENABLED_SEEN]);
	return tap_done();
}
