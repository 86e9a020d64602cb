/* Cache maintenance: what boot and the loaders need on real cores. */
#ifndef HYPV7_CACHE_H
#define HYPV7_CACHE_H
#include <stdint.h>
/* Invalidate every data/unified cache level by set/way (boot, caches off). */
void dcache_invalidate_all(void);
/* Clean and invalidate [addr, addr + size) to the point of coherency, so
 * a guest running with its MMU (and so its caches) off sees the data. */
void dcache_clean_inval_range(uintptr_t addr, uint32_t size);
void icache_invalidate_all(void);
#endif
