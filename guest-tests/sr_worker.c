/*
 * The save/restore worker: a long deterministic computation whose result
 * (a checksum) depends on every kind of vCPU state hypv7 must carry, so a
 * pause, snapshot, restore or migration that loses or bends any of it
 * changes the checksum (or the worker reports an error).
 *
 * State it keeps live and folds in (all values derive from SR_SEED):
 *   - its own MMU setup: TTBCR.N = 1 (TTBR0 below 2 GiB, TTBR1 above), its
 *     own TTBR0/TTBR1 tables, DACR (domain 5 must stay client), PRRR/NMRR,
 *     CONTEXTIDR with a non-zero ASID; its working state is reached only
 *     through a non-global page at SR_HIGH_VA (TTBR1, domain 5);
 *   - SP/LR/SPSR of IRQ, ABT, UND and FIQ and r8-r12 of FIQ, set every
 *     round and folded in the next (sr_visit_set / sr_visit_fold);
 *   - its own VBAR and exceptions taken on purpose: undefined instructions,
 *     a data abort on the unmapped page after SR_HIGH_VA, the virtual timer
 *     interrupt (counted, since when it lands is not deterministic);
 *   - D0-D31 and FPSCR (live inside sr_compute, parked in the high page
 *     between calls), TPIDRURW (changed every loop), TPIDRURO, TPIDRPRW,
 *     IFAR, PAR, CNTKCTL, CSSELR;
 *   - the virtual timer: CVAL and CTL in every timer window.
 * Absolute time (CNTVCT) is never folded in.
 *
 * It reports through its status page (sr_common.h), prints
 * "checksum 0x...", and powers itself off.
 */
#include <stdio.h>
#include <string.h>

#include "smccc.h"
#include "sr_common.h"

#ifndef SR_SEED
#define SR_SEED 0x1234567u
#endif
#ifndef SR_ROUNDS
#define SR_ROUNDS 160u
#endif
#define SR_ITERS 20000u /* compute loops per round */
#define TIMER_EVERY 8u  /* a timer window every this many rounds */
#define TIMER_DELAY_TICKS 2000u
/* The counter runs while other VMs have the CPU (5 ms slices), so the
 * timeout is long, and after it a few spins more let an interrupt that is
 * due the moment this vCPU runs again arrive. */
#define TIMER_TIMEOUT_TICKS 6250000u /* 100 ms at 62.5 MHz */
#define TIMER_GRACE_SPINS 100000u
#define TIMER_GIVE_UP 3u /* misses in a row before it stops waiting */

/* ---- page tables --------------------------------------------------------- */

#define SR_HIGH_VA 0xc0000000u            /* the working page, through TTBR1 */
#define SR_TRAP_VA (SR_HIGH_VA + 0x1000u) /* unmapped: data aborts */
#define SECTION_SHIFT 20u
#define TTBCR_N 1u
#define L1_LO_ENTRIES (4096u >> TTBCR_N) /* VA below 2 GiB */
#define L1_ENTRIES 4096u
#define RAM_FIRST_MB 0x400u
#define RAM_END_MB 0x800u
#define SECT_NORMAL 0x00011c0eu /* TEX=1 C B, AP=11, S, domain 0 */
#define SECT_DEVICE 0x00000c16u /* B, XN, AP=11, domain 0 */
#define HIGH_DOMAIN 5u
#define L1_COARSE(l2, dom) ((uint32_t)(uintptr_t)(l2) | ((dom) << 5) | 0x1u)
#define PAGE_NORMAL_NG 0x00000c7eu /* small page, TEX=1 C B, AP=11, S, nG */
#define DACR_CLIENT 1u

static uint32_t l1_lo[L1_LO_ENTRIES] __attribute__((aligned(L1_LO_ENTRIES * 4)));
static uint32_t l1_hi[L1_ENTRIES] __attribute__((aligned(16384)));
static uint32_t l2_hi[256] __attribute__((aligned(1024)));

/* The working state: only ever touched through SR_HIGH_VA. */
struct sr_vstate {
	uint64_t d[32];
	uint32_t fpscr;
	uint32_t acc;
};
static struct sr_vstate high_page __attribute__((aligned(4096)));
#define VSTATE ((struct sr_vstate *)SR_HIGH_VA)

