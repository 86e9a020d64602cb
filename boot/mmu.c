/*
 * Hyp's own stage 1 translation: an identity map of the board's RAM
 * (normal, write-back) and device windows (device, execute-never).
 */
#include "arch/arm.h"
#include "arch/cache.h"
#include "arch/lpae.h"
#include "boot/mmu.h"
#include "platform/platform.h"
#include "arch/sysregs.h"
#include "lib/string.h"

#define HYP_TABLE_POOL 8
static pte_t hyp_tables[HYP_TABLE_POOL][LPAE_ENTRIES] __attribute__((aligned(LPAE_TABLE_SIZE)));
static unsigned hyp_tables_used;

static pte_t *hyp_table_alloc(void *ctx)
{
	(void)ctx;
	if (hyp_tables_used == HYP_TABLE_POOL)
		return 0;
	pte_t *t = hyp_tables[hyp_tables_used++];
	memset(t, 0, LPAE_TABLE_SIZE);
	return t;
}

uint64_t identity_to_phys(void *ctx, const pte_t *t)
{
	(void)ctx;
	return (uintptr_t)t;
}

pte_t *identity_to_virt(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (pte_t *)(uintptr_t)pa;
}

static const struct lpae_alloc hyp_alloc = {
	.table = hyp_table_alloc,
	.to_phys = identity_to_phys,
	.to_virt = identity_to_virt,
};

/* HTCR: 32-bit input, walks cacheable write-back, inner shareable */
#define HTCR_RES1 ((1u << 31) | (1u << 23))
#define TCR_IRGN0_WBWA (1u << 8)
#define TCR_ORGN0_WBWA (1u << 10)
#define TCR_SH0_INNER (3u << 12)
#define HTCR_VALUE (HTCR_RES1 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER)
#define HMAIR0_VALUE                                             \
	(HMAIR_ATTR_NORMAL_WBWA << (8 * HYP_ATTR_NORMAL_INDEX) | \
	 HMAIR_ATTR_DEVICE << (8 * HYP_ATTR_DEVICE_INDEX))

/* The root table, written by the boot CPU and read by each secondary
 * before its own MMU and caches are on (hyp_mmu_init cleans it out). */
static pte_t *hyp_root;

int hyp_mmu_init(void)
{
	pte_t *root = hyp_table_alloc(0);
	if (!root || lpae_map(root, board.ram.base, board.ram.base, board.ram.size, HYP_PTE_NORMAL,
			      &hyp_alloc))
		return -1;
	for (unsigned i = 0; i < board.nr_devices; i++) {
		const struct mem_region *d = &board.devices[i];
		if (lpae_map(root, d->base, d->base, d->size, HYP_PTE_DEVICE, &hyp_alloc))
			return -1;
	}
	hyp_root = root;
	dcache_invalidate_all();
	hyp_mmu_enable();
	return 0;
}

void hyp_mmu_publish(void)
{
	dcache_clean_inval_range((uintptr_t)&hyp_root, sizeof(hyp_root));
	dcache_clean_inval_range((uintptr_t)hyp_tables, sizeof(hyp_tables));
}

void hyp_mmu_enable(void)
{
	/* Coherency with the other cores' caches: ACTLR.SMP before caches go
	 * on (firmware usually set it; NSACR.NS_SMP lets Hyp). */
	write_ACTLR(read_ACTLR() | ACTLR_SMP);
	write_HMAIR0(HMAIR0_VALUE);
	write_HTCR(HTCR_VALUE);
	write_HTTBR((uint64_t)(uintptr_t)hyp_root);
	dsb();
	write_TLBIALLH();
	icache_invalidate_all();
	uint32_t hsctlr = read_HSCTLR();
	hsctlr |= SCTLR_M | SCTLR_C | SCTLR_I;
	hsctlr &= ~SCTLR_A;
	write_HSCTLR(hsctlr);
	isb();
}
