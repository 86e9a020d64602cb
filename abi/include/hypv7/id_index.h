/*
 * An index from 64-bit register ids to their positions in an array: the
 * register table (reg_table.c) and hypv7's register list (hyp/hypercall.c)
 * find an id in one probe. The build searches for a multiplier under which
 * every id of the array has a slot of its own (a perfect hash); an array
 * that has none still works, by linear probing from the hashed slot.
 */
#ifndef HYPV7_ABI_ID_INDEX_H
#define HYPV7_ABI_ID_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define ID_INDEX_SLOTS 1024u /* a power of two */
#define ID_INDEX_BITS 10u    /* log2(ID_INDEX_SLOTS) */
#define ID_INDEX_MASK (ID_INDEX_SLOTS - 1)
#define ID_INDEX_EMPTY UINT16_MAX
/* At most half full: a probe for an id not indexed meets an empty slot soon. */
#define ID_INDEX_MAX_IDS (ID_INDEX_SLOTS / 2)

struct id_index {
	uint32_t multiplier;
	uint16_t longest;              /* the probes its worst id takes: 1 when perfect */
	uint16_t slot[ID_INDEX_SLOTS]; /* array positions, ID_INDEX_EMPTY where none */
};

/* ids sit `stride` bytes apart from `first` (a field of an array of structs
 * or a plain uint64_t[]). 0, or -1 when n is above ID_INDEX_MAX_IDS (the
 * index is then empty: every lookup misses). */
int id_index_build(struct id_index *x, const void *first, size_t stride, unsigned n);

static inline uint64_t id_index_id_at(const void *first, size_t stride, unsigned i)
{
	return *(const uint64_t *)(const void *)((const uint8_t *)first + (size_t)i * stride);
}

/* Register ids differ in their low word and in the size field of the high
 * one: both go into the key, and the multiplier spreads it. */
static inline unsigned id_index_hash(uint32_t multiplier, uint64_t id)
{
	uint32_t key = (uint32_t)id ^ (uint32_t)(id >> 32);
	return (key * multiplier) >> (32 - ID_INDEX_BITS);
}

/* The probes after the first, for an index that is not perfect. */
int id_index_probe(const struct id_index *x, const void *first, size_t stride, uint64_t id,
		   unsigned h);

/* The position of `id` in the array the index was built on, or -1: one
 * probe inline, the rest only where the index needs them. */
static inline int id_index_find(const struct id_index *x, const void *first, size_t stride,
				uint64_t id)
{
	unsigned h = id_index_hash(x->multiplier, id), i = x->slot[h];
	if (i != ID_INDEX_EMPTY && id_index_id_at(first, stride, i) == id)
		return (int)i;
	if (i == ID_INDEX_EMPTY || x->longest <= 1)
		return -1;
	return id_index_probe(x, first, stride, id, h);
}

#endif /* HYPV7_ABI_ID_INDEX_H */