/* The banked values sr_visit_set writes (order fixed by sr_compute.S). */
struct sr_banked {
	uint32_t irq[3], abt[3], und[3], fiq[3]; /* sp, lr, spsr */
	uint32_t fiq_r8_r12[5];
};

/* Counters the handlers in sr_compute.S keep (offsets fixed there). */
struct sr_exc {
	uint32_t und, abt, irq, spurious, acc, trap_va, error, error_pc;
};
struct sr_exc sr_exc;

extern char sr_vectors[], sr_compute_begin[], sr_compute_end[];
extern char __stack_irq_top[], __stack_abt_top[], __stack_und_top[];
uint32_t sr_compute(struct sr_vstate *v, uint32_t iters, uint32_t acc);
uint32_t sr_visit_fold(uint32_t acc);
void sr_visit_set(const struct sr_banked *b);
void sr_take_und(void);
uint32_t sr_take_abort(const volatile uint32_t *unmapped);
void sr_fatal(void) __attribute__((noreturn));

#define MCR(op1, crn, crm, op2, v) \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 ::"r"(v) : "memory")
#define MRC(op1, crn, crm, op2)                                                                  \
	({                                                                                       \
		uint32_t v_;                                                                     \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v_)); \
		v_;                                                                              \
	})

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline uint64_t cntvct(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrrc p15, 1, %Q0, %R0, c14" : "=r"(v));
	return v;
}

static inline void cntv_cval_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %Q0, %R0, c14" ::"r"(v));
}

static inline void par_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 0, %Q0, %R0, c7" ::"r"(v));
}

static inline uint64_t par_read(void)
{
	uint64_t v;
	__asm__ volatile("mrrc p15, 0, %Q0, %R0, c7" : "=r"(v));
	return v;
}

static uint32_t mix(uint32_t acc, uint32_t v)
{
	acc ^= v + 0x9e3779b9u + (acc << 6) + (acc >> 2);
	return acc;
}

