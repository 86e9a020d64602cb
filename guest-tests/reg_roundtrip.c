/*
 * GET/SET round trip of every register the worker's list names, from the
 * control VM, with the worker paused: each writable register takes a
 * distinctive value of its size, reads it back and gets its old value
 * back; invariants accept only their own value; CPSR only the modes KVM
 * allows. At the end the worker's whole state must be as it was, and the
 * worker must still run.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ctl.h"
#include <hypv7/reg_table.h>
#include <hypv7/regname.h>
#include "hex64.h"
#include "tap.h"

#define WORKER_VM 1u
#define NR_TESTS 13

#define CPSR_ID abi_core_id(KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr))
#define CPSR_MODE_MASK 0x1fu
#define CPSR_FLAGS_ABT 0x600001d7u /* Z, C, AIF masked, ABT mode */
#define TIMER_ISTATUS (1u << 2)
#define TIMER_CTL_TEST 0x3u /* ENABLE | IMASK: no interrupt */
#define TIMER_CNT_TEST 0x0123456700000000ull
#define TIMER_CNT_SLACK 0x10000000ull /* the counter runs on meanwhile */
#define MAX_REPORTED 5

static uint32_t handle;
static uint64_t *ids;
static uint32_t nr_ids;
static uint64_t *saved;

static const char *name_of(uint64_t id)
{
	const char *n = regname_short(id);

	return n ? n : "?";
}

static int kind_of(uint64_t id)
{
	const struct abi_reg_desc *d = abi_reg_find(id);

	return d ? d->kind : -1; /* -1: a core register */
}

static int is_invariant(uint64_t id)
{
	int k = kind_of(id);

	return k == ABI_REG_INVARIANT || k == ABI_REG_VFP_INVARIANT || k == ABI_REG_CCSIDR;
}

/* A value of the register's size that no reset value or neighbour has. */
static uint64_t distinctive(unsigned i, uint64_t id)
{
	if (ctl_reg_size(id) == 4)
		return 0xa5000000u | (i << 12) | 0x5au;
	return 0x5a00000000000000ull | ((uint64_t)i << 40) | 0xc3000000u | i;
}

/* The value `id` had before the tests. */
static uint64_t saved_of(uint64_t id)
{
	for (uint32_t i = 0; i < nr_ids; i++)
		if (ids[i] == id)
			return saved[i];
	return 0;
}

static void report(unsigned *nr_bad, uint64_t id, const char *what, uint64_t got, uint64_t want)
{
	if ((*nr_bad)++ < MAX_REPORTED)
		tap_diag("%s " HEX64_FMT ": %s: got " HEX64_FMT " want " HEX64_FMT, name_of(id),
			 HEX64_ARGS(id), what, HEX64_ARGS(got), HEX64_ARGS(want));
}

