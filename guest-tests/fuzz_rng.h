/*
 * The fuzzer's random numbers: splitmix64, small and good enough, and
 * deterministic. Every call of a run draws from a generator of its own,
 * derived from the seed and the call's number (fuzz_rng_for), so the calls
 * a seed makes do not depend on what the VMs did meanwhile (when a victim
 * happened to fault): the same seed makes the same calls again.
 */
#ifndef FUZZ_RNG_H
#define FUZZ_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct fuzz_rng {
	uint64_t state;
};

#define FUZZ_RNG_GOLDEN 0x9e3779b97f4a7c15ull

/* Streams keep the generators of different purposes apart. */
enum fuzz_stream {
	FUZZ_STREAM_CALL = 1, /* one per fuzz call */
	FUZZ_STREAM_PHASE,    /* one per phase of calls */
	FUZZ_STREAM_HOSTILE,  /* the hostile VM's action order and storms */
	FUZZ_STREAM_SALT,     /* guard pattern salts */
};

static inline uint64_t fuzz_rng_next(struct fuzz_rng *r)
{
	uint64_t z = (r->state += FUZZ_RNG_GOLDEN);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline struct fuzz_rng fuzz_rng_for(uint64_t seed, enum fuzz_stream stream, uint64_t n)
{
	struct fuzz_rng r = { seed ^ ((uint64_t)stream << 56) };

	r.state = fuzz_rng_next(&r) + n * FUZZ_RNG_GOLDEN;
	fuzz_rng_next(&r);
	return r;
}

static inline uint32_t fuzz_rand32(struct fuzz_rng *r)
{
	return (uint32_t)(fuzz_rng_next(r) >> 32);
}

/* 0 .. n-1 (n > 0); the small bias of a modulo does not matter here. */
static inline uint32_t fuzz_below(struct fuzz_rng *r, uint32_t n)
{
	return fuzz_rand32(r) % n;
}

/* True one time in n. */
static inline bool fuzz_one_in(struct fuzz_rng *r, uint32_t n)
{
	return fuzz_below(r, n) == 0;
}

/* An index into weights[0..n-1], chosen in proportion to the weights. */
static inline unsigned fuzz_weighted(struct fuzz_rng *r, const uint8_t *weights, unsigned n)
{
	uint32_t total = 0;

	for (unsigned i = 0; i < n; i++)
		total += weights[i];
	uint32_t pick = fuzz_below(r, total ? total : 1);
	for (unsigned i = 0; i < n; i++) {
		if (pick < weights[i])
			return i;
		pick -= weights[i];
	}
	return 0;
}

#endif
