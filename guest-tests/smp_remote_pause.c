/*
 * Pausing a vCPU that runs on another physical CPU: VM 0 on CPU 0 drives an
 * smp_worker VM pinned to CPU 1 (tests.list affinity=1), running the
 * checksum workload round after round until told to stop (smp_work.h).
 *
 * PAUSE_CYCLES times, VM 0 does VCPU_PAUSE (which must return only once
 * the worker has stopped: VCPU_STATE says PAUSED straight away), a
 * GET_MULTI of its PC and CPSR, and VCPU_RESUME. Every PC must lie in the
 * worker's image, most inside smp_work; the CPSR in SVC. Then VM 0 stops
 * the worker: every one of its rounds must have given VM 0's checksum (the
 * pauses changed nothing), and it must have progressed while paused and
 * resumed. The time the cycles took is printed.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "smp_work.h"
#include "sr_common.h"
#include "tap.h"

#define RUN_EVERY 500u /* pause cycles between two runs of the worker */
#define RUN_MS 5u
#define PLAN 7

#define WORKER 1u
#define WORK_SEED 0xbb67ae85u
#define WORK_ITERS 200000u
#define GUEST_ENTRY 0x40000000u
#define PAUSE_CYCLES 10000u
#define POLL_MS 1u
#define TIMEOUT_MS 10000u
#define CPSR_MODE_MASK 0x1fu
#define CPSR_MODE_SVC 0x13u
#define US_PER_MS 1000u

#define CORE_ID(field) \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, field) / 4))

static int read_status(struct smp_work_status *st)
{
	return hv_vm_read_mem(WORKER, SMP_WORK_STATUS_ADDR, st, sizeof(*st));
}

static uint64_t ticks_per_ms(void)
{
	return guest_counter_hz() / GUEST_MS_PER_S;
}

/* Sleeps between reads of the status page until cond holds; false on the
 * timeout. */
static bool wait_status(bool (*cond)(const struct smp_work_status *), struct smp_work_status *st)
{
	uint64_t end = guest_counter() + ticks_per_ms() * TIMEOUT_MS;

	while (read_status(st) || !cond(st)) {
		if (guest_counter() > end)
			return false;
		guest_sleep_ms(POLL_MS);
	}
	return true;
}

static bool is_up(const struct smp_work_status *st)
{
	return st->magic == SMP_WORK_MAGIC && st->progress >= 1;
}

static bool is_done(const struct smp_work_status *st)
{
	return st->done;
}

static int start_worker(void)
{
	struct smp_work_status st;

	memset(&st, 0, sizeof(st));
	st.seed = WORK_SEED;
	st.iters = WORK_ITERS;
	st.rounds = 0; /* until stop */
	int err = hv_vm_write_mem(WORKER, SMP_WORK_STATUS_ADDR, &st, sizeof(st));
	if (!err)
		err = sr_boot_stopped(WORKER, GUEST_ENTRY);
	if (!err)
		err = hv_vcpu_resume(sr_handle(WORKER));
	return err;
}

