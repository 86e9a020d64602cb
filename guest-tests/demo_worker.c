/*
 * The default demo's VM 1 (`make run`): it watches its own TPIDRURW,
 * yielding the CPU between looks, and says so when the value changes -
 * which only VM 0 does, through SET_ONE_REG while this VM is paused.
 * Then it leaves, which powers this VM off.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"

#define START_VALUE 0x00000001u
#define LOOKS_PER_LINE 200u /* a "still" line now and then */
#define MAX_LOOKS 20000u    /* give up if nobody changes it */

static uint32_t tpidrurw_read(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
	return v;
}

static void tpidrurw_write(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c13, c0, 2" ::"r"(v));
}

int main(void)
{
	tpidrurw_write(START_VALUE);
	printf("demo worker: watching TPIDRURW, now 0x%08lx\n", (unsigned long)START_VALUE);
	for (uint32_t look = 1; look <= MAX_LOOKS; look++) {
		uint32_t v = tpidrurw_read();
		if (v != START_VALUE) {
			printf("TPIDRURW is now 0x%08lx\n", (unsigned long)v);
			return 0;
		}
		if (look % LOOKS_PER_LINE == 0)
			printf("TPIDRURW still 0x%08lx\n", (unsigned long)v);
		guest_wfi();
	}
	printf("TPIDRURW never changed\n");
	return 1;
}
