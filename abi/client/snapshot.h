/*
 * hypv7 snapshot library (guest side, for the control VM): save a paused
 * vCPU's registers, and optionally its VM's RAM, into a caller-provided
 * buffer; put them back into the same vCPU or another (migration).
 * docs/save-restore.md explains the use and what state is (not) included.
 *
 * Snapshot format, version 1. All fields little-endian; the buffer is
 * 8-byte aligned and laid out as:
 *
 *   offset 0   struct snap_header (40 bytes)
 *                magic "HYP7SNAP", version (1), flags (SNAP_RAM),
 *                midr of the CPU the snapshot was taken on,
 *                nr_regs, ram_base, ram_size (0 without SNAP_RAM),
 *                header_size (40), reserved (0)
 *   40         u64 ids[nr_regs]     the target's KVM_GET_REG_LIST, in order
 *   40+8n      u64 values[nr_regs]  GET of each id; a u32 register is
 *                                   zero-extended to 8 bytes
 *   40+16n     u8 ram[ram_size]     the VM's RAM from ram_base (SNAP_RAM)
 *
 * Saving reads every id of the register list with GET_MULTI: core, firmware
 * (PSCI version, workaround levels), timer (CTL, CNT, CVAL), invariant ID
 * registers, banked CP15, VFP/NEON and CCSIDR. Restoring refuses a snapshot
 * taken on another CPU (MIDR or register list differ), compares the
 * invariant registers (MIDR..ID_ISAR5, MVFR0, MVFR1, FPSID, CCSIDR) with
 * GET instead of writing them, writes all other registers with one
 * SET_MULTI (all or nothing; TIMER_CNT first, so the VM's virtual counter
 * continues from the snapshot before CVAL/CTL are judged against it), then
 * the RAM with VM_WRITE_MEM.
 *
 * Whole-VM snapshots (snap_vm_save / snap_vm_restore), version 2: every
 * vCPU of the VM, its virtual GIC as KVM's arm-vgic-v2 device attributes
 * (the DEVICE_ATTR_* hypercalls, docs/abi.md) and optionally its RAM:
 *
 *   offset 0   struct snap_vm_header (56 bytes): version 1's header with
 *                version 2, flags (SNAP_RAM, SNAP_VGIC), `nr_vcpus` where
 *                version 1 has 0, header_size 56; then vgic_entries,
 *                gic_nr_irqs, vcpus_on (which vCPUs were on), reserved
 *   56         u64 ids[nr_regs]                  the register list (one for
 *                                                every vCPU of the VM)
 *   56+8n      u64 values[nr_vcpus][nr_regs]     vCPU 0's values, vCPU 1's, ...
 *   then       struct snap_vgic_entry[vgic_entries]  (SNAP_VGIC) the vGIC, in
 *                                                the order restore writes it
 *   then       u8 ram[ram_size]                  (SNAP_RAM)
 *
 * The vGIC entries are KVM_{GET,SET}_DEVICE_ATTR attributes (group,
 * attr = vCPU index << 32 | register offset, 32-bit value), saved as QEMU
 * saves a GICv2 under KVM: the distributor's registers of interrupts 0..31
 * once per vCPU, of the SPIs once (vCPU 0), then each vCPU's CPU interface.
 * Their order is the restore order: configuration (IGROUPR, IPRIORITYR,
 * ITARGETSR, ICFGR) before enables and pending and active bits (each
 * IS* register preceded on restore by all ones to its IC* twin), the SGIs'
 * pending sources (SPENDSGIR), the CPU interfaces, GICD_CTLR last.
 * Restore refuses, with a named reason and nothing changed, a target VM
 * with another vCPU count, RAM size, GIC (interrupt count) or CPU.
 *
 * Functions return 0 or a negative Linux errno (<hypv7/errno.h>) and, on
 * failure, say why in err->msg when err is not NULL.
 */
#ifndef HYPV7_CLIENT_SNAPSHOT_H
#define HYPV7_CLIENT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#define SNAP_MAGIC "HYP7SNAP"
#define SNAP_MAGIC_LEN 8
#define SNAP_VERSION 1u    /* one vCPU: snap_save / snap_restore */
#define SNAP_VM_VERSION 2u /* a whole VM: snap_vm_save / snap_vm_restore */

