/*
 * Shared between the bench guests: the peer's mailbox words (in its
 * persistent page, lib/mbox.h) that VM 0 writes with VM_WRITE_MEM.
 */
#ifndef BENCH_H
#define BENCH_H

#include "mbox.h"

#define BENCH_PEER_VM 1u

/* mbox.data[] words. */
#define PEER_WORD_MODE 0u

/* What the peer does between two WFIs. */
enum peer_mode {
	PEER_IDLE = 0, /* integer code only: VFP stays with VM 0 */
	PEER_VFP = 1,  /* one VFP instruction: takes VFP ownership */
	PEER_EXIT = 2, /* leave main: the VM powers off */
};

/* One VFP data instruction: traps to Hyp when this vCPU does not own VFP. */
static inline void bench_vfp_touch(void)
{
	__asm__ volatile(".fpu neon-vfpv4\n\tvmov.f64 d7, d7" ::: "d7");
}

#endif