/* xorshift32: every carried value comes from this stream. */
static uint32_t next(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void build_tables(void)
{
	for (uint32_t mb = 0; mb < L1_LO_ENTRIES; mb++)
		l1_lo[mb] = (mb << SECTION_SHIFT) |
			    (mb >= RAM_FIRST_MB && mb < RAM_END_MB ? SECT_NORMAL : SECT_DEVICE);
	memset(l1_hi, 0, sizeof(l1_hi));
	memset(l2_hi, 0, sizeof(l2_hi));
	l2_hi[0] = (uint32_t)(uintptr_t)&high_page | PAGE_NORMAL_NG;
	/* l2_hi[1] stays 0: SR_TRAP_VA takes a translation fault */
	l1_hi[SR_HIGH_VA >> SECTION_SHIFT] = L1_COARSE(l2_hi, HIGH_DOMAIN);
}

/* Domains 0 and 5 client, the others from the seed (never used). */
static uint32_t dacr_for(uint32_t seed)
{
	uint32_t dacr = seed & 0x55555555u;
	dacr &= ~(3u | (3u << (2 * HIGH_DOMAIN)));
	return dacr | DACR_CLIENT | (DACR_CLIENT << (2 * HIGH_DOMAIN));
}

static void setup_mmu(uint32_t *rng)
{
	uint32_t asid = (next(rng) % 255u) + 1u;

	build_tables();
	__asm__ volatile("dsb" ::: "memory");
	MCR(0, c3, c0, 0, dacr_for(next(rng)));
	MCR(0, c2, c0, 2, TTBCR_N);
	MCR(0, c2, c0, 0, (uint32_t)(uintptr_t)l1_lo);
	MCR(0, c2, c0, 1, (uint32_t)(uintptr_t)l1_hi);
	MCR(0, c10, c2, 0, next(rng)); /* PRRR, NMRR: SCTLR.TRE stays 0 */
	MCR(0, c10, c2, 1, next(rng));
	MCR(0, c13, c0, 1, (next(rng) << 8) | asid); /* CONTEXTIDR */
	MCR(0, c8, c7, 0, 0u);                       /* TLBIALL */
	__asm__ volatile("dsb" ::: "memory");
	isb();
	MCR(0, c12, c0, 0, (uint32_t)(uintptr_t)sr_vectors); /* VBAR */
	isb();
}

static void seed_registers(uint32_t *rng)
{
	struct sr_vstate *v = VSTATE;

	for (unsigned i = 0; i < 32; i++)
		v->d[i] = ((uint64_t)next(rng) << 32) | next(rng);
	/* RMode from the seed; DN and FZ clear; no trap enables. */
	v->fpscr = (next(rng) & 3u) << 22;
	MCR(0, c13, c0, 2, next(rng)); /* TPIDRURW */
	MCR(0, c13, c0, 3, next(rng)); /* TPIDRURO */
	MCR(0, c13, c0, 4, next(rng)); /* TPIDRPRW */
	MCR(0, c6, c0, 2, next(rng));  /* IFAR */
	uint32_t par_hi = next(rng);   /* one call per statement: a fixed order */
	par_write(((uint64_t)par_hi << 32) | (next(rng) & 0xfffff000u));
	MCR(0, c14, c1, 0, next(rng) & 0x3u); /* CNTKCTL: PL0 counter access */
	MCR(2, c0, c0, 0, next(rng) & 1u);    /* CSSELR: L1 D or I */
}

/* New carried values for the exception modes; SPs stay inside their stacks
 * because the handlers push onto them. */
static void set_banked(uint32_t acc)
{
	uint32_t s = acc | 1u;
	struct sr_banked b;
	char *tops[3] = { __stack_irq_top, __stack_abt_top, __stack_und_top };
	uint32_t *modes[3] = { b.irq, b.abt, b.und };

	for (unsigned m = 0; m < 3; m++) {
		modes[m][0] = (uint32_t)(uintptr_t)tops[m] - 8u * (next(&s) & 63u);
		modes[m][1] = next(&s);
		modes[m][2] = (next(&s) & 0xf00f0000u) | 0x1d3u;
	}
	b.fiq[0] = next(&s);
	b.fiq[1] = next(&s);
	b.fiq[2] = (next(&s) & 0xf00f0000u) | 0x1d1u;
	for (unsigned i = 0; i < 5; i++)
		b.fiq_r8_r12[i] = next(&s);
	sr_visit_set(&b);
}

static uint32_t fold_cp15(uint32_t acc)
{
	acc = mix(acc, MRC(0, c13, c0, 2)); /* TPIDRURW */
	acc = mix(acc, MRC(0, c13, c0, 3)); /* TPIDRURO */
	acc = mix(acc, MRC(0, c13, c0, 4)); /* TPIDRPRW */
	acc = mix(acc, MRC(0, c13, c0, 1)); /* CONTEXTIDR */
	acc = mix(acc, MRC(0, c3, c0, 0));  /* DACR */
	acc = mix(acc, MRC(0, c2, c0, 2));  /* TTBCR */
	acc = mix(acc, MRC(0, c10, c2, 0)); /* PRRR */
	acc = mix(acc, MRC(0, c10, c2, 1)); /* NMRR */
	acc = mix(acc, MRC(0, c6, c0, 2));  /* IFAR */
	acc = mix(acc, MRC(0, c14, c1, 0)); /* CNTKCTL */
	acc = mix(acc, MRC(2, c0, c0, 0));  /* CSSELR */
	acc = mix(acc, MRC(0, c12, c0, 0)); /* VBAR */
	uint64_t par = par_read();
	acc = mix(acc, (uint32_t)par);
	return mix(acc, (uint32_t)(par >> 32));
}

static void update_cp15(uint32_t acc)
{
	MCR(0, c13, c0, 3, acc * 3u);
	MCR(0, c13, c0, 4, acc ^ 0x5a5a5a5au);
	MCR(0, c6, c0, 2, acc + 0x1000u); /* IFAR */
	par_write(((uint64_t)(acc >> 3) << 32) | (acc & 0xfffff000u));
}

/* One timer window: arm the virtual timer a little ahead, let the IRQ in,
 * and wait for the handler (bounded, so a missing interrupt cannot hang). */
static void timer_window(volatile struct sr_status *st)
{
	static uint32_t misses_in_a_row;
	uint32_t before = sr_exc.irq;

	if (misses_in_a_row >= TIMER_GIVE_UP) {
		st->timer_missed++;
		return;
	}
	uint64_t start = cntvct();
	cntv_cval_write(start + TIMER_DELAY_TICKS);
	MCR(0, c14, c3, 1, 1u); /* CNTV_CTL: ENABLE */
	isb();
	__asm__ volatile("cpsie i" ::: "memory");
	for (uint32_t grace = 0; *(volatile uint32_t *)&sr_exc.irq == before;)
		if (cntvct() - start >= TIMER_TIMEOUT_TICKS && ++grace > TIMER_GRACE_SPINS)
			break;
	__asm__ volatile("cpsid i" ::: "memory");
	MCR(0, c14, c3, 1, 0u);
	isb();
	if (sr_exc.irq == before) {
		st->timer_missed++;
		misses_in_a_row++;
	} else {
		misses_in_a_row = 0;
	}
	st->timer_irqs = sr_exc.irq;
	st->spurious_irqs = sr_exc.spurious;
}

static uint32_t round_of(uint32_t r, uint32_t acc, volatile struct sr_status *st)
{
	acc = sr_compute(VSTATE, SR_ITERS, acc);
	acc = sr_visit_fold(acc);
	acc = fold_cp15(acc);
	sr_take_und();
	sr_exc.trap_va = SR_TRAP_VA + 4u * (r & 0xffu);
	sr_take_abort((const volatile uint32_t *)sr_exc.trap_va);
	acc = mix(acc, MRC(0, c5, c0, 0)); /* DFSR */
	acc = mix(acc, MRC(0, c6, c0, 0)); /* DFAR */
	if (r % TIMER_EVERY == 0)
		timer_window(st);
	acc = mix(acc, sr_exc.acc);
	update_cp15(acc);
	set_banked(acc);
	return acc;
}

static uint32_t final_fold(uint32_t acc)
{
	for (unsigned i = 0; i < 32; i++) {
		acc = mix(acc, (uint32_t)VSTATE->d[i]);
		acc = mix(acc, (uint32_t)(VSTATE->d[i] >> 32));
	}
	acc = mix(acc, VSTATE->fpscr);
	acc = mix(acc, sr_exc.und);
	return mix(acc, sr_exc.abt);
}

void sr_fatal(void)
{
	volatile struct sr_status *st = sr_status_self();

	st->error = sr_exc.error;
	st->error_pc = sr_exc.error_pc;
	printf("worker error %lu at pc %#lx\n", (unsigned long)sr_exc.error,
	       (unsigned long)sr_exc.error_pc);
	smccc_hvc0(PSCI_SYSTEM_OFF);
	for (;;)
		guest_wfi();
}

int main(void)
{
	volatile struct sr_status *st = sr_status_self();
	uint32_t rng = SR_SEED, acc = SR_SEED;

	/* The same CPSR however it was booted (hypv7 enters with 0x1d3,
	 * kvmtool-style boots give 0xd3): exceptions fold SPSR in. */
	__asm__ volatile("cpsid aif" ::: "memory");
	memset((void *)st, 0, sizeof(*st));
	st->seed = SR_SEED;
	st->rounds = SR_ROUNDS;
	st->compute_begin = (uint32_t)(uintptr_t)sr_compute_begin;
	st->compute_end = (uint32_t)(uintptr_t)sr_compute_end;
	setup_mmu(&rng);
	seed_registers(&rng);
	set_banked(acc);
	st->magic = SR_STATUS_MAGIC;
	printf("worker seed %#lx: %lu rounds\n", (unsigned long)SR_SEED, (unsigned long)SR_ROUNDS);
	for (uint32_t r = 0; r < SR_ROUNDS; r++) {
		acc = round_of(r, acc, st);
		st->progress = r + 1;
	}
	acc = final_fold(acc);
	st->checksum = acc;
	st->done = 1;
	printf("checksum %#lx (und %lu, aborts %lu, timer irqs %lu, missed %lu, spurious %lu)\n",
	       (unsigned long)acc, (unsigned long)sr_exc.und, (unsigned long)sr_exc.abt,
	       (unsigned long)sr_exc.irq, (unsigned long)st->timer_missed,
	       (unsigned long)sr_exc.spurious);
	return 0;
}
