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
 * Functions return 0 or a negative Linux errno (<hypv7/errno.h>) and, on
 * failure, say why in err->msg when err is not NULL.
 */
#ifndef HYPV7_CLIENT_SNAPSHOT_H
#define HYPV7_CLIENT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#define SNAP_MAGIC "HYP7SNAP"
#define SNAP_MAGIC_LEN 8
#define SNAP_VERSION 1u

/* snap_save() flags, recorded in the header. */
#define SNAP_RAM (1u << 0) /* include the VM's RAM */

struct snap_header {
	char magic[SNAP_MAGIC_LEN];
	uint32_t version;
	uint32_t flags;
	uint32_t midr;
	uint32_t nr_regs;
	uint32_t ram_base;
	uint32_t ram_size;
	uint32_t header_size;
	uint32_t reserved;
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

/* Where the value of register `id` sits in a snapshot, or NULL (e.g. to
 * inspect or edit a saved register before restoring). */
uint64_t *snap_value(void *buf, uint64_t id);

#endif /* HYPV7_CLIENT_SNAPSHOT_H */
