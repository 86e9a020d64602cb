/*
 * KVM_GET_REG_LIST: the reference list (reglist-a15.csv, read at run time)
 * against abi_copy_reg_list on QEMU's cortex-a15, and the counts for other
 * CPUs: N = 101 + nD + nCCSIDR.
 */
#include <string.h>

#include "abi/errno.h"
#include "fixture.h"
#include "tap.h"

#define REFERENCE_TOTAL 136
#define FIXED_REGS 101 /* 38 core + 3 fw + 3 timer + 21 invariant + 29 cp15 + 7 VFP ctl */
#define MVFR0_D16 0x10110221u
#define LIST_ROOM (CSV_MAX_REGS + 1)

static struct csv_reg csv[CSV_MAX_REGS];
static int n_csv;
static uint64_t list[LIST_ROOM];
static struct fixture f;

/* Sets up one initialised vCPU on `ids` and fetches its list. */
static unsigned fetch_list(const struct cpu_ids *ids)
{
	unsigned n;

	fx_setup(&f, ids, 1);
	fx_init(&f.vcpu[0], 0);
	n = abi_num_regs(&f.vcpu[0]);
	memset(list, 0, sizeof(list));
	if (n < LIST_ROOM)
		abi_copy_reg_list(&f.vcpu[0], list);
	return n;
}

static void check_reference(const char *what, const struct cpu_ids *ids)
{
	unsigned n = fetch_list(ids);
	bool same = true;

	TAP_EQ(n, n_csv, "%s: REG_LIST count equals the reference", what);
	for (int i = 0; i < n_csv; i++) {
		if (list[i] != csv[i].id) {
			tap_diag("index %d: got 0x%016" PRIx64 " want 0x%016" PRIx64 " (%s)", i,
				 list[i], csv[i].id, csv[i].name);
			same = false;
		}
	}
	tap_ok(same, "%s: every id in the reference order", what);
	TAP_EQ(list[n_csv], 0, "%s: nothing written past the total", what);
}

/* Every listed id is accepted with its own size and readable. */
static void check_sizes(void)
{
	bool sizes = true, gets = true;

	fetch_list(&abi_qemu_a15_ids);
	for (int i = 0; i < n_csv; i++) {
		uint64_t val;

		if (abi_reg_size(&f.vcpu[0], csv[i].id) != (int)csv[i].bits / 8 ||
		    KVM_REG_SIZE(csv[i].id) * 8 != csv[i].bits) {
			tap_diag("%s: size mismatch", csv[i].name);
			sizes = false;
		}
		if (fx_get(&f.vcpu[0], csv[i].id, &val)) {
			tap_diag("%s: GET failed", csv[i].name);
			gets = false;
		}
	}
	tap_ok(sizes, "abi_reg_size of every reference id is its CSV size");
	tap_ok(gets, "GET of every reference id succeeds");
	TAP_EQ(fx_overruns, 0, "GET never writes past KVM_REG_SIZE(id)");
}

static unsigned count_kind(uint64_t coproc, uint64_t size, unsigned n)
{
	unsigned c = 0;

	for (unsigned i = 0; i < n; i++)
		c += (list[i] & KVM_REG_ARM_COPROC_MASK) == coproc &&
		     (list[i] & KVM_REG_SIZE_MASK) == size;
	return c;
}

static void check_config(const char *what, uint32_t mvfr0, uint32_t clidr, unsigned want_d,
			 unsigned want_ccsidr)
{
	struct cpu_ids ids = abi_qemu_a15_ids;
	unsigned n;

	ids.mvfr0 = mvfr0;
	ids.invariant[INVARIANT_CLIDR] = clidr;
	n = fetch_list(&ids);
	TAP_EQ(n, FIXED_REGS + want_d + want_ccsidr, "%s: N = 101 + %u D + %u CCSIDR", what, want_d,
	       want_ccsidr);
	TAP_EQ(count_kind(KVM_REG_ARM_VFP, KVM_REG_SIZE_U64, n), want_d, "%s: D registers listed",
	       what);
	TAP_EQ(count_kind(KVM_REG_ARM_DEMUX, KVM_REG_SIZE_U32, n), want_ccsidr,
	       "%s: CCSIDR ids listed", what);
	TAP_EQ(abi_nr_vfp_d(&ids), want_d, "%s: abi_nr_vfp_d", what);
}

