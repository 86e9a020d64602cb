/* The fuzzing VM's memory model: zones, shadows, guards (fuzz_mem.h). */
#include <string.h>

#include "fuzz.h"
#include "fuzz_mem.h"
#include "fuzz_print.h"
#include "guest.h"

#define WORD_MASK 3u
#define BITS_PER_BYTE 8u
#define PATTERN_MUL 0x9e3779b1u
#define BASE_SALT 0xc0ffee11u /* the pattern zones start with */

static uint8_t arena[FUZZ_ARENA_BYTES] __attribute__((aligned(FUZZ_PAGE)));
static uint8_t arena_shadow[FUZZ_ARENA_BYTES];
static uint8_t arena_access[FUZZ_ARENA_PAGES];
static uint8_t top_shadow[FUZZ_TOP_PAGES * FUZZ_PAGE];
static const uint8_t top_access[FUZZ_TOP_PAGES] = { FUZZ_ACC_RW, FUZZ_ACC_RW };

/* From linker/guest.ld: code and read-only data end where exidx starts. */
extern char __exidx_start[];

uint32_t fuzz_arena_base(void)
{
	return (uint32_t)(uintptr_t)arena;
}

static uint8_t pattern_byte(uint32_t salt, uint32_t va)
{
	uint32_t w = ((va >> 2) * PATTERN_MUL) ^ salt;

	return (uint8_t)(w >> ((va & WORD_MASK) * BITS_PER_BYTE));
}

/* Fills [va, va + len) of real memory and of `shadow` (the same bytes). */
static void fill_pattern(uint8_t *real, uint8_t *shadow, uint32_t va, uint32_t len, uint32_t salt)
{
	uint32_t i = 0;

	for (; i < len && ((va + i) & WORD_MASK); i++)
		real[i] = shadow[i] = pattern_byte(salt, va + i);
	for (; i + sizeof(uint32_t) <= len; i += sizeof(uint32_t)) {
		uint32_t w = (((va + i) >> 2) * PATTERN_MUL) ^ salt;
		memcpy(real + i, &w, sizeof(w));
		memcpy(shadow + i, &w, sizeof(w));
	}
	for (; i < len; i++)
		real[i] = shadow[i] = pattern_byte(salt, va + i);
}

static const struct fuzz_zone *zone_of(const struct fuzz_mem *m, uint64_t va)
{
	for (unsigned i = 0; i < m->nzones; i++)
		if (va >= m->zones[i].base && va < (uint64_t)m->zones[i].base + m->zones[i].size)
			return &m->zones[i];
	return NULL;
}

static enum fuzz_access page_access_of(const struct fuzz_zone *z, uint32_t va)
{
	return (enum fuzz_access)z->page_access[(va - z->base) / FUZZ_PAGE];
}

static uint8_t *shadow_at(const struct fuzz_zone *z, uint32_t va)
{
	return z->shadow + (va - z->base);
}

static uint8_t *real_at(uint32_t va)
{
	return (uint8_t *)(uintptr_t)va;
}

static void add_zone(struct fuzz_mem *m, uint32_t base, uint32_t size, uint8_t *shadow,
		     const uint8_t *access)
{
	struct fuzz_zone *z = &m->zones[m->nzones++];

	z->base = base;
	z->size = size;
	z->shadow = shadow;
	z->page_access = access;
	fill_pattern(real_at(base), shadow, base, size, BASE_SALT);
}

int fuzz_mem_init(struct fuzz_mem *m, uint32_t ram_base, uint32_t ram_size, bool top_zone)
{
	memset(m, 0, sizeof(*m));
	m->ram_base = ram_base;
	m->ram_end = ram_base + ram_size;
	m->stable_first = (uint32_t)(uintptr_t)_start;
	m->stable_end = (uint32_t)(uintptr_t)__exidx_start;
	for (unsigned p = 0; p < FUZZ_ARENA_PAGES; p++)
		arena_access[p] = FUZZ_ACC_RW;
	arena_access[FUZZ_ARENA_HOLE] = FUZZ_ACC_NONE;
	arena_access[FUZZ_ARENA_RO] = FUZZ_ACC_RO;
	add_zone(m, fuzz_arena_base(), FUZZ_ARENA_BYTES, arena_shadow, arena_access);
	if (top_zone)
		add_zone(m, m->ram_end - sizeof(top_shadow), sizeof(top_shadow), top_shadow,
			 top_access);
	if (guest_mmu_set_page(fuzz_arena_base() + FUZZ_ARENA_HOLE * FUZZ_PAGE, GUEST_PAGE_NONE) ||
	    guest_mmu_set_page(fuzz_arena_base() + FUZZ_ARENA_RO * FUZZ_PAGE, GUEST_PAGE_RO))
		return -1;
	return 0;
}

