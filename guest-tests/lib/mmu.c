/*
 * A flat identity map for the guest, with the MMU on but caches off.
 *
 * Why: with the MMU off every data access is Strongly-ordered, where an
 * unaligned access faults, and newlib's ARMv7 string routines do unaligned
 * loads. Mapping RAM as Normal memory makes them legal. The data cache stays
 * off (SCTLR.C = 0) so nothing a guest writes can hide in a cache line across
 * a VM reset (the persistent page) or from hypv7 reloading the image.
 *
 * Every address is mapped, device memory included, so that an access outside
 * the VM's RAM goes past stage 1 and reaches hypv7's stage 2 (fault tests).
 */
#include <stdint.h>

#include "guest.h"

#define SECTION_SHIFT 20u
#define L1_ENTRIES 4096u
#define L1_TABLE_ALIGN 16384u

/* Short-descriptor section entry fields. */
#define SECT_TYPE 0x2u
#define SECT_B (1u << 2)
#define SECT_C (1u << 3)
#define SECT_XN (1u << 4)
#define SECT_AP_RW (3u << 10) /* AP[1:0] = 11: read/write, any PL */
#define SECT_TEX(x) ((uint32_t)(x) << 12)
#define SECT_S (1u << 16)

/* Normal, inner/outer write-back (TEX=001, C=1, B=1), shareable. */
#define SECT_NORMAL (SECT_TYPE | SECT_AP_RW | SECT_TEX(1) | SECT_C | SECT_B | SECT_S)
/* Shareable Device (TEX=000, C=0, B=1), never executable. */
#define SECT_DEVICE (SECT_TYPE | SECT_AP_RW | SECT_B | SECT_XN)

/* Normal memory: the 1 GiB RAM window of a virt-shaped machine. */
#define NORMAL_FIRST_MB 0x400u
#define NORMAL_END_MB 0x800u

/* Global: vCPUs started by guest_cpu_on() (smp_entry.S) use it too. */
uint32_t guest_l1_table[L1_ENTRIES] __attribute__((aligned(L1_TABLE_ALIGN)));

/*
 * Second-level (coarse) tables for the few 1 MiB sections a test splits into
 * 4 KiB pages, to change one page's access (guest_mmu_set_page()).
 */
#define L2_ENTRIES 256u
#define L2_TABLE_ALIGN 1024u
#define L2_TABLES 4u
#define PAGE_SHIFT 12u
#define L1_COARSE 0x1u /* page-table descriptor, domain 0 */
#define L1_TYPE_MASK 0x3u
#define L1_COARSE_BASE_MASK 0xfffffc00u

/* Small-page descriptor fields (AP[2] is bit 9; SCTLR.AFE is 0). */
#define PAGE_TYPE 0x2u
#define PAGE_B (1u << 2)
#define PAGE_C (1u << 3)
#define PAGE_AP_RW (3u << 4)               /* AP = 011 */
#define PAGE_AP_RO ((1u << 9) | (3u << 4)) /* AP = 111: read-only, any PL */
#define PAGE_TEX(x) ((uint32_t)(x) << 6)
#define PAGE_S (1u << 10)
#define PAGE_NORMAL_ATTRS (PAGE_TYPE | PAGE_TEX(1) | PAGE_C | PAGE_B | PAGE_S)

static uint32_t l2_tables[L2_TABLES][L2_ENTRIES] __attribute__((aligned(L2_TABLE_ALIGN)));
static unsigned l2_used;

static void fill_identity_map(void)
{
	for (uint32_t mb = 0; mb < L1_ENTRIES; mb++) {
		int normal = mb >= NORMAL_FIRST_MB && mb < NORMAL_END_MB;
		guest_l1_table[mb] = (mb << SECTION_SHIFT) | (normal ? SECT_NORMAL : SECT_DEVICE);
	}
}