/* snap_save() / snap_vm_save() flags, recorded in the header. */
#define SNAP_RAM (1u << 0) /* include the VM's RAM */
#define SNAP_VGIC \
	(1u << 1) /* the VM's virtual GIC (version 2; snap_vm_save
			       sets it wherever the board gives VMs one) */

struct snap_header {
	char magic[SNAP_MAGIC_LEN];
	uint32_t version;
	uint32_t flags;
	uint32_t midr;
	uint32_t nr_regs;
	uint32_t ram_base;
	uint32_t ram_size;
	uint32_t header_size;
	uint32_t nr_vcpus; /* version 1: 0 ("reserved"), one vCPU */
};

/* Version 2's header: version 1's, then the vGIC's shape (48 bytes). */
struct snap_vm_header {
	struct snap_header base;
	uint32_t vgic_entries;
	uint32_t gic_nr_irqs; /* KVM_DEV_ARM_VGIC_GRP_NR_IRQS; 0 without SNAP_VGIC */
	uint32_t vcpus_on;    /* bit v: vCPU v was on (not powered off) when saved */
	uint32_t reserved;    /* 0 */
};

/* One vGIC attribute of a version-2 snapshot (16 bytes). */
struct snap_vgic_entry {
	uint64_t attr;  /* KVM_DEV_ARM_VGIC_CPUID_SHIFT: vCPU index; low 32: offset */
	uint32_t group; /* KVM_DEV_ARM_VGIC_GRP_DIST_REGS or _CPU_REGS */
	uint32_t value;
};

#define SNAP_MSG_MAX 160

struct snap_error {
	char msg[SNAP_MSG_MAX];
};

/*
 * Bytes a snapshot of vCPU `handle` needs with `flags` (the vCPU must be
 * initialised; it may be running).
 */
int snap_size(uint32_t handle, uint32_t flags, size_t *bytes, struct snap_error *err);

/*
 * Saves vCPU `handle` (paused, powered off or stopped by a fault: the call
 * does not pause it) into buf[0..len). *used (if not NULL) gets the size.
 * -E2BIG: buf too small (nothing useful written); -EBUSY: it is running.
 */
int snap_save(uint32_t handle, uint32_t flags, void *buf, size_t len, size_t *used,
	      struct snap_error *err);

/*
 * Restores a snapshot into vCPU `handle` (initialised, not running) and,
 * when the snapshot has RAM, its VM's RAM (same base and size required).
 * -EINVAL: not a snapshot, or made for another CPU or another RAM size
 * (err->msg says which); the other errors are the hypercalls'. Registers
 * are all or nothing; RAM is written only after they were.
 */
int snap_restore(uint32_t handle, const void *buf, size_t len, struct snap_error *err);

/*
 * A whole VM (version 2): bytes it needs; save with every vCPU stopped
 * (-EBUSY if one runs: pause them all first); restore into a VM of the same
 * shape (vCPU count, RAM, GIC, CPU) whose vCPUs are all stopped and
 * initialised: each vCPU's registers (all or nothing each), the vGIC, then
 * the RAM. The restored vCPUs keep their states: resume them after.
 */
int snap_vm_size(uint32_t vm_id, uint32_t flags, size_t *bytes, struct snap_error *err);
int snap_vm_save(uint32_t vm_id, uint32_t flags, void *buf, size_t len, size_t *used,
		 struct snap_error *err);
int snap_vm_restore(uint32_t vm_id, const void *buf, size_t len, struct snap_error *err);
/* After snap_vm_restore: resumes the VM's vCPUs that were on when the
 * snapshot was taken (a powered-off one stays stopped). */
int snap_vm_resume(uint32_t vm_id, const void *buf, struct snap_error *err);

/* Where the value of register `id` sits in a snapshot, or NULL (e.g. to
 * inspect or edit a saved register before restoring). */
uint64_t *snap_value(void *buf, uint64_t id);

#endif /* HYPV7_CLIENT_SNAPSHOT_H */
