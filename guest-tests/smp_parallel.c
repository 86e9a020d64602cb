/*
 * VMs on different physical CPUs run at the same time: VM 0 (one vCPU, on
 * CPU 2 of three) and four smp_worker VMs created stopped (smp_work.h),
 * pinned by tests.list's affinity=: W1 and W2 both on CPU 1, W3 on CPU 0,
 * W4 on CPU 1.
 *
 * VM 0 first runs the workload itself (the expected checksum and a solo
 * time), then starts W1 and W2 together and measures, with the virtual
 * counter, the span from their RESUME until both have set `done`: one CPU
 * shared by two (time-sliced). Then the same for W3 and W4: one each on
 * CPUs 0 and 1 (VM 0 sleeps on its timer between polls, WFI, on a CPU of
 * its own, so neither pair shares a CPU with it). On two CPUs the
 * pair takes about one solo time; on one, about two: the parallel span
 * must be at most 0.75 of the time-sliced one. Every checksum must be the
 * solo one.
 *
 * QEMU runs its CPUs in threads of their own (MTTCG, no -icount), so the
 * counter follows host time and parallelism shows when the host has two
 * cores free. A shared host does not always: the two pairs take turns
 * REPEATS times (a worker that has powered itself off is booted again) and
 * the shortest span of each pair counts.
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "smp_work.h"
#include "sr_common.h"
#include "tap.h"

#define PLAN 6

#define WORK_SEED 0x6a09e667u
#define WORK_ITERS 4000000u
#define WORK_ROUNDS 48u
#define REPEATS 3u
#define GUEST_ENTRY 0x40000000u
#define POLL_MS 20u
#define DONE_TIMEOUT_MS 15000u
#define OFF_TIMEOUT_MS 3000u
#define RATIO_MAX_PERCENT 75u
#define NR_WORKERS 4u

static uint32_t expected;
static unsigned right, off;

static uint64_t ticks_per_ms(void)
{
	return guest_counter_hz() / GUEST_MS_PER_S;
}

static uint32_t ms(uint64_t ticks)
{
	return (uint32_t)(ticks / ticks_per_ms());
}

static int read_status(uint32_t vm, struct smp_work_status *st)
{
	return hv_vm_read_mem(vm, SMP_WORK_STATUS_ADDR, st, sizeof(*st));
}

/* Parameters into the worker's status page, then VCPU_INIT and the entry
 * registers (not yet resumed). */
static int prepare(uint32_t vm)
{
	struct smp_work_status st;

	memset(&st, 0, sizeof(st));
	st.seed = WORK_SEED;
	st.iters = WORK_ITERS;
	st.rounds = WORK_ROUNDS;
	int err = hv_vm_write_mem(vm, SMP_WORK_STATUS_ADDR, &st, sizeof(st));
	if (!err)
		err = sr_boot_stopped(vm, GUEST_ENTRY);
	if (err)
		tap_diag("vm%lu: cannot start it (%d)", (unsigned long)vm, err);
	return err;
}

/* Sleeps between looks until the worker has powered itself off. */
static bool wait_off(uint32_t vm)
{
	uint64_t end = guest_counter() + ticks_per_ms() * OFF_TIMEOUT_MS;

	while (ctl_state(sr_handle(vm)) != HYPV7_VCPU_POWERED_OFF) {
		if (guest_counter() > end)
			return false;
		guest_sleep_ms(POLL_MS);
	}
	return true;
}

static bool worker_right(uint32_t vm)
{
	struct smp_work_status st;
	int err = read_status(vm, &st);

	if (err || st.magic != SMP_WORK_MAGIC || !st.done || st.checksum != expected ||
	    st.mismatches || st.progress != WORK_ROUNDS) {
		tap_diag("vm%lu: error %d, magic 0x%08lx, done %lu, checksum 0x%08lx, "
			 "%lu mismatches, %lu rounds",
			 (unsigned long)vm, err, (unsigned long)st.magic, (unsigned long)st.done,
			 (unsigned long)st.checksum, (unsigned long)st.mismatches,
			 (unsigned long)st.progress);
		return false;
	}
	tap_diag("vm%lu: %lu ms from its first round to done", (unsigned long)vm,
		 (unsigned long)ms(st.ticks));
	return true;
}