/* A D16 CPU: D16..D31 are neither listed nor reachable. */
static void check_d16(void)
{
	struct cpu_ids ids = abi_qemu_a15_ids;
	uint64_t d15 = KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | 15;
	uint64_t val;

	ids.mvfr0 = MVFR0_D16;
	fetch_list(&ids);
	TAP_EQ(fx_get(&f.vcpu[0], d15, &val), 0, "D16 CPU: D15 readable");
	for (unsigned d = 16; d < NR_VFP_D_MAX; d++) {
		uint64_t id = KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | d;

		if (abi_reg_size(&f.vcpu[0], id) != -ENOENT ||
		    fx_get(&f.vcpu[0], id, &val) != -ENOENT ||
		    fx_set(&f.vcpu[0], id, 0) != -ENOENT) {
			tap_ok(false, "D16 CPU: D%u is ENOENT", d);
			return;
		}
	}
	tap_ok(true, "D16 CPU: D16..D31 are ENOENT for size, GET and SET");
}

/* CLIDR -> valid CSSELR values, per the KVM rule. */
static void check_csselr(void)
{
	struct {
		uint32_t clidr;
		uint32_t valid_mask; /* bit n = csselr n valid */
	} cases[] = {
		{ 0x0a200023, 0x007 }, /* L1 I+D, L2 unified */
		{ 0x09200003, 0x003 }, /* L1 I+D only */
		{ 0x00000001, 0x002 }, /* L1 I only: odd csselr */
		{ 0x00000002, 0x001 }, /* L1 D only: even csselr */
		{ 0x00000024, 0x005 }, /* L1 unified, L2 unified */
		{ 0x00000020, 0x000 }, /* no L1: truncated before L2 */
		{ 0x00000005, 0x000 }, /* reserved Ctype */
		{ 0x00000503, 0x003 }, /* L2 Ctype 0, L3 unified ignored */
		{ 0x000db6db, 0xfff }, /* seven levels I+D: csselr 0..11 */
		{ 0xffffffc3, 0x003 }, /* all set above an empty L2: ignored */
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cpu_ids ids = abi_qemu_a15_ids;
		uint32_t got = 0;

		ids.invariant[INVARIANT_CLIDR] = cases[i].clidr;
		for (unsigned csselr = 0; csselr < 2 * NR_CSSELR; csselr++)
			got |= (uint32_t)abi_csselr_valid(&ids, csselr) << csselr;
		TAP_EQ(got, cases[i].valid_mask, "CLIDR 0x%08x: valid CSSELR set", cases[i].clidr);
		check_config("CLIDR variant", abi_qemu_a15_ids.mvfr0, cases[i].clidr, NR_VFP_D_MAX,
			     (unsigned)__builtin_popcount(cases[i].valid_mask));
	}
}

int main(int argc, char **argv)
{
	struct cpu_ids a7;

	if (argc < 2) {
		tap_ok(false, "usage: test_reglist reglist-a15.csv");
		return tap_exit();
	}
	n_csv = csv_load(argv[1], csv, CSV_MAX_REGS);
	TAP_EQ(n_csv, REFERENCE_TOTAL, "reference CSV has 136 ids");
	if (n_csv <= 0)
		return tap_exit();

	check_reference("QEMU cortex-a15", &abi_qemu_a15_ids);
	fx_ids_a7(&a7);
	check_reference("Cortex-A7 target", &a7);
	TAP_EQ(f.vcpu[0].target, KVM_ARM_TARGET_CORTEX_A7, "Cortex-A7 host gives target 1");
	check_sizes();
	check_config("QEMU cortex-a15", abi_qemu_a15_ids.mvfr0, 0x0a200023, 32, 3);
	check_config("D16 CPU", MVFR0_D16, 0x0a200023, 16, 3);
	check_d16();
	check_csselr();
	return tap_exit();
}
