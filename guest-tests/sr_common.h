/*
 * Shared by the save/restore guest tests (guest-tests/sr_*.c): the status
 * page a worker publishes, and the control VM's (VM 0's) helpers to drive
 * workers through the hypercalls of abi/client/hv.h.
 *
 * The status page is the worker's persistent page (linker/guest.ld): it is
 * at the same address in every guest and in no loadable segment, so VM 0
 * can use that address as the IPA in the worker. Workers keep their data
 * cache off (as crt0 does), so VM_READ_MEM sees what the worker wrote.
 */
#ifndef SR_COMMON_H
#define SR_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include <hv.h>
#include <hypv7/errno.h>

#include "ctl.h"
#include "guest.h"

/* Linux's errno values, which the hv_* calls return negated. */
enum sr_lnx_errno {
#define SR_LNX_ERRNO(name, value) SR_##name = value,
	HYPV7_ERRNO_LIST(SR_LNX_ERRNO)
#undef SR_LNX_ERRNO
};

#define SR_STATUS_MAGIC 0x53527374u /* "SRst": the worker is up */

/* Why a worker stopped early (status.error). */
enum sr_worker_error {
	SR_ERR_NONE = 0,
	SR_ERR_UNEXPECTED_ABORT, /* a data abort it did not plan */
	SR_ERR_UNEXPECTED_UND,   /* an undefined instruction it did not plan */
	SR_ERR_BAD_EXCEPTION,    /* FIQ, SVC, prefetch abort, reset vector */
	SR_ERR_SETUP,            /* its page tables could not be built */
};

/*
 * Written by the worker, read by VM 0. `progress` counts finished rounds
 * (of `rounds`); compute_begin/end bound the code where every carried
 * register (VFP included) is live, so VM 0 can pick snapshot points there.
 */
struct sr_status {
	uint32_t magic;
	uint32_t seed;
	uint32_t rounds;
	uint32_t progress;
	uint32_t done; /* 1: checksum is final */
	uint32_t checksum;
	uint32_t error; /* enum sr_worker_error */
	uint32_t error_pc;
	uint32_t timer_irqs;   /* virtual timer interrupts taken */
	uint32_t timer_missed; /* windows that timed out without one */
	uint32_t spurious_irqs;
	uint32_t compute_begin, compute_end;
	/* sr_hello: what it found at entry and from hypercalls */
	uint32_t entry_r0, entry_r1, entry_r2, entry_cpsr, entry_pc;
	int32_t read_other, read_self;
};

#define SR_STATUS_ADDR ((uint32_t)(uintptr_t)__persist_page)

static inline volatile struct sr_status *sr_status_self(void)
{
	return (volatile struct sr_status *)__persist_page;
}

/* ---- control VM side ---------------------------------------------------- */

static inline uint32_t sr_handle(uint32_t vm)
{
	return HYPV7_HANDLE(vm, 0);
}

/* VCPU_STATE and waiting for one: ctl_state(), ctl_wait_state_for(). */
/* VCPU_PAUSE and wait until it is no longer runnable (paused, or it had
 * powered itself off or faulted). */
int sr_pause(uint32_t handle);

/* GET/SET of one register: ctl_get() / ctl_set() of guest-tests/lib/ctl.h. */

/* The worker's status page. */
int sr_read_status(uint32_t vm, struct sr_status *st);
/* Yields until the worker is up (magic) or `yields` run out. */
int sr_wait_up(uint32_t vm, uint32_t yields);
/* Yields until the worker's done flag, an error, or a stop; 0 when done. */
int sr_wait_done(uint32_t vm, struct sr_status *st, uint32_t yields);
/* Yields until the worker has finished `rounds` rounds. */
int sr_wait_progress(uint32_t vm, uint32_t rounds, uint32_t yields);

/*
 * Pauses the worker with its PC inside [compute_begin, compute_end), where
 * every carried register is live; resumes and retries otherwise.
 */
int sr_pause_in_compute(uint32_t vm, uint32_t tries);

/*
 * Boots a VM created with start=stopped as kvmtool does: PREFERRED_TARGET,
 * VCPU_INIT (PSCI 0.2), CPSR = 0xd3, r0 = 0, r1 = ~0, r2 = 0, PC = entry.
 * Does not resume it.
 */
int sr_boot_stopped(uint32_t vm, uint32_t entry);

/* Memory beyond the first 16 MiB of VM 0's RAM (guest.ld puts the image,
 * heap and stacks in the first 16 MiB), for snapshot buffers; NULL if VM 0
 * has less than `bytes` there. */
void *sr_big_buffer(uint32_t bytes);

/* Looks at VM `vm`'s vCPUs every few ms, each paused for the look, until
 * one is in user mode (a Linux VM's userspace runs); false on a timeout or
 * error. */
bool sr_wait_user_mode(uint32_t vm, uint32_t timeout_ms);
/* Waits until VM `vm`'s vCPU 0 has powered off; false on a timeout. */
bool sr_wait_powered_off(uint32_t vm, uint32_t timeout_ms);

/* Each wait yields about this many times before giving up. */
#define SR_WAIT_YIELDS 20000u

/* Prints a diagnostic for a non-zero errno result, returns `err`. */
int sr_check(int err, const char *what);

#endif
