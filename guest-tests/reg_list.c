/*
 * KVM_GET_REG_LIST of a worker VM, checked from the control VM against the
 * reference: the 136 ids of tests/host/reglist-a15.csv (built in as
 * reglist_a15[]) adjusted by KVM's rules to the CPU this runs on (D16..D31
 * only with MVFR0.A_SIMD = 2; one CCSIDR id per cache CLIDR names), read
 * from this guest's own ID registers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include <hypv7/regname.h>
#include "hex64.h"
#include "tap.h"

extern const uint64_t reglist_a15[];
extern const unsigned reglist_a15_len;

#define WORKER_VM 1u
#define REGLIST_A15_LEN 136u
#define SENTINEL 0x5e5e5e5e5e5e5e5eull
#define EXTRA_ROOM 5u

#define VFP_D_ID(n) (KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | (n))
#define CCSIDR_ID(sel) \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX | KVM_REG_ARM_DEMUX_ID_CCSIDR | (sel))
#define MVFR0_A_SIMD_MASK 0xfu
#define MVFR0_A_SIMD_D32 2u
#define CSSELR_MAX 12u
#define CLIDR_CTYPE_BITS 3u
#define CLIDR_CTYPE_MASK 7u
#define CLIDR_NR_CTYPES 7u

enum { CTYPE_NONE, CTYPE_I, CTYPE_D, CTYPE_SEPARATE, CTYPE_UNIFIED };

#define NR_TESTS 11

static uint32_t handle;

/* KVM's is_valid_cache() on CLIDR cut at the first level without a cache. */
static int csselr_valid(uint32_t clidr, unsigned csselr)
{
	unsigned level = csselr >> 1;
	unsigned ctype = CTYPE_NONE;

	for (unsigned l = 0; l <= level && l < CLIDR_NR_CTYPES; l++) {
		ctype = (clidr >> (l * CLIDR_CTYPE_BITS)) & CLIDR_CTYPE_MASK;
		if (ctype == CTYPE_NONE)
			return 0;
	}
	switch (ctype) {
	case CTYPE_I: return csselr & 1;
	case CTYPE_D:
	case CTYPE_UNIFIED: return !(csselr & 1);
	case CTYPE_SEPARATE: return 1;
	default: return 0;
	}
}

static int is_ccsidr(uint64_t id)
{
	return (id & ~0xffull) == CCSIDR_ID(0);
}

/* The reference list, adjusted to this CPU; returns the count. */
static unsigned expected_list(uint64_t *out)
{
	unsigned nd = (ctl_read_mvfr0() & MVFR0_A_SIMD_MASK) == MVFR0_A_SIMD_D32 ? 32 : 16;
	uint32_t clidr = ctl_read_clidr();
	unsigned n = 0;

	for (unsigned i = 0; i < reglist_a15_len; i++) {
		uint64_t id = reglist_a15[i];
		if (is_ccsidr(id))
			continue;
		if ((id & ~0xfffull) == VFP_D_ID(0) && (id & 0xfff) >= nd)
			continue;
		out[n++] = id;
	}
	for (unsigned sel = 0; sel < CSSELR_MAX; sel++)
		if (csselr_valid(clidr, sel))
			out[n++] = CCSIDR_ID(sel);
	tap_diag("MIDR 0x%08lx CLIDR 0x%08lx MVFR0 0x%08lx: %u D registers, %u ids expected",
		 (unsigned long)ctl_read_midr(), (unsigned long)clidr,
		 (unsigned long)ctl_read_mvfr0(), nd, n);
	return n;
}

static struct kvm_reg_list *new_list(unsigned room)
{
	struct kvm_reg_list *l = malloc(sizeof(*l) + room * sizeof(uint64_t));

	l->n = room;
	for (unsigned i = 0; i < room; i++)
		l->reg[i] = SENTINEL;
	return l;
}

static int untouched(const uint64_t *ids, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		if (ids[i] != SENTINEL)
			return 0;
	return 1;
}

/* Index of the first difference, or -1. */
static int first_diff(const uint64_t *got, const uint64_t *want, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (got[i] != want[i])
			return (int)i;
	return -1;
}

