/*
 * The VM0 of multi-VM tests: it hands the CPU to the other VM once, then
 * does real work that needs the CPU back (only a preempting scheduler gives
 * it back if the other VM spins), then yields a while so the other VM's
 * story (fault, reset, power-off) plays out, and powers the board off.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "tap.h"

#define WORK_LINES 50
#define TERMS_PER_LINE 1000u
#define SETTLE_YIELDS 50

/* 1^2 + 2^2 + ... + n^2, the slow way, so the work takes CPU time. */
static uint64_t sum_of_squares(uint32_t n)
{
	uint64_t sum = 0;
	for (uint32_t k = 1; k <= n; k++)
		sum += (uint64_t)k * k;
	return sum;
}

static uint64_t sum_of_squares_closed(uint32_t n)
{
	return (uint64_t)n * (n + 1) * (2 * n + 1) / 6;
}

static int do_work(void)
{
	int good = 0;

	for (uint32_t line = 1; line <= WORK_LINES; line++) {
		uint32_t n = line * TERMS_PER_LINE;
		uint64_t sum = sum_of_squares(n);
		printf("work %lu/%d: sum of squares to %lu = %llu\n", (unsigned long)line,
		       WORK_LINES, (unsigned long)n, (unsigned long long)sum);
		good += sum == sum_of_squares_closed(n);
	}
	return good;
}

int main(void)
{
	tap_plan(3);
	guest_yield(1);
	tap_ok(1, "got the CPU back after yielding to the other VM");
	tap_is_u32((uint32_t)do_work(), WORK_LINES, "all work lines computed correctly");
	guest_yield(SETTLE_YIELDS);
	tap_ok(1, "worker done after %d more yields", SETTLE_YIELDS);
	return tap_done();
}