enum fuzz_access fuzz_mem_access(const struct fuzz_mem *m, uint64_t va, uint64_t len)
{
	if (!len)
		return FUZZ_ACC_RW; /* nothing to reach */
	if (va < m->ram_base || va + len > m->ram_end)
		return FUZZ_ACC_NONE; /* stage 2 maps only RAM (the UART traps) */
	enum fuzz_access worst = FUZZ_ACC_RW;
	uint64_t last = (va + len - 1) & ~(uint64_t)(FUZZ_PAGE - 1);
	for (uint64_t page = va & ~(uint64_t)(FUZZ_PAGE - 1); page <= last; page += FUZZ_PAGE) {
		const struct fuzz_zone *z = zone_of(m, page);
		enum fuzz_access a = z ? page_access_of(z, (uint32_t)page) : FUZZ_ACC_RW;
		if (a < worst)
			worst = a;
	}
	return worst;
}

bool fuzz_mem_in_zone(const struct fuzz_mem *m, uint64_t va, uint64_t len)
{
	const struct fuzz_zone *z = zone_of(m, va);

	return z && va + len <= (uint64_t)z->base + z->size;
}

bool fuzz_mem_read(const struct fuzz_mem *m, uint64_t va, void *buf, uint32_t len)
{
	uint8_t *out = buf;

	if (fuzz_mem_access(m, va, len) == FUZZ_ACC_NONE)
		return false;
	for (uint32_t i = 0; i < len; i++) {
		uint32_t a = (uint32_t)va + i;
		const struct fuzz_zone *z = zone_of(m, a);
		if (z)
			out[i] = *shadow_at(z, a);
		else if (a >= m->stable_first && a < m->stable_end)
			out[i] = *real_at(a);
		else
			return false; /* this VM's changing memory: no prediction */
	}
	return true;
}

void fuzz_mem_begin(struct fuzz_mem *m, uint32_t salt)
{
	m->salt = salt;
	m->nwin = 0;
	m->nfx = 0;
}

/* Calls fn on each stretch of [lo, hi) (inside zone z) within one page. */
typedef bool page_fn(struct fuzz_mem *m, const struct fuzz_zone *z, uint32_t va, uint32_t len);

static bool for_each_page_chunk(struct fuzz_mem *m, const struct fuzz_zone *z, uint32_t lo,
				uint32_t hi, page_fn *fn)
{
	bool ok = true;

	while (lo < hi) {
		uint32_t page_end = (lo & ~(FUZZ_PAGE - 1)) + FUZZ_PAGE;
		uint32_t end = page_end < hi ? page_end : hi;
		ok = fn(m, z, lo, end - lo) && ok;
		lo = end;
	}
	return ok;
}

static bool fill_chunk(struct fuzz_mem *m, const struct fuzz_zone *z, uint32_t va, uint32_t len)
{
	if (page_access_of(z, va) == FUZZ_ACC_RW)
		fill_pattern(real_at(va), shadow_at(z, va), va, len, m->salt);
	return true;
}

void fuzz_mem_window(struct fuzz_mem *m, uint64_t va, uint64_t len)
{
	if (va >= (1ull << 32))
		return;
	uint64_t lo = va >= FUZZ_GUARD ? va - FUZZ_GUARD : 0;
	uint64_t hi = va + len + FUZZ_GUARD;
	for (unsigned i = 0; i < m->nzones; i++) {
		const struct fuzz_zone *z = &m->zones[i];
		uint64_t zlo = lo > z->base ? lo : z->base;
		uint64_t zhi = hi < (uint64_t)z->base + z->size ? hi : (uint64_t)z->base + z->size;
		if (zlo >= zhi || m->nwin >= FUZZ_MAX_WINDOWS)
			continue;
		m->win[m->nwin].va = (uint32_t)zlo;
		m->win[m->nwin].len = (uint32_t)(zhi - zlo);
		m->nwin++;
		for_each_page_chunk(m, z, (uint32_t)zlo, (uint32_t)zhi, fill_chunk);
	}
}

void fuzz_mem_poke(struct fuzz_mem *m, uint32_t va, const void *data, uint32_t len)
{
	const uint8_t *in = data;

	for (uint32_t i = 0; i < len; i++) {
		const struct fuzz_zone *z = zone_of(m, va + i);
		if (z && page_access_of(z, va + i) == FUZZ_ACC_RW)
			*real_at(va + i) = *shadow_at(z, va + i) = in[i];
	}
}

static struct fuzz_effect *new_effect(struct fuzz_mem *m, enum fuzz_effect_kind kind, uint32_t va,
				      uint32_t len)
{
	if (m->nfx >= FUZZ_MAX_EFFECTS) {
		fuzz_fail("internal: more than %u effects", FUZZ_MAX_EFFECTS);
		return NULL;
	}
	struct fuzz_effect *e = &m->fx[m->nfx++];
	e->kind = (uint8_t)kind;
	e->va = va;
	e->len = len;
	e->src = NULL;
	return e;
}