static int snapshot(uint64_t *vals)
{
	for (uint32_t i = 0; i < nr_ids; i++) {
		int err = ctl_get(handle, ids[i], &vals[i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Plain storage: what is set is read back, then the old value returns. A
 * value with bits this CPU cannot hold is refused whole (-EINVAL, nothing
 * changed; reg_fixed_bits checks which), and every value the worker left
 * there, which came from the CPU, is accepted again.
 */
static void round_trip_storage(unsigned *tried, unsigned *bad, unsigned *refused)
{
	for (uint32_t i = 0; i < nr_ids; i++) {
		uint64_t id = ids[i], val = distinctive(i, id), got = 0;
		int k = kind_of(id);
		if (is_invariant(id) || k == ABI_REG_FW || k == ABI_REG_TIMER || id == CPSR_ID)
			continue;
		(*tried)++;
		int err = ctl_set(handle, id, val);
		if (err == -LNX_EINVAL) {
			(*refused)++;
			if (ctl_get(handle, id, &got) || got != saved[i])
				report(bad, id, "refused but changed", got, saved[i]);
			continue;
		}
		if (!err)
			err = ctl_get(handle, id, &got);
		if (err || got != val)
			report(bad, id, err ? "SET/GET failed" : "read back",
			       err ? (uint64_t)err : got, val);
		err = ctl_set(handle, id, saved[i]);
		if (!err)
			err = ctl_get(handle, id, &got);
		if (err || got != saved[i])
			report(bad, id, "restore", got, saved[i]);
	}
}

static void test_storage(void)
{
	unsigned tried = 0, bad = 0, refused = 0;

	round_trip_storage(&tried, &bad, &refused);
	tap_ok(tried > 0 && bad == 0 && refused < tried / 4,
	       "round trip of %u writable registers (%u refused as bits this CPU lacks, %u wrong)",
	       tried, refused, bad);
}

/* SET of its own value is 0, of any other -EINVAL, and nothing moves. */
static void test_invariants(void)
{
	unsigned tried = 0, bad = 0;

	for (uint32_t i = 0; i < nr_ids; i++) {
		uint64_t id = ids[i], got = 0;
		if (!is_invariant(id))
			continue;
		tried++;
		int same = ctl_set(handle, id, saved[i]);
		int other = ctl_set(handle, id, saved[i] ^ 1);
		int err = ctl_get(handle, id, &got);
		if (same != 0 || other != -LNX_EINVAL || err || got != saved[i])
			report(&bad, id, "same/other/unchanged",
			       (uint64_t)(uint32_t)same << 32 | (uint32_t)other, got);
	}
	tap_ok(tried > 0 && bad == 0,
	       "%u invariants: SET same value 0, other -EINVAL, value unchanged (%u wrong)", tried,
	       bad);
}

static void test_fw(void)
{
	unsigned bad = 0, tried = 0;

	for (uint32_t i = 0; i < nr_ids; i++) {
		if (kind_of(ids[i]) != ABI_REG_FW)
			continue;
		tried++;
		/* A firmware register may only confirm (or lower) its level. */
		int err = ctl_set(handle, ids[i], saved[i]);
		if (err)
			report(&bad, ids[i], "confirm", (uint64_t)err, 0);
	}
	tap_ok(tried == 3 && bad == 0, "3 firmware registers: SET of the current value is 0");
	tap_is_u32((uint32_t)ctl_set(handle, KVM_REG_ARM_PSCI_VERSION, 1), (uint32_t)-LNX_EINVAL,
		   "PSCI_VERSION 0.1 on a PSCI_0_2 vCPU: -EINVAL");
	uint64_t v = 0;
	tap_ok(ctl_get(handle, KVM_REG_ARM_PSCI_VERSION, &v) == 0 &&
		   v == saved_of(KVM_REG_ARM_PSCI_VERSION),
	       "PSCI_VERSION unchanged (" HEX64_FMT ")", HEX64_ARGS(v));
}

static void test_timer(void)
{
	uint64_t got = 0;
	int err = ctl_set(handle, KVM_REG_ARM_TIMER_CTL, TIMER_CTL_TEST);

	if (!err)
		err = ctl_get(handle, KVM_REG_ARM_TIMER_CTL, &got);
	tap_ok(!err && (got & ~(uint64_t)TIMER_ISTATUS) == TIMER_CTL_TEST,
	       "TIMER_CTL round trip (ISTATUS aside): " HEX64_FMT, HEX64_ARGS(got));
	err = ctl_set(handle, KVM_REG_ARM_TIMER_CNT, TIMER_CNT_TEST);
	if (!err)
		err = ctl_get(handle, KVM_REG_ARM_TIMER_CNT, &got);
	tap_ok(!err && got >= TIMER_CNT_TEST && got - TIMER_CNT_TEST < TIMER_CNT_SLACK,
	       "TIMER_CNT set and read back (it runs on): " HEX64_FMT, HEX64_ARGS(got));
	err = ctl_set(handle, KVM_REG_ARM_TIMER_CVAL, TIMER_CNT_TEST);
	if (!err)
		err = ctl_get(handle, KVM_REG_ARM_TIMER_CVAL, &got);
	tap_ok(!err && got == TIMER_CNT_TEST, "TIMER_CVAL round trip");
}

static void restore_timer(void)
{
	for (uint32_t i = 0; i < nr_ids; i++)
		if (kind_of(ids[i]) == ABI_REG_TIMER)
			ctl_set(handle, ids[i], saved[i]);
}

static void test_cpsr(uint32_t orig)
{
	static const uint8_t good[] = { 0x10, 0x11, 0x12, 0x13, 0x17, 0x1b };
	static const uint8_t bad_modes[] = { 0x1f, 0x16, 0x1a, 0x00 };
	unsigned bad = 0;
	uint64_t got = 0;

	for (unsigned i = 0; i < sizeof(good); i++) {
		uint32_t v = (CPSR_FLAGS_ABT & ~CPSR_MODE_MASK) | good[i];
		if (ctl_set(handle, CPSR_ID, v) || ctl_get(handle, CPSR_ID, &got) || got != v)
			report(&bad, CPSR_ID, "valid mode", got, v);
	}
	tap_ok(bad == 0, "CPSR takes USR, FIQ, IRQ, SVC, ABT and UND");
	ctl_set(handle, CPSR_ID, orig);
	bad = 0;
	for (unsigned i = 0; i < sizeof(bad_modes); i++) {
		uint32_t v = (orig & ~CPSR_MODE_MASK) | bad_modes[i];
		int err = ctl_set(handle, CPSR_ID, v);
		if (err != -LNX_EINVAL || ctl_get(handle, CPSR_ID, &got) || got != orig)
			report(&bad, CPSR_ID, "SYS/MON/HYP/26-bit mode", got, orig);
	}
	tap_ok(bad == 0, "CPSR with mode SYS, MON, HYP or 0: -EINVAL and unchanged");
}

static void test_all_restored(void)
{
	uint64_t *now = malloc(nr_ids * sizeof(uint64_t));
	unsigned bad = 0;
	int err = snapshot(now);

	for (uint32_t i = 0; !err && i < nr_ids; i++) {
		if (ids[i] == KVM_REG_ARM_TIMER_CNT || ids[i] == KVM_REG_ARM_TIMER_CTL)
			continue; /* the counter runs; ISTATUS follows it */
		if (now[i] != saved[i])
			report(&bad, ids[i], "after the tests", now[i], saved[i]);
	}
	tap_ok(!err && bad == 0, "every register back to its value before the tests");
	free(now);
}

int main(void)
{
	struct mbox m;

	tap_plan(NR_TESTS);
	handle = ctl_handle(WORKER_VM);
	int err = ctl_mbox_wait_ready(WORKER_VM);
	if (!err)
		err = ctl_pause(handle);
	if (!err)
		err = ctl_reg_list(handle, &ids, &nr_ids);
	saved = malloc(nr_ids * sizeof(uint64_t));
	if (!err)
		err = snapshot(saved);
	if (!tap_ok(err == 0, "worker up, paused, %lu registers read (%d)", (unsigned long)nr_ids,
		    err))
		return tap_done();
	test_storage();
	test_invariants();
	test_fw();
	test_timer();
	restore_timer();
	test_cpsr((uint32_t)saved_of(CPSR_ID));
	test_all_restored();
	err = hv_vcpu_resume(handle);
	if (!err)
		err = ctl_mbox_command(WORKER_VM, MBOX_CMD_REPORT, &m);
	tap_ok(err == 0, "worker runs on after all that (%d)", err);
	return tap_done();
}
