/*
 * VM 3 of the fuzz image (fuzz.h): the canary. It fills part of its RAM
 * (and the rest of its mailbox page) with a pattern that depends on the
 * address, then checks, round after round and as long as the run lasts:
 *   - its registers across world switches: every core register, the banked
 *     registers of the other modes, D0-D31, FPSCR and three TPIDRs are
 *     loaded with values new each round, it gives the CPU away (WFI) and
 *     spins, and they must come back (fuzz_canary_regs.S);
 *   - a chunk of the pattern, a pass at a time, and its own code.
 * Each round adds one to its heartbeat in the mailbox; VM 0 checks that it
 * moves and that `damage` stays 0. Damage is printed ("canary DAMAGE"),
 * counted, and repaired so that it is counted once.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_print.h"
#include "fuzz_rng.h"
#include "guest.h"

#define NR_CORE 13u
#define NR_BANKED 16u
#define NR_D 32u
#define CHUNK_WORDS 2048u
#define PRINT_EVERY 512u
#define SPINS_MAX 20000u
#define FPSCR_SAFE_BITS 0x03c00000u /* DN, FZ, RMode: no vector length, no traps */
#define SPSR_SAFE(x) (((x)&0xf8000000u) | 0x1d3u)
#define ROUND_SEED 0x63616e617279ull

struct canary_regs {
	uint64_t d[NR_D];
	uint32_t r[NR_CORE];
	uint32_t banked[NR_BANKED]; /* SP_usr LR_usr LR_irq SPSR_irq LR_abt SPSR_abt LR_und
				       SPSR_und SPSR_svc R8-R12_fiq LR_fiq SPSR_fiq */
	uint32_t fpscr;
};
_Static_assert(__builtin_offsetof(struct canary_regs, r) == 256, "fuzz_canary_regs.S's OFF_R");
_Static_assert(__builtin_offsetof(struct canary_regs, banked) == 308, "OFF_BANKED");
_Static_assert(__builtin_offsetof(struct canary_regs, fpscr) == 372, "OFF_FPSCR");

/* Which banked words are SPSRs (they hold only sane values). */
static const uint8_t is_spsr[NR_BANKED] = { [3] = 1, [5] = 1, [7] = 1, [8] = 1, [15] = 1 };

void fuzz_canary_hold(const struct canary_regs *want, struct canary_regs *got, uint32_t spins);

static struct canary_regs want, got;
static uint32_t image_sum;

/* From linker/guest.ld: code and read-only data end where exidx starts. */
extern char __exidx_start[];

static volatile struct fuzz_canary_mbox *mbox(void)
{
	return (volatile struct fuzz_canary_mbox *)MBOX_ADDR;
}

static void damage(enum fuzz_canary_damage what, uint32_t where, uint64_t is, uint64_t want_v)
{
	volatile struct fuzz_canary_mbox *m = mbox();

	if (!m->damage) {
		m->first_damage_what = what;
		m->first_damage_where = where;
	}
	m->damage++;
	fuzz_printf("canary DAMAGE: kind %u at 0x%08lx: 0x%08lx%08lx, expected 0x%08lx%08lx\n",
		    what, (unsigned long)where, (unsigned long)(is >> 32), (unsigned long)is,
		    (unsigned long)(want_v >> 32), (unsigned long)want_v);
}

static void fill_range(uint32_t first, uint32_t end)
{
	for (uint32_t a = first; a < end; a += sizeof(uint32_t))
		*(volatile uint32_t *)a = fuzz_canary_word(a);
}

/* Checks [first, end) of the pattern; repairs what it reports. */
static void check_range(uint32_t first, uint32_t end)
{
	for (uint32_t a = first; a < end; a += sizeof(uint32_t)) {
		uint32_t v = *(volatile uint32_t *)a, w = fuzz_canary_word(a);
		if (v != w) {
			damage(FUZZ_DAMAGE_RAM, a, v, w);
			*(volatile uint32_t *)a = w;
		}
	}
}

static uint32_t image_checksum(void)
{
	uint32_t sum = 0;

	for (const uint32_t *p = (const uint32_t *)_start; p < (const uint32_t *)__exidx_start; p++)
		sum = (sum << 1 | sum >> 31) ^ *p;
	return sum;
}

static void tpidr_write(uint32_t urw, uint32_t uro, uint32_t prw)
{
	__asm__ volatile("mcr p15, 0, %0, c13, c0, 2\n\t"
			 "mcr p15, 0, %1, c13, c0, 3\n\t"
			 "mcr p15, 0, %2, c13, c0, 4"
			 :
			 : "r"(urw), "r"(uro), "r"(prw));
}

