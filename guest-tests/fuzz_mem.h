/*
 * The fuzzing VM's own memory as the oracle sees it (fuzz_calls.c).
 *
 * Buffers the fuzzer passes live in zones: an arena of pages in its image
 * (RW pages, a hole it unmaps from its stage-1 map, a read-only page) and,
 * in the control VM, the last pages of its RAM (buffers that run off its
 * end). Each zone has a shadow copy: what the zone must hold. Before a call
 * every buffer and GUARD bytes either side are filled with a pattern that
 * changes with every call, in the zone and its shadow; the oracle predicts
 * the bytes the call writes into the shadow ("effects"); after the call the
 * zone must equal the shadow over every buffer and its guards (and, from
 * time to time, everywhere). The oracle reads the structures a call passes
 * from the shadow, so it sees exactly what hypv7 sees, read-only pages
 * included.
 */
#ifndef FUZZ_MEM_H
#define FUZZ_MEM_H

#include <stdbool.h>
#include <stdint.h>

#define FUZZ_PAGE 4096u
#define FUZZ_GUARD 32u

/* The arena: RW pages 0..16 (room for a 64 KiB transfer and its guards),
 * then a hole, an RW page, a read-only page and a last RW page. */
enum fuzz_arena_page {
	FUZZ_ARENA_RW_LAST = 16,
	FUZZ_ARENA_HOLE = 17,
	FUZZ_ARENA_RW_B = 18,
	FUZZ_ARENA_RO = 19,
	FUZZ_ARENA_RW_C = 20,
	FUZZ_ARENA_PAGES = 21,
};
#define FUZZ_ARENA_BYTES (FUZZ_ARENA_PAGES * FUZZ_PAGE)
#define FUZZ_TOP_PAGES 2u /* the control VM's last pages of RAM */

enum fuzz_access { FUZZ_ACC_NONE, FUZZ_ACC_RO, FUZZ_ACC_RW };

#define FUZZ_MAX_ZONES 2u
#define FUZZ_MAX_WINDOWS 1100u /* a GET_MULTI's array and every value */
#define FUZZ_MAX_EFFECTS 1100u

struct fuzz_zone {
	uint32_t base, size;
	uint8_t *shadow;
	const uint8_t *page_access; /* enum fuzz_access, one per page */
};

enum fuzz_effect_kind {
	FUZZ_FX_BYTES,    /* data[] (len <= 8) or src */
	FUZZ_FX_COPY,     /* from this VM's memory at `from`, before the call */
	FUZZ_FX_CANARY,   /* the canary's pattern for IPA `from` */
	FUZZ_FX_DONTCARE, /* unknown bytes: take what the call wrote */
};

struct fuzz_effect {
	uint8_t kind;
	uint32_t va, len;
	uint32_t from;
	const uint8_t *src;
	uint8_t data[8];
};

struct fuzz_mem {
	uint32_t ram_base, ram_end;
	struct fuzz_zone zones[FUZZ_MAX_ZONES];
	unsigned nzones;
	uint32_t salt; /* this call's pattern */
	struct {
		uint32_t va, len;
	} win[FUZZ_MAX_WINDOWS];
	unsigned nwin;
	struct fuzz_effect fx[FUZZ_MAX_EFFECTS];
	unsigned nfx;
	uint32_t stable_first, stable_end; /* own code: readable, never changes */
};

/* The arena's address (page aligned) in this VM. */
uint32_t fuzz_arena_base(void);

/* Sets up the arena (the hole, the read-only page) and, with `top_zone`,
 * the last pages of RAM. Returns 0 or -1. */
int fuzz_mem_init(struct fuzz_mem *m, uint32_t ram_base, uint32_t ram_size, bool top_zone);

/* How the caller's stage 1 and stage 2 let hypv7 reach [va, va + len). */
enum fuzz_access fuzz_mem_access(const struct fuzz_mem *m, uint64_t va, uint64_t len);
/* True if [va, va + len) is in a zone (fully). */
bool fuzz_mem_in_zone(const struct fuzz_mem *m, uint64_t va, uint64_t len);
/* What [va, va + len) holds for hypv7 now; false if it is not readable
 * (or not known: RAM outside the zones and the stable code). */
bool fuzz_mem_read(const struct fuzz_mem *m, uint64_t va, void *buf, uint32_t len);

/* A new call: new pattern, no windows, no effects. */
void fuzz_mem_begin(struct fuzz_mem *m, uint32_t salt);
/* A buffer of the call: it and its guards get the pattern. */
void fuzz_mem_window(struct fuzz_mem *m, uint64_t va, uint64_t len);
/* Writes the call's own input (a struct) into a buffer; RW zone pages only. */
void fuzz_mem_poke(struct fuzz_mem *m, uint32_t va, const void *data, uint32_t len);

/* Effects: what a successful call writes into this VM's memory. */
void fuzz_mem_expect_bytes(struct fuzz_mem *m, uint32_t va, const void *data, uint32_t len);
void fuzz_mem_expect_src(struct fuzz_mem *m, uint32_t va, const uint8_t *src, uint32_t len);
void fuzz_mem_expect_copy(struct fuzz_mem *m, uint32_t va, uint32_t from, uint32_t len);
void fuzz_mem_expect_canary(struct fuzz_mem *m, uint32_t va, uint32_t ipa, uint32_t len);
void fuzz_mem_expect_dontcare(struct fuzz_mem *m, uint32_t va, uint32_t len);
/* Drops the effects (the call failed, or was refused). */
void fuzz_mem_forget_effects(struct fuzz_mem *m);

/* After the call: applies the effects to the shadow, then compares every
 * window with it; fuzz_fail()s (once) and resynchronises on a difference.
 * Returns true if all matched. */
bool fuzz_mem_check(struct fuzz_mem *m);
/* Compares every zone with its shadow. */
bool fuzz_mem_check_all(struct fuzz_mem *m);

#endif