/* RESUMEs workers a and b, sleeps between polls of their `done`; the span
 * in counter ticks, or 0 on an error or the timeout. Then checks their
 * results and waits for them to power off. */
static uint64_t run_pair(uint32_t a, uint32_t b)
{
	if (prepare(a) || prepare(b))
		return 0;
	uint64_t start = guest_counter();
	uint64_t end = start + ticks_per_ms() * DONE_TIMEOUT_MS;
	int err = hv_vcpu_resume(sr_handle(a));

	if (!err)
		err = hv_vcpu_resume(sr_handle(b));
	if (err) {
		tap_diag("resume: %d", err);
		return 0;
	}
	bool done_a = false, done_b = false;
	uint64_t span = 0;
	for (;;) {
		struct smp_work_status st;
		if (!done_a && !read_status(a, &st))
			done_a = st.done;
		if (!done_b && !read_status(b, &st))
			done_b = st.done;
		if (done_a && done_b) {
			span = guest_counter() - start;
			break;
		}
		if (guest_counter() > end) {
			tap_diag("vm%lu and vm%lu: not done after %u ms (%d, %d)", (unsigned long)a,
				 (unsigned long)b, DONE_TIMEOUT_MS, done_a, done_b);
			break;
		}
		guest_sleep_ms(POLL_MS);
	}
	right += worker_right(a) + worker_right(b);
	off += wait_off(a) + wait_off(b);
	return span;
}

int main(void)
{
	tap_plan(PLAN);

	uint64_t t0 = guest_counter();
	uint32_t c = 0, first = 0;
	for (uint32_t r = 0; r < WORK_ROUNDS; r++) {
		c = smp_work(WORK_SEED, WORK_ITERS);
		if (r == 0)
			first = c;
	}
	uint64_t solo = guest_counter() - t0;
	expected = first;
	tap_ok(c == first, "VM 0 alone: checksum 0x%08lx in %lu ms (%u rounds of %u)",
	       (unsigned long)expected, (unsigned long)ms(solo), WORK_ROUNDS, WORK_ITERS);

	uint64_t sliced = UINT64_MAX, parallel = UINT64_MAX;
	unsigned sliced_runs = 0, parallel_runs = 0;
	for (unsigned rep = 0; rep < REPEATS; rep++) {
		uint64_t s = run_pair(1, 2), p = run_pair(3, 4);
		tap_diag("run %u: W1+W2 on CPU 1 %lu ms, W3 on CPU 0 + W4 on CPU 1 %lu ms", rep + 1,
			 (unsigned long)ms(s), (unsigned long)ms(p));
		if (s) {
			sliced_runs++;
			sliced = s < sliced ? s : sliced;
		}
		if (p) {
			parallel_runs++;
			parallel = p < parallel ? p : parallel;
		}
	}
	if (!sliced_runs)
		sliced = 0;
	if (!parallel_runs)
		parallel = 0;
	tap_ok(sliced_runs == REPEATS, "W1 and W2 on CPU 1 (time-sliced): best %lu ms of %u runs",
	       (unsigned long)ms(sliced), sliced_runs);
	tap_ok(parallel_runs == REPEATS,
	       "W3 on CPU 0 and W4 on CPU 1 (parallel): best %lu ms of %u runs",
	       (unsigned long)ms(parallel), parallel_runs);
	tap_ok(right == 2 * 2 * REPEATS, "every worker's checksum is VM 0's (%u of %u)", right,
	       2 * 2 * REPEATS);
	tap_ok(off == 2 * 2 * REPEATS, "every worker powered itself off (%u of %u)", off,
	       2 * 2 * REPEATS);

	uint32_t percent = sliced ? (uint32_t)(parallel * 100 / sliced) : 0;
	tap_diag("solo %lu ms, time-sliced pair %lu ms, parallel pair %lu ms, ratio %lu.%02lu",
		 (unsigned long)ms(solo), (unsigned long)ms(sliced), (unsigned long)ms(parallel),
		 (unsigned long)(percent / 100), (unsigned long)(percent % 100));
	tap_ok(sliced && parallel && percent <= RATIO_MAX_PERCENT,
	       "parallel / time-sliced = %lu.%02lu <= 0.%02u", (unsigned long)(percent / 100),
	       (unsigned long)(percent % 100), RATIO_MAX_PERCENT);
	return tap_done();
}
