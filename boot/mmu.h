/* Hyp's own MMU: an identity map of RAM and the board's devices. */
#ifndef HYPV7_MMU_H
#define HYPV7_MMU_H
#include "arch/lpae.h"
/* Builds the identity map and turns on Hyp's MMU and caches; 0 or -1. */
int hyp_mmu_init(void);
/* lpae_alloc helpers for identity-mapped tables */
uint64_t identity_to_phys(void *ctx, const pte_t *t);
pte_t *identity_to_virt(void *ctx, uint64_t pa);
#endif
