/*
 * The VM1 of the SYSTEM_RESET test. It counts its boots in the persistent
 * page (untouched when hypv7 reloads the image): the first boot dirties
 * .data and .bss and calls SYSTEM_RESET; the second checks that the image
 * was reloaded, the entry state is fresh, and the counter survived.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "smccc.h"
#include "tap.h"

#define PERSIST_MAGIC 0x68797037u /* "hyp7" */
#define DATA_INIT 0x1234u
#define DIRTY 0xdeadu
#define ENTRY_R1 0xffffffffu

struct persist {
	uint32_t magic;
	uint32_t boots;
};

static volatile uint32_t data_marker = DATA_INIT;
static volatile uint32_t bss_marker;

static volatile struct persist *persist(void)
{
	return (volatile struct persist *)__persist_page;
}

static void first_boot(void)
{
	printf("first boot: calling SYSTEM_RESET\n");
	fflush(stdout);
	data_marker = DIRTY;
	bss_marker = DIRTY;
	smccc_hvc0(PSCI_SYSTEM_RESET);
	/* A result without a plan: the runner fails it. */
	tap_ok(0, "SYSTEM_RESET returned");
}

static void second_boot(void)
{
	tap_plan(7);
	tap_is_u32(persist()->boots, 2, "second boot, counted in the persistent page");
	tap_is_u32(data_marker, DATA_INIT, ".data was reloaded");
	tap_is_u32(bss_marker, 0, ".bss was cleared");
	tap_is_u32(guest_entry_r0, 0, "r0 is 0 at entry after reset");
	tap_is_u32(guest_entry_r1, ENTRY_R1, "r1 is 0xffffffff at entry after reset");
	tap_is_u32(guest_entry_sctlr & SCTLR_M, 0, "MMU off at entry after reset");
	tap_is_u32(guest_entry_pc, (uint32_t)_start, "restarted at the ELF entry");
}

int main(void)
{
	volatile struct persist *p = persist();

	if (p->magic != PERSIST_MAGIC) {
		p->magic = PERSIST_MAGIC;
		p->boots = 0;
	}
	p->boots++;
	if (p->boots == 1) {
		first_boot();
	} else {
		second_boot();
		p->magic = 0; /* a later board restart starts counting afresh */
	}
	return tap_done();
}