void fuzz_mem_expect_bytes(struct fuzz_mem *m, uint32_t va, const void *data, uint32_t len)
{
	struct fuzz_effect *e = new_effect(m, FUZZ_FX_BYTES, va, len);

	if (e && len <= sizeof(e->data))
		memcpy(e->data, data, len);
	else if (e)
		e->kind = FUZZ_FX_DONTCARE; /* callers pass larger data by _src */
}

void fuzz_mem_expect_src(struct fuzz_mem *m, uint32_t va, const uint8_t *src, uint32_t len)
{
	struct fuzz_effect *e = new_effect(m, FUZZ_FX_BYTES, va, len);

	if (e)
		e->src = src;
}

void fuzz_mem_expect_copy(struct fuzz_mem *m, uint32_t va, uint32_t from, uint32_t len)
{
	struct fuzz_effect *e = new_effect(m, FUZZ_FX_COPY, va, len);

	if (e)
		e->from = from;
}

void fuzz_mem_expect_canary(struct fuzz_mem *m, uint32_t va, uint32_t ipa, uint32_t len)
{
	struct fuzz_effect *e = new_effect(m, FUZZ_FX_CANARY, va, len);

	if (e)
		e->from = ipa;
}

void fuzz_mem_expect_dontcare(struct fuzz_mem *m, uint32_t va, uint32_t len)
{
	new_effect(m, FUZZ_FX_DONTCARE, va, len);
}

void fuzz_mem_forget_effects(struct fuzz_mem *m)
{
	m->nfx = 0;
}

/* The byte effect `e` puts at offset i of its range. */
static bool effect_byte(const struct fuzz_mem *m, const struct fuzz_effect *e, uint32_t i,
			uint8_t *out)
{
	switch (e->kind) {
	case FUZZ_FX_BYTES: *out = e->src ? e->src[i] : e->data[i]; return true;
	case FUZZ_FX_COPY: {
		/* by IPA: the hole's bytes too, whatever stage 1 says */
		const struct fuzz_zone *z = zone_of(m, e->from + i);
		if (z)
			*out = *shadow_at(z, e->from + i);
		return z || fuzz_mem_read(m, e->from + i, out, 1);
	}
	case FUZZ_FX_CANARY: {
		uint32_t ipa = e->from + i;
		*out = (uint8_t)(fuzz_canary_word(ipa & ~WORD_MASK) >>
				 ((ipa & WORD_MASK) * BITS_PER_BYTE));
		return true;
	}
	default: /* DONTCARE: what the call wrote */ *out = *real_at(e->va + i); return true;
	}
}

/* Copy effects read the shadow as it was before the call: the fuzzer
 * never lets a copy's source and destination overlap. */
static void apply_effects(struct fuzz_mem *m)
{
	for (unsigned k = 0; k < m->nfx; k++) {
		const struct fuzz_effect *e = &m->fx[k];
		for (uint32_t i = 0; i < e->len; i++) {
			const struct fuzz_zone *z = zone_of(m, e->va + i);
			uint8_t b;
			if (z && effect_byte(m, e, i, &b))
				*shadow_at(z, e->va + i) = b;
		}
	}
	m->nfx = 0;
}

static bool compare_chunk(struct fuzz_mem *m, const struct fuzz_zone *z, uint32_t va, uint32_t len)
{
	(void)m;
	if (page_access_of(z, va) == FUZZ_ACC_NONE)
		return true; /* the hole: nothing can be read, or written */
	const uint8_t *real = real_at(va), *want = shadow_at(z, va);
	if (!memcmp(real, want, len))
		return true;
	uint32_t i = 0;
	while (real[i] == want[i])
		i++;
	fuzz_fail("memory at 0x%08lx (%s) is 0x%02x, expected 0x%02x: a write outside what the "
		  "call may write, or a missing one",
		  (unsigned long)(va + i),
		  va + i >= fuzz_arena_base() && va + i < fuzz_arena_base() + FUZZ_ARENA_BYTES
		      ? "arena"
		      : "top of RAM",
		  real[i], want[i]);
	memcpy(shadow_at(z, va), real, len); /* one report per difference */
	return false;
}

bool fuzz_mem_check(struct fuzz_mem *m)
{
	bool ok = true;

	apply_effects(m);
	for (unsigned w = 0; w < m->nwin; w++) {
		const struct fuzz_zone *z = zone_of(m, m->win[w].va);
		if (z)
			ok = for_each_page_chunk(m, z, m->win[w].va, m->win[w].va + m->win[w].len,
						 compare_chunk) &&
			     ok;
	}
	m->nwin = 0;
	return ok;
}

bool fuzz_mem_check_all(struct fuzz_mem *m)
{
	bool ok = true;

	for (unsigned i = 0; i < m->nzones; i++) {
		const struct fuzz_zone *z = &m->zones[i];
		ok = for_each_page_chunk(m, z, z->base, z->base + z->size, compare_chunk) && ok;
	}
	return ok;
}
