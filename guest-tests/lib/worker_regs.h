/*
 * The register values the command-driven worker (reg_worker.c) and its
 * control VMs agree on: what the worker loads itself (PUBLISH) and where
 * it reports what it sees (REPORT, in struct mbox data[]).
 */
#ifndef WORKER_REGS_H
#define WORKER_REGS_H

#include <stdint.h>

#define WORKER_NR_D 32u

/* PUBLISH: the worker loads these itself. */
#define PUB_TPIDRURW 0x11a0b0c1u
#define PUB_TPIDRURO 0x22a0b0c2u
#define PUB_TPIDRPRW 0x33a0b0c3u
#define PUB_FPSCR 0x00c00000u  /* RMode = round towards zero */
#define PUB_SP_IRQ 0x40e0f0f0u /* only used by crash reports */
/* D<n> = PUB_D_BASE + n * PUB_D_STEP: every byte differs between regs. */
#define PUB_D_BASE 0x0102030405060708ull
#define PUB_D_STEP 0x1010101010101010ull

/* REPORT: data[] slots. */
enum worker_report {
	REP_TPIDRURW,
	REP_TPIDRURO,
	REP_TPIDRPRW,
	REP_CONTEXTIDR,
	REP_DACR,
	REP_VBAR,
	REP_FPSCR,
	REP_D0_LO, /* D<n> low word at REP_D0_LO + 2n, high after */
	REP_END = REP_D0_LO + 2 * WORKER_NR_D,
};

static inline uint64_t pub_d(unsigned n)
{
	return PUB_D_BASE + n * PUB_D_STEP;
}

#endif
