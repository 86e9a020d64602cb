/*
 * LPAE (long-descriptor) translation tables, 4 KiB granule, 32-bit input
 * addresses starting at level 1: used for Hyp's own stage 1 (HTTBR) and
 * for every VM's stage 2 (VTTBR). Pure logic, unit-tested on the host.
 */
#ifndef HYPV7_LPAE_H
#define HYPV7_LPAE_H
#include <stdint.h>

typedef uint64_t pte_t;

#define LPAE_ENTRIES 512
#define LPAE_TABLE_SIZE 4096u
#define LPAE_L1_BLOCK (1u << 30)
#define LPAE_L2_BLOCK (1u << 21)
#define LPAE_PAGE (1u << 12)

#define PTE_VALID (1ull << 0)
#define PTE_TABLE (1ull << 1) /* level 1/2: table; level 3: page */
#define PTE_ADDR_MASK 0x000000fffffff000ull
#define PTE_AF (1ull << 10)
#define PTE_SH_INNER (3ull << 8)
#define PTE_XN (1ull << 54)

/* Hyp stage 1: index into HMAIR0/1 and access permissions */
#define PTE_ATTRINDX(i) ((uint64_t)(i) << 2)
#define PTE_HYP_AP_RW (1ull << 6) /* AP[2:1] = 01: read/write; AP[1] is SBO at PL2 */
#define HMAIR_ATTR_NORMAL_WBWA 0xffu
#define HMAIR_ATTR_DEVICE 0x04u
#define HYP_ATTR_NORMAL_INDEX 0
#define HYP_ATTR_DEVICE_INDEX 1
#define HYP_PTE_NORMAL (PTE_ATTRINDX(HYP_ATTR_NORMAL_INDEX) | PTE_HYP_AP_RW | PTE_SH_INNER | PTE_AF)
#define HYP_PTE_DEVICE (PTE_ATTRINDX(HYP_ATTR_DEVICE_INDEX) | PTE_HYP_AP_RW | PTE_AF | PTE_XN)

/* Stage 2: memory attributes and access permissions live in the entry */
#define S2_MEMATTR_NORMAL_WB (0xfull << 2)
#define S2_MEMATTR_DEVICE (0x1ull << 2)
#define S2AP_RO (1ull << 6)
#define S2AP_RW (3ull << 6)
#define S2_PTE_NORMAL_RW (S2_MEMATTR_NORMAL_WB | S2AP_RW | PTE_SH_INNER | PTE_AF)
#define S2_PTE_DEVICE_RW (S2_MEMATTR_DEVICE | S2AP_RW | PTE_AF | PTE_XN)

/* Supplies zeroed, 4 KiB-aligned tables; returns 0 when out of memory. */
struct lpae_alloc {
	pte_t *(*table)(void *ctx);
	/* Physical address of a table (identity in hypv7; tests may differ). */
	uint64_t (*to_phys)(void *ctx, const pte_t *table);
	pte_t *(*to_virt)(void *ctx, uint64_t pa);
	void *ctx;
};

/*
 * Maps [va, va + size) to [pa, pa + size) with `attrs`, using the largest
 * blocks alignment allows. Returns 0, or -1 if arguments are not page
 * aligned, overflow, or a table could not be allocated.
 */
int lpae_map(pte_t *l1, uint32_t va, uint64_t pa, uint64_t size, uint64_t attrs,
	     const struct lpae_alloc *alloc);

/* Walks the tables: 0 with pa and attrs set if `va` is mapped, -1 if not. */
int lpae_lookup(const pte_t *l1, uint32_t va, uint64_t *pa, uint64_t *attrs,
		const struct lpae_alloc *alloc);
#endif