static void same_list(const uint64_t *got, const uint64_t *want, unsigned n, const char *what)
{
	int d = first_diff(got, want, n);

	if (!tap_ok(d < 0, "%s: every id in order", what))
		tap_diag("index %d: got " HEX64_FMT " want " HEX64_FMT, d, HEX64_ARGS(got[d]),
			 HEX64_ARGS(want[d]));
}

static void test_too_small(unsigned total)
{
	struct kvm_reg_list *l = new_list(total);

	l->n = 0;
	int err = hv_get_reg_list(handle, l);
	tap_ok(err == -LNX_E2BIG && l->n == total, "n=0: -E2BIG and n set to the total (%d, %lu)",
	       err, (unsigned long)l->n);
	l->n = total - 1;
	err = hv_get_reg_list(handle, l);
	tap_ok(err == -LNX_E2BIG && l->n == total && untouched(l->reg, 0, total),
	       "n=total-1: -E2BIG, n = total, reg[] not written");
	free(l);
}

static void test_exact(const uint64_t *want, unsigned total)
{
	struct kvm_reg_list *l = new_list(total);
	int err = hv_get_reg_list(handle, l);

	tap_ok(err == 0 && l->n == total, "n=total: 0 and n = %u (%d, %lu)", total, err,
	       (unsigned long)l->n);
	same_list(l->reg, want, total, "worker's list");
	unsigned unnamed = 0;
	for (unsigned i = 0; i < total; i++)
		unnamed += regname_short(l->reg[i]) == NULL;
	tap_ok(unnamed == 0, "regname_short() names every listed id (%u unnamed)", unnamed);
	free(l);
}

static void test_larger(unsigned total)
{
	struct kvm_reg_list *l = new_list(total + EXTRA_ROOM);
	int err = hv_get_reg_list(handle, l);

	tap_ok(err == 0 && l->n == total && untouched(l->reg, total, total + EXTRA_ROOM),
	       "n larger than the total: 0, n overwritten with the total, nothing past it");
	free(l);
}

static void test_reference_a15(unsigned total, const uint64_t *want)
{
	if ((ctl_read_midr() & MIDR_PART_MASK) != MIDR_CORTEX_A15) {
		tap_ok(1, "exactly reglist-a15.csv # SKIP not a Cortex-A15");
		return;
	}
	tap_ok(total == REGLIST_A15_LEN && reglist_a15_len == REGLIST_A15_LEN &&
		   first_diff(want, reglist_a15, REGLIST_A15_LEN) < 0,
	       "Cortex-A15: exactly the %u ids of reglist-a15.csv", REGLIST_A15_LEN);
}

/* As code ported from /dev/kvm would ask: ioctl() style, Linux numbers. */
static void test_ioctl(const uint64_t *want, unsigned total)
{
	struct kvm_reg_list probe = { .n = 0 };
	errno = 0;
	int r = hv_vcpu_ioctl(handle, KVM_GET_REG_LIST, &probe);
	tap_ok(r == -1 && errno == E2BIG && probe.n == total,
	       "ioctl(KVM_GET_REG_LIST, n=0): -1, errno E2BIG, n = total");
	struct kvm_reg_list *l = new_list(total);
	r = hv_vcpu_ioctl(handle, KVM_GET_REG_LIST, l);
	tap_ok(r == 0 && l->n == total && first_diff(l->reg, want, total) < 0,
	       "ioctl(KVM_GET_REG_LIST): 0 and the same list");
	free(l);
}

/* A VM may list its own registers while it runs. */
static void test_self(const uint64_t *want, unsigned total)
{
	uint32_t self;
	uint64_t *ids = NULL;
	uint32_t n = 0;
	int err = hv_self(&self);

	if (!err)
		err = ctl_reg_list(self, &ids, &n);
	tap_ok(err == 0 && n == total && first_diff(ids, want, total) < 0,
	       "VM 0's own list (while running) is the same (%d)", err);
	free(ids);
}

int main(void)
{
	uint64_t want[REGLIST_A15_LEN + CSSELR_MAX];

	tap_plan(NR_TESTS);
	handle = ctl_handle(WORKER_VM);
	unsigned total = expected_list(want);
	tap_ok(ctl_mbox_wait_ready(WORKER_VM) == 0, "worker is up");
	test_too_small(total);
	test_exact(want, total);
	test_larger(total);
	test_reference_a15(total, want);
	test_ioctl(want, total);
	test_self(want, total);
	return tap_done();
}