static void tpidr_read(uint32_t *v)
{
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 2\n\t"
			 "mrc p15, 0, %1, c13, c0, 3\n\t"
			 "mrc p15, 0, %2, c13, c0, 4"
			 : "=r"(v[0]), "=r"(v[1]), "=r"(v[2]));
}

static void make_want(struct fuzz_rng *r)
{
	for (unsigned i = 0; i < NR_D; i++)
		want.d[i] = fuzz_rng_next(r);
	for (unsigned i = 0; i < NR_CORE; i++)
		want.r[i] = fuzz_rand32(r);
	for (unsigned i = 0; i < NR_BANKED; i++) {
		uint32_t v = fuzz_rand32(r);
		want.banked[i] = is_spsr[i] ? SPSR_SAFE(v) : v;
	}
	want.fpscr = fuzz_rand32(r) & FPSCR_SAFE_BITS;
}

static void compare_regs(void)
{
	for (unsigned i = 0; i < NR_CORE; i++)
		if (got.r[i] != want.r[i])
			damage(FUZZ_DAMAGE_CORE, i, got.r[i], want.r[i]);
	for (unsigned i = 0; i < NR_BANKED; i++)
		if (got.banked[i] != want.banked[i])
			damage(FUZZ_DAMAGE_CORE, NR_CORE + i, got.banked[i], want.banked[i]);
	for (unsigned i = 0; i < NR_D; i++)
		if (got.d[i] != want.d[i])
			damage(FUZZ_DAMAGE_VFP, i, got.d[i], want.d[i]);
	if (got.fpscr != want.fpscr)
		damage(FUZZ_DAMAGE_VFP, NR_D, got.fpscr, want.fpscr);
}

/* One round of register checks (with the TPIDRs around it). */
static void check_registers(struct fuzz_rng *r)
{
	uint32_t tp_want[3] = { fuzz_rand32(r), fuzz_rand32(r), fuzz_rand32(r) }, tp_got[3];

	make_want(r);
	tpidr_write(tp_want[0], tp_want[1], tp_want[2]);
	fuzz_canary_hold(&want, &got, 1 + fuzz_below(r, SPINS_MAX));
	tpidr_read(tp_got);
	compare_regs();
	for (unsigned i = 0; i < 3; i++)
		if (tp_got[i] != tp_want[i])
			damage(FUZZ_DAMAGE_CP15, i, tp_got[i], tp_want[i]);
}

/* The next chunk of the pattern; a whole pass also checks the tail of
 * the mailbox page and the code. Returns true at the end of a pass. */
static bool check_chunk(uint32_t *cursor)
{
	uint32_t end = FUZZ_CANARY_RAM_FIRST + FUZZ_CANARY_RAM_SIZE;
	uint32_t next = *cursor + CHUNK_WORDS * sizeof(uint32_t);

	if (next > end)
		next = end;
	check_range(*cursor, next);
	*cursor = next;
	if (next < end)
		return false;
	*cursor = FUZZ_CANARY_RAM_FIRST;
	check_range(FUZZ_CANARY_TAIL_FIRST, FUZZ_CANARY_TAIL_END);
	uint32_t sum = image_checksum();
	if (sum != image_sum)
		damage(FUZZ_DAMAGE_IMAGE, 0, sum, image_sum);
	image_sum = sum;
	return true;
}

int main(void)
{
	volatile struct fuzz_canary_mbox *m = mbox();
	uint32_t cursor = FUZZ_CANARY_RAM_FIRST;

	memset((void *)m, 0, sizeof(*m));
	fill_range(FUZZ_CANARY_RAM_FIRST, FUZZ_CANARY_RAM_FIRST + FUZZ_CANARY_RAM_SIZE);
	fill_range(FUZZ_CANARY_TAIL_FIRST, FUZZ_CANARY_TAIL_END);
	image_sum = image_checksum();
	m->magic = FUZZ_CANARY_MAGIC;
	fuzz_printf("canary up: 0x%08lx..0x%08lx patterned\n", (unsigned long)FUZZ_CANARY_RAM_FIRST,
		    (unsigned long)(FUZZ_CANARY_RAM_FIRST + FUZZ_CANARY_RAM_SIZE));
	for (uint32_t round = 0;; round++) {
		struct fuzz_rng r = fuzz_rng_for(ROUND_SEED, FUZZ_STREAM_CALL, round);
		check_registers(&r);
		if (check_chunk(&cursor))
			m->ram_passes++;
		m->heartbeat = round + 1;
		if (m->heartbeat % PRINT_EVERY == 0)
			fuzz_printf("canary heartbeat %lu: %lu passes, %lu damaged\n",
				    (unsigned long)m->heartbeat, (unsigned long)m->ram_passes,
				    (unsigned long)m->damage);
		guest_wfi();
	}
}
