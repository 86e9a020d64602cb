/*
 * The checksum workload of the SMP timing tests (smp_parallel.c,
 * smp_remote_pause.c): smp_work() (smp_work.S), run by smp_worker VMs and,
 * for the expected value and a solo time, by the control VM itself.
 *
 * A worker VM is created stopped; VM 0 writes seed, iters and rounds into
 * the worker's status page (its persistent page, lib/mbox.h's address, the
 * data cache off so VM_READ_MEM sees what it writes), boots it
 * (sr_boot_stopped) and resumes it. The worker runs `rounds` rounds (0:
 * until VM 0 sets `stop`), each smp_work(seed, iters), counts rounds whose
 * result differs from the first, sets `done`, prints its checksum and
 * powers itself off.
 */
#ifndef SMP_WORK_H
#define SMP_WORK_H

#include <stdint.h>

#include "guest.h"

#define SMP_WORK_MAGIC 0x534d5077u /* "SMPw": the worker is up */

struct smp_work_status {
	/* in: written by VM 0 before the worker starts (stop: at any time) */
	uint32_t seed, iters, rounds, stop;
	/* out */
	uint32_t magic;
	uint32_t progress; /* rounds finished */
	uint32_t done;
	uint32_t checksum; /* the first round's result */
	uint32_t mismatches;
	uint32_t work_begin, work_end;   /* smp_work's code */
	uint32_t image_begin, image_end; /* the worker's image */
	uint32_t ticks;                  /* its own virtual counter from its first round to done */
};

#define SMP_WORK_STATUS_ADDR ((uint32_t)(uintptr_t)__persist_page)

static inline volatile struct smp_work_status *smp_work_status_self(void)
{
	return (volatile struct smp_work_status *)__persist_page;
}

/* xorshift32 from seed (non-zero), `iters` steps (>= 1) folded together. */
uint32_t smp_work(uint32_t seed, uint32_t iters);
/* smp_work's first instruction and the end of its code. */
extern char smp_work_begin[], smp_work_end[];

#endif
