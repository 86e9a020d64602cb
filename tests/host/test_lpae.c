/* Host tests of hyp/lpae.c: LPAE tables for Hyp stage 1 and VM stage 2. */
#include <string.h>

#include "arch/lpae.h"
#include "tap.h"

#define POOL_TABLES 16
/* Tables get made-up physical addresses, as on the target (identity there). */
#define FAKE_PA_BASE 0x80000000ull

static pte_t pool[POOL_TABLES][LPAE_ENTRIES];
static unsigned pool_used, pool_limit = POOL_TABLES;

static pte_t *alloc_table(void *ctx)
{
	(void)ctx;
	if (pool_used == pool_limit)
		return NULL;
	memset(pool[pool_used], 0, sizeof(pool[0]));
	return pool[pool_used++];
}

static uint64_t to_phys(void *ctx, const pte_t *t)
{
	(void)ctx;
	return FAKE_PA_BASE + (uint64_t)(t - pool[0]) / LPAE_ENTRIES * LPAE_TABLE_SIZE;
}

static pte_t *to_virt(void *ctx, uint64_t pa)
{
	(void)ctx;
	return pool[(pa - FAKE_PA_BASE) / LPAE_TABLE_SIZE];
}

static const struct lpae_alloc alloc = { alloc_table, to_phys, to_virt, NULL };

static pte_t *fresh_root(void)
{
	pool_used = 0;
	pool_limit = POOL_TABLES;
	return alloc_table(NULL);
}

static bool maps_to(const pte_t *root, uint32_t va, uint64_t want_pa, uint64_t want_attrs)
{
	uint64_t pa, attrs;
	return lpae_lookup(root, va, &pa, &attrs, &alloc) == 0 && pa == want_pa &&
	       attrs == want_attrs;
}

static void test_gib_block(void)
{
	pte_t *root = fresh_root();
	TAP_EQ(lpae_map(root, 0x40000000, 0x40000000, 1ull << 30, HYP_PTE_NORMAL, &alloc), 0,
	       "a 1 GiB identity map succeeds");
	TAP_EQ(pool_used, 1, "a 1 GiB aligned map is one level-1 block (no more tables)");
	TAP_EQ(root[1] & 3, 1, "level-1 entry 1 is a block");
	tap_ok(maps_to(root, 0x40123456, 0x40123456, HYP_PTE_NORMAL),
	       "an address inside the block translates with its attributes");
	uint64_t pa, attrs;
	TAP_EQ(lpae_lookup(root, 0x80000000, &pa, &attrs, &alloc), -1,
	       "an address outside every map does not translate");
}

static void test_stage2_vm_ram(void)
{
	pte_t *root = fresh_root();
	const uint32_t ipa = 0x40000000, size = 64u << 20;
	const uint64_t pa = 0x44400000;
	TAP_EQ(lpae_map(root, ipa, pa, size, S2_PTE_NORMAL_RW, &alloc), 0,
	       "64 MiB of VM RAM maps at stage 2");
	TAP_EQ(pool_used, 2, "2 MiB aligned RAM uses one level-2 table");
	pte_t *l2 = to_virt(NULL, root[1] & PTE_ADDR_MASK);
	unsigned blocks = 0;
	for (unsigned i = 0; i < LPAE_ENTRIES; i++)
		blocks += (l2[i] & 3) == 1;
	TAP_EQ(blocks, 32, "as 32 blocks of 2 MiB");
	tap_ok(maps_to(root, ipa + size - 4, pa + size - 4, S2_PTE_NORMAL_RW),
	       "the last word of RAM translates");
	uint64_t got, attrs;
	TAP_EQ(lpae_lookup(root, ipa + size, &got, &attrs, &alloc), -1,
	       "the first byte after RAM does not translate");
	TAP_EQ(lpae_lookup(root, 0x09000000, &got, &attrs, &alloc), -1,
	       "the UART page stays unmapped, so accesses trap");
	TAP_EQ(S2_PTE_NORMAL_RW & (3ull << 6), S2AP_RW, "stage-2 RAM is read/write");
	TAP_EQ(S2_PTE_DEVICE_RW & PTE_XN, PTE_XN, "stage-2 device memory is execute-never");
}

static void test_pages_and_blocks(void)
{
	pte_t *root = fresh_root();
	/* 4 KiB past a 2 MiB boundary, 4 MiB long: pages, a block, pages. */
	const uint32_t va = 0x40001000, size = 4u << 20;
	TAP_EQ(lpae_map(root, va, va, size, HYP_PTE_DEVICE, &alloc), 0,
	       "an unaligned 4 MiB range maps");
	TAP_EQ(pool_used, 4, "with a level-2 table and two level-3 tables");
	tap_ok(maps_to(root, va, va, HYP_PTE_DEVICE), "its first page translates");
	tap_ok(maps_to(root, 0x40200000, 0x40200000, HYP_PTE_DEVICE),
	       "the aligned middle translates");
	tap_ok(maps_to(root, va + size - 1, va + size - 1, HYP_PTE_DEVICE),
	       "its last byte translates");
	uint64_t pa, attrs;
	TAP_EQ(lpae_lookup(root, va - 1, &pa, &attrs, &alloc), -1,
	       "the byte before it does not translate");
	TAP_EQ(lpae_lookup(root, va + size, &pa, &attrs, &alloc), -1,
	       "the byte after it does not translate");
}

static void test_bad_arguments(void)
{
	pte_t *root = fresh_root();
	TAP_EQ(lpae_map(root, 0x40000800, 0x40000000, 4096, HYP_PTE_NORMAL, &alloc), -1,
	       "an unaligned virtual address is refused");
	TAP_EQ(lpae_map(root, 0x40000000, 0x40000010, 4096, HYP_PTE_NORMAL, &alloc), -1,
	       "an unaligned physical address is refused");
	TAP_EQ(lpae_map(root, 0x40000000, 0x40000000, 100, HYP_PTE_NORMAL, &alloc), -1,
	       "an unaligned size is refused");
	TAP_EQ(lpae_map(root, 0xfffff000, 0x40000000, 2 * 4096, HYP_PTE_NORMAL, &alloc), -1,
	       "a range past 4 GiB is refused");
	TAP_EQ(lpae_map(root, 0x40000000, 0x40000000, 1ull << 30, HYP_PTE_NORMAL, &alloc), 0,
	       "a 1 GiB block maps");
	TAP_EQ(lpae_map(root, 0x40001000, 0x50000000, 4096, HYP_PTE_NORMAL, &alloc), -1,
	       "a page inside an existing block is refused, not split silently");
	root = fresh_root();
	pool_limit = 2;
	TAP_EQ(lpae_map(root, 0x40001000, 0x40001000, 4096, HYP_PTE_NORMAL, &alloc), -1,
	       "running out of tables is an error");
}

int main(void)
{
	test_gib_block();
	test_stage2_vm_ram();
	test_pages_and_blocks();
	test_bad_arguments();
	return tap_exit();
}
