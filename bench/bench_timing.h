/*
 * The bench guests' clock and timing (bench_control.c, bench_smp.c): the
 * generic counter (one tick per virtual ns under -icount shift=0, i.e.
 * per instruction) or, with BENCH_PMU, the PMU cycle counter; the fastest
 * of several batches less the empty loop; one "bench <name> <n>" line per
 * figure. Static functions: each guest includes it once. The includer
 * defines ITERS, NS_PER_S, BENCH_PMU and has an `int errors`.
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PMCR_E (1u << 0)
#define PMCR_C (1u << 2) /* reset the cycle counter */
#define PMCNTENSET_C (1u << 31)
/* PMSELR value that makes PMXEVTYPER the cycle counter's filter
 * (PMCCFILTR); its NSH bit counts Non-secure Hyp mode too, which ARMv7
 * with the Virtualization Extensions excludes by default: without it
 * the hypervisor's own cycles would not be counted at all. */
#define PMSELR_CYCLE 31u
#define PMCCFILTR_NSH (1u << 27)

/* ---------------------------------------------------------------- clock */

static inline uint64_t clock_now(void)
{
#if BENCH_PMU
	uint32_t c;
	__asm__ volatile("isb\n\tmrc p15, 0, %0, c9, c13, 0" : "=r"(c)::"memory");
	return c;
#else
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
#endif
}

/* Clock units to reported units (instructions or cycles), scaled by 1000
 * so that averages keep three decimals. */
static uint64_t units_per_tick_milli;

static inline void clock_init(void)
{
#if BENCH_PMU
	uint32_t pmcr;
	__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(pmcr | PMCR_E | PMCR_C));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 5" ::"r"(PMSELR_CYCLE));
	__asm__ volatile("mcr p15, 0, %0, c9, c13, 1" ::"r"(PMCCFILTR_NSH));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(PMCNTENSET_C));
	units_per_tick_milli = 1000;
	uint64_t a = clock_now(), b = clock_now();
	printf("bench-unit cycles pmu %s\n", b != a ? "counting" : "unsupported");
#else
	uint32_t freq;
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(freq));
	units_per_tick_milli = NS_PER_S * 1000 / freq;
	printf("bench-unit instructions cntfrq %lu\n", (unsigned long)freq);
#endif
}

/* ---------------------------------------------------------------- timing */

typedef void op_fn(void);

/* Fastest of BATCHES batches of n calls, in clock units. */
static inline uint64_t time_batches(op_fn *op, uint32_t n, uint32_t batches)
{
	uint64_t best = UINT64_MAX;
	for (uint32_t b = 0; b < batches; b++) {
		uint64_t t0 = clock_now();
		for (uint32_t i = 0; i < n; i++)
			op();
		uint64_t t = clock_now() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static inline void op_empty(void)
{
}

static uint64_t empty_ticks; /* the loop and call overhead for ITERS calls */

/* Reported units per op, in thousandths, without the loop overhead. */
static inline uint64_t measure_milli(op_fn *op, uint32_t n, uint32_t batches)
{
	uint64_t t = time_batches(op, n, batches);
	uint64_t overhead = empty_ticks * n / ITERS;
	t = t > overhead ? t - overhead : 0;
	return t * units_per_tick_milli / n;
}

/* With the PMU the line names its unit, for LAVA's `units` group. */
#define BENCH_UNIT_SUFFIX (BENCH_PMU ? " cycles" : "")

static inline void report_milli(const char *name, uint64_t milli)
{
	printf("bench %s %lu%s\n", name, (unsigned long)((milli + 500) / 1000), BENCH_UNIT_SUFFIX);
	fflush(stdout);
}

static inline uint64_t bench(const char *name, op_fn *op, uint32_t n, uint32_t batches)
{
#ifdef BENCH_ONLY
	/* bench/profile: only this figure, between two floor calls (the
	 * trace's markers), and the run ends there. */
	if (strcmp(name, BENCH_ONLY))
		return 0;
	hv_call(BENCH_FLOOR_FN, 0, 0, 0, 0);
	measure_milli(op, n, batches);
	hv_call(BENCH_FLOOR_FN, 0, 0, 0, 0);
	printf("bench done errors %d\n", errors);
	exit(0);
#endif
	uint64_t m = measure_milli(op, n, batches);
	report_milli(name, m);
	return m;
}

static inline void check(int err, const char *what)
{
	if (err) {
		printf("bench-error %s: %d\n", what, err);
		errors++;
	}
}

#endif