static uint32_t sctlr_read(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

static void sctlr_write(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" ::"r"(v) : "memory");
}

void guest_mmu_enable(void)
{
	fill_identity_map();
	guest_mmu_start(guest_l1_table); /* smp_entry.S: secondaries share it */
}

/* Long-descriptor (LPAE) identity map: four 1 GiB blocks. */
#define LPAE_BLOCK 0x1ull
#define LPAE_ATTR_INDEX(i) ((uint64_t)(i) << 2)
#define LPAE_AP_RW_ANY (1ull << 6) /* AP[2:1] = 01 */
#define LPAE_SH_INNER (3ull << 8)
#define LPAE_AF (1ull << 10)
#define LPAE_XN (1ull << 54)
#define LPAE_GIB_SHIFT 30u
#define LPAE_RAM_GIB 1u /* 0x40000000..0x7fffffff */
#define LPAE_L1_ENTRIES 4u
#define MAIR_NORMAL_INDEX 0u
#define MAIR_DEVICE_INDEX 1u
#define MAIR0_VALUE 0x000004ffu /* attr0 normal write-back, attr1 device */
#define TTBCR_EAE (1u << 31)
#define TTBCR_WALKS_WB ((1u << 8) | (1u << 10) | (3u << 12)) /* IRGN0, ORGN0, SH0 */

static uint64_t lpae_l1[LPAE_L1_ENTRIES] __attribute__((aligned(32)));

void guest_mmu_lpae_caches_on(void)
{
	for (uint32_t gib = 0; gib < LPAE_L1_ENTRIES; gib++) {
		uint64_t attrs = gib == LPAE_RAM_GIB
				     ? LPAE_ATTR_INDEX(MAIR_NORMAL_INDEX) | LPAE_SH_INNER
				     : LPAE_ATTR_INDEX(MAIR_DEVICE_INDEX) | LPAE_XN;
		lpae_l1[gib] = ((uint64_t)gib << LPAE_GIB_SHIFT) | attrs | LPAE_AP_RW_ANY |
			       LPAE_AF | LPAE_BLOCK;
	}
	sctlr_write(sctlr_read() & ~SCTLR_M); /* identity map: safe to switch off */
	__asm__ volatile("dsb\n\t"
			 "mcr p15, 0, %0, c10, c2, 0\n\t" /* MAIR0 */
			 "mcr p15, 0, %1, c2, c0, 2\n\t"  /* TTBCR: EAE, TTBR0 covers 4 GiB */
			 "mcrr p15, 0, %2, %3, c2\n\t"    /* TTBR0 (64-bit), ASID 0 */
			 "mcr p15, 0, %3, c8, c7, 0\n\t"  /* TLBIALL */
			 "mcr p15, 0, %3, c7, c5, 0\n\t"  /* ICIALLU */
			 "dsb\n\t"
			 "isb" ::"r"(MAIR0_VALUE),
			 "r"(TTBCR_EAE | TTBCR_WALKS_WB), "r"((uint32_t)lpae_l1), "r"(0u)
			 : "memory");
	sctlr_write(sctlr_read() | SCTLR_M | SCTLR_C | SCTLR_I);
}

void guest_caches_on(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0\n\t" /* ICIALLU: nothing stale */
			 "dsb\n\t"
			 "isb" ::"r"(0u)
			 : "memory");
	sctlr_write(sctlr_read() | SCTLR_C | SCTLR_I);
}

static void tlb_flush_all(void)
{
	__asm__ volatile("dsb\n\t"                       /* table writes before the walk */
			 "mcr p15, 0, %0, c8, c7, 0\n\t" /* TLBIALL */
			 "dsb\n\t"
			 "isb" ::"r"(0u)
			 : "memory");
}

/* The coarse table behind the RAM section of `va`, splitting it if needed. */
static uint32_t *l2_table_for(uint32_t va)
{
	uint32_t mb = va >> SECTION_SHIFT;
	uint32_t *l2;

	if ((guest_l1_table[mb] & L1_TYPE_MASK) == L1_COARSE)
		return (uint32_t *)(guest_l1_table[mb] & L1_COARSE_BASE_MASK);
	if (l2_used == L2_TABLES || (guest_l1_table[mb] & L1_TYPE_MASK) != SECT_TYPE)
		return 0;
	l2 = l2_tables[l2_used++];
	/* Same mapping as the section, page by page: nothing else changes. */
	for (uint32_t i = 0; i < L2_ENTRIES; i++)
		l2[i] =
		    (mb << SECTION_SHIFT) + (i << PAGE_SHIFT) + (PAGE_NORMAL_ATTRS | PAGE_AP_RW);
	guest_l1_table[mb] = (uint32_t)l2 | L1_COARSE;
	return l2;
}

int guest_mmu_set_page(uint32_t va, enum guest_page_access access)
{
	uint32_t mb = va >> SECTION_SHIFT;
	uint32_t *l2;

	if (mb < NORMAL_FIRST_MB || mb >= NORMAL_END_MB)
		return -1; /* only Normal RAM sections can be split */
	l2 = l2_table_for(va);
	if (!l2)
		return -1;
	uint32_t *pte = &l2[(va >> PAGE_SHIFT) % L2_ENTRIES];
	uint32_t pa = va & ~((1u << PAGE_SHIFT) - 1);
	switch (access) {
	case GUEST_PAGE_RW: *pte = pa | PAGE_NORMAL_ATTRS | PAGE_AP_RW; break;
	case GUEST_PAGE_RO: *pte = pa | PAGE_NORMAL_ATTRS | PAGE_AP_RO; break;
	case GUEST_PAGE_NONE:
		*pte = 0; /* translation fault */
		break;
	}
	tlb_flush_all();
	return 0;
}
