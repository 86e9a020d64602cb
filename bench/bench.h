/*
 * Shared between the bench guests: the peer's mailbox words (in its
 * persistent page, lib/mbox.h) that VM 0 writes with VM_WRITE_MEM.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

#include <hypv7/guest_machine.h>
#include <hypv7/smccc.h>

#include "gic.h"
#include "mbox.h"

#define BENCH_PEER_VM 1u

/* mbox.data[] words. */
#define PEER_WORD_MODE 0u

/* What the peer does between two WFIs. */
enum peer_mode {
	PEER_IDLE = 0, /* integer code only: VFP stays with VM 0 */
	PEER_VFP = 1,  /* one VFP instruction: takes VFP ownership */
	PEER_EXIT = 2, /* leave main: the VM powers off */
	/* Give the CPU back by PSCI CPU_SUSPEND (always a yield) instead of
	 * WFI: with its GIC on, WFI would wait for an interrupt. */
	PEER_SUSPEND = 3,
	PEER_GIC_SUSPEND = 4, /* the same, its GIC enabled: GICH is switched */
};

/* Yields the CPU whatever the vCPU's GIC: PSCI CPU_SUSPEND to standby
 * (hypv7 yields, hyp/psci.c). */
static inline void bench_suspend(void)
{
	register uint32_t r0 __asm__("r0") = PSCI_CPU_SUSPEND;
	register uint32_t r1 __asm__("r1") = 0; /* power state 0: standby */
	register uint32_t r2 __asm__("r2") = 0;
	register uint32_t r3 __asm__("r3") = 0;
	__asm__ volatile("hvc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)::"memory");
}

/* One VFP data instruction: traps to Hyp when this vCPU does not own VFP. */
static inline void bench_vfp_touch(void)
{
	__asm__ volatile(".fpu neon-vfpv4\n\tvmov.f64 d7, d7" ::: "d7");
}

#endif
