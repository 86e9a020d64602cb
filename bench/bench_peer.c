/*
 * The peer VM of `make bench` (VM 1): it gives the CPU back with WFI (or
 * PSCI CPU_SUSPEND, as its mode says) at once, so VM 0 measures VM-to-VM round trips; VM 0 pauses it to measure
 * the register ABI on a stopped vCPU and switches its mode through the
 * mailbox (bench.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "guest.h"

int main(void)
{
	volatile struct mbox *m = mbox_self();
	bool gic_enabled = false; /* once on, its WFI would wait: it suspends */

	memset((void *)m, 0, sizeof(*m));
	m->magic = MBOX_MAGIC;
	printf("bench peer up\n");
	fflush(stdout);
	for (;;) {
		uint32_t mode = m->data[PEER_WORD_MODE];
		if (mode == PEER_EXIT)
			break;
		if (mode == PEER_VFP)
			bench_vfp_touch();
		if (mode == PEER_GIC_SUSPEND && !gic_enabled) {
			gic_on(1u << GUEST_VTIMER_INTID);
			gic_enabled = true;
		}
		if (mode == PEER_SUSPEND || mode == PEER_GIC_SUSPEND)
			bench_suspend();
		else
			guest_wfi();
	}
	printf("bench peer done\n");
	return 0;
}
