/*
 * Building an id index (abi/include/hypv7/id_index.h): a search over
 * multipliers for one that gives every id a slot of its own.
 */
#include <stdbool.h>

#include <hypv7/id_index.h>

/* Multipliers tried before settling for the one with the fewest shared
 * slots. A random odd multiplier is perfect for the Cortex-A15's 136 listed
 * ids about one time in fifty: the search ends within a few hundred. */
#define SEARCH_TRIES 4096u
#define WORD_BITS 32u
/* Tried first: Knuth's multiplicative-hash constant (2^32 / the golden
 * ratio, made odd); the search then starts its sequence from its neighbour. */
#define FIRST_MULTIPLIER 0x9e3779b1u
#define SEARCH_SEED 0x9e3779b9u

/* A fixed sequence (xorshift32): the same multiplier on every boot. */
static uint32_t next_candidate(uint32_t *state)
{
	uint32_t s = *state;
	s ^= s << 13;
	s ^= s >> 17;
	s ^= s << 5;
	*state = s;
	return s | 1u; /* odd: the multiply loses no key bits at the bottom */
}

/* How many ids share a slot with an id before them, under `multiplier`. */
static unsigned shared_slots(uint32_t multiplier, const void *first, size_t stride, unsigned n)
{
	uint32_t taken[ID_INDEX_SLOTS / WORD_BITS] = { 0 };
	unsigned shared = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned h = id_index_hash(multiplier, id_index_id_at(first, stride, i));
		uint32_t bit = 1u << (h % WORD_BITS);
		if (taken[h / WORD_BITS] & bit)
			shared++;
		taken[h / WORD_BITS] |= bit;
	}
	return shared;
}

static uint32_t best_multiplier(const void *first, size_t stride, unsigned n)
{
	uint32_t state = SEARCH_SEED, best = FIRST_MULTIPLIER;
	unsigned best_shared = shared_slots(best, first, stride, n);
	for (unsigned t = 0; t < SEARCH_TRIES && best_shared; t++) {
		uint32_t m = next_candidate(&state);
		unsigned shared = shared_slots(m, first, stride, n);
		if (shared < best_shared) {
			best = m;
			best_shared = shared;
		}
	}
	return best;
}

int id_index_build(struct id_index *x, const void *first, size_t stride, unsigned n)
{
	for (unsigned h = 0; h < ID_INDEX_SLOTS; h++)
		x->slot[h] = ID_INDEX_EMPTY;
	x->multiplier = 1;
	x->longest = 0;
	if (n > ID_INDEX_MAX_IDS)
		return -1;
	x->multiplier = best_multiplier(first, stride, n);
	for (unsigned i = 0; i < n; i++) {
		unsigned h = id_index_hash(x->multiplier, id_index_id_at(first, stride, i));
		unsigned probes = 1;
		for (; x->slot[h] != ID_INDEX_EMPTY; h = (h + 1) & ID_INDEX_MASK)
			probes++;
		x->slot[h] = (uint16_t)i;
		if (probes > x->longest)
			x->longest = (uint16_t)probes;
	}
	return 0;
}

int id_index_probe(const struct id_index *x, const void *first, size_t stride, uint64_t id,
		   unsigned h)
{
	for (h = (h + 1) & ID_INDEX_MASK;; h = (h + 1) & ID_INDEX_MASK) {
		unsigned i = x->slot[h];
		if (i == ID_INDEX_EMPTY)
			return -1;
		if (id_index_id_at(first, stride, i) == id)
			return (int)i;
	}
}
