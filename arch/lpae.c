/* Building LPAE (long-descriptor) translation tables: Hyp's map and each VM's stage 2. */
#include <stdbool.h>

#include "arch/lpae.h"

#define LEVEL_SHIFT(level) (30u - 9u * ((level)-1u))
#define LEVEL_SIZE(level) (1ull << LEVEL_SHIFT(level))
#define LAST_LEVEL 3u
#define ATTR_MASK (~PTE_ADDR_MASK & ~(PTE_VALID | PTE_TABLE))

static unsigned index_at(uint32_t va, unsigned level)
{
	return (va >> LEVEL_SHIFT(level)) & (LPAE_ENTRIES - 1);
}

static pte_t *next_table(pte_t *entry, const struct lpae_alloc *alloc)
{
	if (*entry & PTE_VALID) {
		if (!(*entry & PTE_TABLE))
			return 0; /* already a block: refuse to split silently */
		return alloc->to_virt(alloc->ctx, *entry & PTE_ADDR_MASK);
	}
	pte_t *t = alloc->table(alloc->ctx);
	if (!t)
		return 0;
	*entry = (alloc->to_phys(alloc->ctx, t) & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
	return t;
}

static int map_one(pte_t *l1, uint32_t va, uint64_t pa, uint64_t size, uint64_t attrs,
		   const struct lpae_alloc *alloc, uint64_t *done)
{
	pte_t *table = l1;
	for (unsigned level = 1; level <= LAST_LEVEL; level++) {
		uint64_t block = LEVEL_SIZE(level);
		pte_t *entry = &table[index_at(va, level)];
		bool aligned = !(va & (block - 1)) && !(pa & (block - 1)) && size >= block;
		if (aligned) {
			pte_t type = level == LAST_LEVEL ? PTE_TABLE : 0;
			*entry = (pa & PTE_ADDR_MASK) | (attrs & ATTR_MASK) | type | PTE_VALID;
			*done = block;
			return 0;
		}
		table = next_table(entry, alloc);
		if (!table)
			return -1;
	}
	return -1;
}

int lpae_map(pte_t *l1, uint32_t va, uint64_t pa, uint64_t size, uint64_t attrs,
	     const struct lpae_alloc *alloc)
{
	if ((va | pa | size) & (LPAE_PAGE - 1))
		return -1;
	if ((uint64_t)va + size > (1ull << 32))
		return -1;
	while (size) {
		uint64_t done;
		if (map_one(l1, va, pa, size, attrs, alloc, &done))
			return -1;
		va += (uint32_t)done;
		pa += done;
		size -= done;
	}
	return 0;
}

int lpae_lookup(const pte_t *l1, uint32_t va, uint64_t *pa, uint64_t *attrs,
		const struct lpae_alloc *alloc)
{
	const pte_t *table = l1;
	for (unsigned level = 1; level <= LAST_LEVEL; level++) {
		pte_t e = table[index_at(va, level)];
		if (!(e & PTE_VALID))
			return -1;
		bool is_table = (e & PTE_TABLE) && level < LAST_LEVEL;
		if (!is_table) {
			if (level == LAST_LEVEL && !(e & PTE_TABLE))
				return -1;
			uint64_t offset = va & (LEVEL_SIZE(level) - 1);
			*pa = (e & PTE_ADDR_MASK & ~(LEVEL_SIZE(level) - 1)) + offset;
			*attrs = e & ATTR_MASK;
			return 0;
		}
		table = alloc->to_virt(alloc->ctx, e & PTE_ADDR_MASK);
	}
	return -1;
}
