/*
 * Helpers for a control VM (VM 0) driving a worker VM's vCPU through the
 * hypv7 client library (abi/client/hv.h). They return 0 or a negative
 * Linux errno, like the hv_* calls they wrap.
 */
#ifndef CTL_H
#define CTL_H

#include <stdbool.h>
#include <stdint.h>

#include <hv.h>
#include <hypv7/errno.h>

#include "guest.h"
#include "mbox.h"

/* Linux's errno values, which hv_* calls return negated (newlib's <errno.h>
 * numbers some differently): LNX_ENOENT = 2, ... */
enum lnx_errno {
#define CTL_LNX_ERRNO(name, value) LNX_##name = value,
	HYPV7_ERRNO_LIST(CTL_LNX_ERRNO)
#undef CTL_LNX_ERRNO
};

/* How many times to yield while waiting for another VM (about 5 ms each
 * when that VM spins, much less when it waits too). */
#define CTL_WAIT_YIELDS 2000u
/* A wait for another VM to come up or answer also lasts at least this
 * long: with it on another physical CPU, a yield comes back at once. */
#define CTL_WAIT_MIN_MS 10000u

/* A wait for another VM: at least `yields` yields of this CPU and at least
 * CTL_WAIT_MIN_MS. ctl_patience_left() counts one more yield. */
struct ctl_patience {
	uint32_t yields, max_yields;
	uint64_t until;
};

static inline struct ctl_patience ctl_patience_begin(uint32_t max_yields)
{
	struct ctl_patience p = { 0, max_yields,
				  guest_counter() + (uint64_t)guest_counter_hz() / GUEST_MS_PER_S *
							CTL_WAIT_MIN_MS };
	return p;
}

static inline bool ctl_patience_left(struct ctl_patience *p)
{
	return p->yields++ < p->max_yields || guest_counter() < p->until;
}

/* The handle of vCPU 0 of `vm` (every hypv7 VM has one vCPU). */
static inline uint32_t ctl_handle(uint32_t vm)
{
	return HYPV7_HANDLE(vm, 0);
}

/* KVM_REG_SIZE(id) in bytes. */
static inline uint32_t ctl_reg_size(uint64_t id)
{
	return 1u << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/* GET/SET of a u32 or u64 register through a u64 (low bytes used). */
int ctl_get(uint32_t handle, uint64_t id, uint64_t *val);
int ctl_set(uint32_t handle, uint64_t id, uint64_t val);

/* VCPU_STATE, or a negative errno. */
int ctl_state(uint32_t handle);
/* Yields until the vCPU is in `state`; -EAGAIN if it never gets there. */
int ctl_wait_state(uint32_t handle, uint32_t state);
/* The same, giving up after `yields` yields instead of CTL_WAIT_YIELDS. */
int ctl_wait_state_for(uint32_t handle, uint32_t state, uint32_t yields);
/* PAUSE, then wait until VCPU_STATE says paused. */
int ctl_pause(uint32_t handle);
/* PAUSE, then wait (`yields` at most) until the vCPU no longer runs: it is
 * paused, or it had powered itself off or been stopped by a fault. Returns
 * that VCPU_STATE, or a negative errno (-EAGAIN: still running). */
int ctl_pause_settled(uint32_t handle, uint32_t yields);

/* The whole register list in a malloc'd array (*ids), count in *n. */
int ctl_reg_list(uint32_t handle, uint64_t **ids, uint32_t *n);

/* The worker's mailbox through VM_READ_MEM / VM_WRITE_MEM. */
int ctl_mbox_read(uint32_t vm, struct mbox *m);
/* Waits for the worker's magic (it is up and has cleared its mailbox). */
int ctl_mbox_wait_ready(uint32_t vm);
/* Posts `cmd` and waits until the worker has done it;
 * *out (if not NULL) gets the mailbox afterwards. */
int ctl_mbox_command(uint32_t vm, uint32_t cmd, struct mbox *out);
/* Posts `cmd` without waiting (the worker may be paused, or the command
 * stops it); *seq (if not NULL) is what done_seq becomes when it is done. */
int ctl_mbox_post(uint32_t vm, uint32_t cmd, uint32_t *seq);
/* Waits until the worker has done command `seq`; *out as above. */
int ctl_mbox_wait_done(uint32_t vm, uint32_t seq, struct mbox *out);

/* This CPU's ID registers, as the guest reads them (hypv7 shows the host's). */
static inline uint32_t ctl_read_midr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(v));
	return v;
}

static inline uint32_t ctl_read_clidr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 1, %0, c0, c0, 1" : "=r"(v));
	return v;
}

static inline uint32_t ctl_read_mvfr0(void)
{
	uint32_t v;
	__asm__ volatile("vmrs %0, mvfr0" : "=r"(v));
	return v;
}

#define MIDR_PART_MASK 0xff00fff0u
#define MIDR_CORTEX_A15 0x4100c0f0u
#define MIDR_CORTEX_A7 0x4100c070u

#endif
