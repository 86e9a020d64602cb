/* The per-VM registry of emulated devices (hyp/mmio.h). */
#include "hyp/mmio.h"

#include <stddef.h>

#include "abi/errno.h"

static bool overlaps(const struct mmio_region *r, uint32_t ipa, uint32_t size)
{
	return ipa < r->ipa + r->size && r->ipa < ipa + size;
}

int mmio_register(struct mmio_map *map, uint32_t ipa, uint32_t size, mmio_handler *handler,
		  void *dev)
{
	if (!size || ipa + size < ipa)
		return -EINVAL;
	for (unsigned i = 0; i < map->nr; i++)
		if (overlaps(&map->regions[i], ipa, size))
			return -EINVAL;
	if (map->nr == VM_MAX_MMIO_REGIONS)
		return -ENOMEM;
	map->regions[map->nr++] = (struct mmio_region){ ipa, size, handler, dev };
	return 0;
}

const struct mmio_region *mmio_find(const struct mmio_map *map, uint64_t ipa)
{
	for (unsigned i = 0; i < map->nr; i++) {
		const struct mmio_region *r = &map->regions[i];
		if (ipa >= r->ipa && ipa - r->ipa < r->size)
			return r;
	}
	return NULL;
}
