/*
 * The worker VM of the SMP timing tests (smp_work.h): created stopped, its
 * parameters written into its status page by VM 0, it runs the checksum
 * workload round after round, reports through the status page, prints its
 * checksum and powers itself off (PSCI SYSTEM_OFF: only this VM stops).
 */
#include <stdio.h>

#include "smp_work.h"

#define DEFAULT_SEED 0x2545f491u
#define DEFAULT_ITERS 1000000u
#define DEFAULT_ROUNDS 10u

int main(void)
{
	volatile struct smp_work_status *st = smp_work_status_self();
	uint32_t seed = st->seed ? st->seed : DEFAULT_SEED;
	uint32_t iters = st->iters ? st->iters : DEFAULT_ITERS;
	uint32_t rounds = st->seed ? st->rounds : DEFAULT_ROUNDS; /* 0: until stop */
	uint32_t r;

	st->progress = st->done = st->checksum = st->mismatches = 0;
	st->work_begin = (uint32_t)(uintptr_t)smp_work_begin;
	st->work_end = (uint32_t)(uintptr_t)smp_work_end;
	st->image_begin = (uint32_t)(uintptr_t)_start;
	st->image_end = (uint32_t)(uintptr_t)__heap_start;
	st->magic = SMP_WORK_MAGIC;
	uint64_t t0 = guest_counter();
	for (r = 0; (rounds == 0 || r < rounds) && !st->stop; r++) {
		uint32_t c = smp_work(seed, iters);
		if (r == 0)
			st->checksum = c;
		else if (c != st->checksum)
			st->mismatches++;
		st->progress = r + 1;
	}
	st->ticks = (uint32_t)(guest_counter() - t0);
	st->done = 1;
	/* After `done`: the printing is outside the time VM 0 measures. */
	printf("smp_worker: checksum 0x%08lx, %lu rounds of %lu, %lu mismatches\n",
	       (unsigned long)st->checksum, (unsigned long)r, (unsigned long)iters,
	       (unsigned long)st->mismatches);
	return 0;
}
