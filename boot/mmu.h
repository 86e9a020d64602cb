/* Hyp's own MMU: an identity map of RAM and the board's devices. */
#ifndef HYPV7_MMU_H
#define HYPV7_MMU_H
#include "arch/lpae.h"
/* Builds the identity map and turns on Hyp's MMU and caches; 0 or -1. */
int hyp_mmu_init(void);
/* The boot CPU, before it starts secondaries: the tables reach memory, for
 * cores whose caches are still off. */
void hyp_mmu_publish(void);
/* Turns the MMU and caches on with the tables hyp_mmu_init built: each
 * secondary CPU, first thing. Its own caches need no invalidation: a
 * Cortex-A15/A7 invalidates them at reset, and invalidating by set/way
 * here would reach the shared L2 and lose the boot CPU's dirty lines. */
void hyp_mmu_enable(void);
/* lpae_alloc helpers for identity-mapped tables */
uint64_t identity_to_phys(void *ctx, const pte_t *t);
pte_t *identity_to_virt(void *ctx, uint64_t pa);
#endif