int main(void)
{
	uint32_t h = sr_handle(WORKER);
	uint32_t expected = smp_work(WORK_SEED, WORK_ITERS);
	struct smp_work_status st, before;

	tap_plan(PLAN);
	int err = start_worker();
	bool up = !err && wait_status(is_up, &before);
	tap_ok(up, "worker on CPU 1 up and computing (%d)", err);

	uint32_t vals[2] = { 0, 0 };
	struct kvm_one_reg regs[2] = {
		{ .id = CORE_ID(usr_regs.ARM_pc), .addr = (uint32_t)(uintptr_t)&vals[0] },
		{ .id = CORE_ID(usr_regs.ARM_cpsr), .addr = (uint32_t)(uintptr_t)&vals[1] },
	};
	uint32_t pause_err = 0, not_paused = 0, get_err = 0, resume_err = 0;
	uint32_t in_image = 0, in_work = 0, svc = 0, cycles = 0;
	uint64_t t0 = guest_counter();

	for (; up && cycles < PAUSE_CYCLES; cycles++) {
		if (hv_vcpu_pause(h)) {
			pause_err++;
			break;
		}
		int s = ctl_state(h);
		if (s != HYPV7_VCPU_PAUSED) {
			if (not_paused++ < 3)
				tap_diag("cycle %lu: VCPU_STATE %d after PAUSE",
					 (unsigned long)cycles, s);
		}
		if (hv_get_multi(h, regs, 2, NULL)) {
			get_err++;
		} else {
			in_image += vals[0] >= before.image_begin && vals[0] < before.image_end;
			in_work += vals[0] >= before.work_begin && vals[0] < before.work_end;
			svc += (vals[1] & CPSR_MODE_MASK) == CPSR_MODE_SVC;
		}
		if (hv_vcpu_resume(h)) {
			resume_err++;
			break;
		}
		/* Back to back, a PAUSE follows each RESUME before the worker
		 * gets far: now and then it runs a while, so it must progress. */
		if (cycles % RUN_EVERY == RUN_EVERY - 1)
			guest_sleep_ms(RUN_MS);
	}
	uint64_t took = guest_counter() - t0;
	uint32_t took_ms = (uint32_t)(took / ticks_per_ms());
	uint32_t reads = cycles - get_err;

	tap_diag("%lu pause/GET_MULTI/resume cycles in %lu ms (%lu us each)", (unsigned long)cycles,
		 (unsigned long)took_ms,
		 (unsigned long)(cycles ? (uint64_t)took_ms * US_PER_MS / cycles : 0));
	tap_ok(cycles == PAUSE_CYCLES && !pause_err && !not_paused,
	       "%lu PAUSEs, each returned with the vCPU PAUSED (%lu errors, %lu not paused)",
	       (unsigned long)cycles, (unsigned long)pause_err, (unsigned long)not_paused);
	tap_ok(cycles == PAUSE_CYCLES && !get_err && !resume_err,
	       "every GET_MULTI (PC, CPSR) and RESUME worked (%lu, %lu errors)",
	       (unsigned long)get_err, (unsigned long)resume_err);
	tap_diag("PCs: %lu in the image [0x%08lx, 0x%08lx), %lu in smp_work [0x%08lx, 0x%08lx)",
		 (unsigned long)in_image, (unsigned long)before.image_begin,
		 (unsigned long)before.image_end, (unsigned long)in_work,
		 (unsigned long)before.work_begin, (unsigned long)before.work_end);
	tap_ok(reads && in_image == reads && svc == reads && in_work * 2 > reads,
	       "every PC in the worker's image, most in its workload, CPSR in SVC (%lu/%lu)",
	       (unsigned long)in_work, (unsigned long)reads);

	struct smp_work_status mid;
	bool mid_ok = !read_status(&mid);
	uint32_t one = 1;
	err = hv_vm_write_mem(WORKER, SMP_WORK_STATUS_ADDR + offsetof(struct smp_work_status, stop),
			      &one, sizeof(one));
	bool done = !err && wait_status(is_done, &st);
	tap_ok(mid_ok && mid.progress > before.progress,
	       "the worker progressed through the pauses (round %lu -> %lu)",
	       (unsigned long)before.progress, (unsigned long)mid.progress);
	tap_ok(done && st.checksum == expected && !st.mismatches,
	       "its result unchanged: checksum 0x%08lx (want 0x%08lx), %lu of %lu rounds differ",
	       (unsigned long)st.checksum, (unsigned long)expected, (unsigned long)st.mismatches,
	       (unsigned long)st.progress);
	tap_ok(!ctl_wait_state_for(h, HYPV7_VCPU_POWERED_OFF, SR_WAIT_YIELDS),
	       "the worker powered itself off");
	return tap_done();
}
