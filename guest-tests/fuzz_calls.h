/*
 * The fuzzer's calls: each one is generated from the seed and its number,
 * predicted by the oracle from docs/abi.md (r0, the results it documents,
 * the bytes it writes into the caller's memory, what it does to the
 * target's state and registers), made with every register chosen, and
 * checked: the answer, r4-r14 and SP kept, the caller's memory (guards),
 * and the world model moved on. Shared by the control VM (fuzz_control.c)
 * and the hostile VM's storms (fuzz_hostile.c).
 */
#ifndef FUZZ_CALLS_H
#define FUZZ_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "fuzz_mem.h"
#include "fuzz_oracle.h"

#define FUZZ_HVC_REGS 14 /* r0-r12 and lr */
#define FUZZ_HVC_LR 13

/* fuzz_hvc.S's frame: registers in, registers out, SP in and out. */
struct fuzz_hvc_regs {
	uint32_t in[FUZZ_HVC_REGS];
	uint32_t out[FUZZ_HVC_REGS];
	uint32_t sp_in, sp_out;
};

void fuzz_hvc(struct fuzz_hvc_regs *c);

/* What a phase of calls leans towards. */
enum fuzz_mix {
	FUZZ_MIX_MIXED,  /* a bit of everything */
	FUZZ_MIX_REGS,   /* SET/GET of the victim's registers */
	FUZZ_MIX_STORM,  /* PAUSE, RESUME, SET, VCPU_INIT, running or not */
	FUZZ_MIX_SMCCC,  /* function ids over the whole SMCCC space, PSCI */
	FUZZ_MIX_MEMORY, /* VM_READ_MEM / VM_WRITE_MEM, lists, structs */
	FUZZ_NR_MIXES,
};

#define FUZZ_MAX_KINDS 24 /* kinds of call (fuzz_call_types.h), for the counts */

struct fuzz_ctx {
	struct fuzz_world *w;
	struct fuzz_mem *mem;
	uint64_t seed;
	uint32_t trace_from, trace_count;
	bool gicc_pointers;   /* pointers into the GICC page too (FUZZ_OPT_GICV_BUFFERS) */
	uint32_t calls;       /* fuzz calls made */
	uint32_t regenerated; /* calls made again because the first try was unsafe */
	uint32_t kind_calls[FUZZ_MAX_KINDS];  /* calls made of each kind */
	uint32_t kind_zero[FUZZ_MAX_KINDS];   /* ... that answered r0 = 0 */
	uint32_t kind_efault[FUZZ_MAX_KINDS]; /* ... that answered -EFAULT */
	uint32_t vm_calls[FUZZ_MAX_VMS];      /* calls that reached each VM (its vCPU or RAM) */
	uint32_t snapshots;     /* every register of a stopped VM read into the model */
	uint32_t verifications; /* ... and read again before it was resumed */
};

/* Makes, predicts, checks call number n. */
void fuzz_one_call(struct fuzz_ctx *c, uint32_t n, enum fuzz_mix mix);

/* A line per kind of call: how many, how many succeeded, how many -EFAULT. */
void fuzz_print_kind_counts(const struct fuzz_ctx *c);

/* The mix's name, for progress lines. */
const char *fuzz_mix_name(enum fuzz_mix mix);

/* Helpers (not fuzz calls): every register of a stopped VM read into the
 * model (-errno on failure), and the same read again compared with it
 * (false and fuzz_fail()s on a difference). */
int fuzz_snapshot(struct fuzz_ctx *c, unsigned vm);
bool fuzz_snapshot_verify(struct fuzz_ctx *c, unsigned vm, const char *when);

/* The caller's virtual counter (CNTVCT), for the timer steering. */
uint64_t fuzz_virtual_count(void);

#endif
