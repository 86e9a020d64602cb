/*
 * The id index (abi/id_index.c): every id of QEMU's cortex-a15 register
 * list (reglist-a15.csv) and of the register table found in one probe; ids
 * not indexed missed; arrays no multiplier makes perfect (shared keys,
 * more ids) still found by probing; an array too big refused.
 */
#include <string.h>

#include <hypv7/id_index.h>
#include <hypv7/reg_table.h>

#include "fixture.h"
#include "tap.h"

static struct csv_reg csv[CSV_MAX_REGS];
static uint64_t ids[ID_INDEX_MAX_IDS + 1];
static struct id_index x;

/* Every id of ids[0..n) at its own position, and some ids not in it missed. */
static void check_lookups(const char *what, unsigned n)
{
	unsigned found = 0, missed = 0;
	for (unsigned i = 0; i < n; i++)
		found += id_index_find(&x, ids, sizeof(ids[0]), ids[i]) == (int)i;
	TAP_EQ(found, n, "%s: every id found at its position", what);
	const uint64_t absent[] = { 0, ~0ull, 0x4020000000170000ull, 0x6030000000130000ull };
	for (unsigned k = 0; k < sizeof(absent) / sizeof(absent[0]); k++) {
		bool listed = false;
		for (unsigned i = 0; i < n; i++)
			listed |= ids[i] == absent[k];
		missed += listed || id_index_find(&x, ids, sizeof(ids[0]), absent[k]) < 0;
	}
	TAP_EQ(missed, sizeof(absent) / sizeof(absent[0]), "%s: ids not in it are missed", what);
}

static void check_reference_list(const char *csv_path)
{
	int n = csv_load(csv_path, csv, CSV_MAX_REGS);
	if (!tap_ok(n > 0, "the reference list loads")) /* csv_load says why */
		return;
	for (int i = 0; i < n; i++)
		ids[i] = csv[i].id;
	TAP_EQ(id_index_build(&x, ids, sizeof(ids[0]), (unsigned)n), 0, "the A15 list is indexed");
	TAP_EQ(x.longest, 1, "every id of the A15 list is found in one probe");
	check_lookups("A15 list", (unsigned)n);
}

static void check_register_table(void)
{
	/* The table's own index (abi_reg_find) over the descriptors' id field. */
	id_index_build(&x, &abi_reg_table[0].id, sizeof(abi_reg_table[0]), abi_reg_table_len);
	TAP_EQ(x.longest, 1, "every row of the register table is found in one probe");
	unsigned found = 0;
	for (unsigned i = 0; i < abi_reg_table_len; i++)
		found += abi_reg_find(abi_reg_table[i].id) == &abi_reg_table[i];
	TAP_EQ(found, abi_reg_table_len, "abi_reg_find finds every row");
	tap_ok(abi_reg_find(0x4020000000170000ull) == NULL, "abi_reg_find misses an unknown id");
}

/* Ids whose keys (low word ^ high word) coincide: no multiplier separates
 * them, so the index probes, and still finds each. */
static void check_shared_keys(void)
{
	unsigned n = 64;
	for (unsigned i = 0; i < n; i++) {
		uint32_t hi = 0x40200000u + (i / 2) * 0x10000u, lo = 0x00100000u + i / 2;
		uint32_t twist = (i % 2) ? 0x00010000u : 0; /* the same key, another id */
		ids[i] = (uint64_t)(hi ^ twist) << 32 | (lo ^ twist);
	}
	TAP_EQ(id_index_build(&x, ids, sizeof(ids[0]), n), 0, "shared keys are indexed");
	tap_ok(x.longest > 1, "shared keys take more than one probe (longest %u)", x.longest);
	check_lookups("shared keys", n);
}

static void check_full_and_too_big(void)
{
	for (unsigned i = 0; i <= ID_INDEX_MAX_IDS; i++)
		ids[i] = 0x4020000000000000ull | (uint64_t)i * 0x801u;
	TAP_EQ(id_index_build(&x, ids, sizeof(ids[0]), ID_INDEX_MAX_IDS), 0,
	       "an index of %u ids (half full) is built", ID_INDEX_MAX_IDS);
	check_lookups("half full", ID_INDEX_MAX_IDS);
	TAP_EQ(id_index_build(&x, ids, sizeof(ids[0]), ID_INDEX_MAX_IDS + 1), (uint64_t)-1,
	       "one id more is refused");
	tap_ok(id_index_find(&x, ids, sizeof(ids[0]), ids[0]) < 0, "a refused index finds nothing");
	TAP_EQ(id_index_build(&x, ids, sizeof(ids[0]), 0), 0, "an empty array is indexed");
	tap_ok(id_index_find(&x, ids, sizeof(ids[0]), ids[0]) < 0, "an empty index finds nothing");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		tap_ok(false, "usage: test_id_index reglist-a15.csv");
		return tap_exit();
	}
	check_reference_list(argv[1]);
	check_register_table();
	check_shared_keys();
	check_full_and_too_big();
	return tap_exit();
}
