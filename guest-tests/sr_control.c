/*
 * VM 0 of the save/restore tests: drives sr_worker VMs through pauses,
 * snapshots, restores and migration, and judges them by the checksum each
 * worker leaves in its status page (sr_common.h). One source, built once
 * per test (SR_TEST, guest-tests.mk):
 *
 *   SR_PAUSE    VM 1 is paused, peeked at and resumed every few ms for its
 *               whole run; VM 2 runs the same program undisturbed beside
 *               it; both must end with the same checksum.
 *   SR_RESTORE  snapshot VM 1 at P (PC inside the compute loop), let it
 *               finish (A), restore, resume: it must finish with A again.
 *               Also the library's refusals (magic, MIDR, list, invariant).
 *   SR_MIGRATE  snapshot VM 1 at P, restore into VM 2 (started stopped,
 *               VCPU_INIT first), resume VM 2: it must finish with A.
 *   SR_BITFLIP  one bit flipped in one saved register before the restore
 *               must change the checksum or be caught by the worker.
 *   SR_PAIR     two workers with different seeds run side by side; each
 *               must end with the checksum of the same program run alone
 *               (VMs 3 and 4, booted by VM 0 afterwards).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snapshot.h>

#include <hypv7/regname.h>

#include "sr_common.h"
#include "tap.h"

#define SR_PAUSE 1
#define SR_RESTORE 2
#define SR_MIGRATE 3
#define SR_BITFLIP 4
#define SR_PAIR 5

#ifndef SR_TEST
#error "build with -DSR_TEST=SR_PAUSE (or another test)"
#endif

#define VM_A 1u
#define VM_B 2u
#define GUEST_ENTRY 0x40000000u
#define SNAP_AT_PERCENT 60u /* snapshot point P: late, so reruns are short */
#define PAUSE_SETTLE_YIELDS 1u
#define MIN_PAUSES 20u
#define COMPUTE_TRIES 200u

#define CORE_ID(field) \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, field) / 4))
#define VFP_D_ID(n) (KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | (n))
#define PC_ID CORE_ID(usr_regs.ARM_pc)
/* TPIDRURW: sr_compute.S moves it on every turn of its loop. */
#define PROGRESS_ID ARM_CP15_REG32(0, 13, 0, 2)

/* Waits for a worker's result and for it to power off (after printing
 * its checksum line); reports it. */
static int finish(uint32_t vm, struct sr_status *st)
{
	int err = sr_wait_done(vm, st, SR_WAIT_YIELDS);

	if (!err)
		err = ctl_wait_state_for(sr_handle(vm), HYPV7_VCPU_POWERED_OFF, SR_WAIT_YIELDS);

	if (err)
		tap_diag("vm%lu: no result (%d): error %lu at %#lx, progress %lu/%lu",
			 (unsigned long)vm, err, (unsigned long)st->error,
			 (unsigned long)st->error_pc, (unsigned long)st->progress,
			 (unsigned long)st->rounds);
	else
		tap_diag("vm%lu: checksum %#lx, timer irqs %lu, missed %lu", (unsigned long)vm,
			 (unsigned long)st->checksum, (unsigned long)st->timer_irqs,
			 (unsigned long)st->timer_missed);
	return err;
}

static void check_timer(const struct sr_status *st, uint32_t vm)
{
	tap_ok(st->timer_irqs >= 1 && st->timer_missed == 0,
	       "vm%lu took its virtual timer interrupts (%lu, %lu windows missed)",
	       (unsigned long)vm, (unsigned long)st->timer_irqs, (unsigned long)st->timer_missed);
}

/* Pauses `vm` inside its compute loop at about SNAP_AT_PERCENT of its run
 * and snapshots it with its RAM into a buffer beyond VM 0's image. */
static __attribute__((unused)) void *snapshot_at_p(uint32_t vm, size_t *len)
{
	struct sr_status st;
	struct snap_error e = { "" };
	size_t need = 0;

	if (sr_check(sr_wait_up(vm, SR_WAIT_YIELDS), "worker up") ||
	    sr_check(sr_read_status(vm, &st), "status") ||
	    sr_check(sr_wait_progress(vm, st.rounds * SNAP_AT_PERCENT / 100, SR_WAIT_YIELDS),
		     "progress") ||
	    sr_check(snap_size(sr_handle(vm), SNAP_RAM, &need, &e), e.msg))
		return NULL;
	void *buf = sr_big_buffer((uint32_t)need);
	if (!buf) {
		tap_diag("VM 0 has no room for a %lu-byte snapshot", (unsigned long)need);
		return NULL;
	}
	if (sr_check(sr_pause_in_compute(vm, COMPUTE_TRIES), "pause in compute") ||
	    sr_check(snap_save(sr_handle(vm), SNAP_RAM, buf, need, len, &e), e.msg))
		return NULL;
	sr_read_status(vm, &st);
	tap_diag("snapshot of vm%lu at round %lu/%lu: %lu bytes", (unsigned long)vm,
		 (unsigned long)st.progress, (unsigned long)st.rounds, (unsigned long)*len);
	return buf;
}

/* Restores `snap` into `vm`, resumes it and waits for its result. */
static __attribute__((unused)) int restore_and_run(uint32_t vm, const void *snap, size_t len,
						   struct sr_status *st)
{
	struct snap_error e = { "" };
	int err = snap_restore(sr_handle(vm), snap, len, &e);

	if (err) {
		tap_diag("restore into vm%lu: %s", (unsigned long)vm, e.msg);
		return err;
	}
	err = hv_vcpu_resume(sr_handle(vm));
	return err ? err : finish(vm, st);
}

/* Runs `vm` to its end (from wherever it is) and returns its checksum. */
static __attribute__((unused)) int run_to_end(uint32_t vm, struct sr_status *st)
{
	int err = hv_vcpu_resume(sr_handle(vm));

	if (!err)
		err = finish(vm, st);
	if (!err)
		err = ctl_wait_state_for(sr_handle(vm), HYPV7_VCPU_POWERED_OFF, SR_WAIT_YIELDS);
	return err;
}

#if SR_TEST == SR_PAUSE
#define PLAN 6
static void run_test(void)
{
	uint32_t h = sr_handle(VM_A), pauses = 0, pc_moves = 0;
	uint64_t pc, tpid, last_pc = 0, last_tpid = 0, val;
	struct sr_status a, b;

	sr_check(sr_wait_up(VM_A, SR_WAIT_YIELDS), "worker up");
	for (;;) {
		if (sr_read_status(VM_A, &a) || a.done || a.error)
			break;
		if (sr_pause(h) || ctl_state(h) != HYPV7_VCPU_PAUSED)
			break;
		pauses++;
		ctl_get(h, PC_ID, &pc);
		ctl_get(h, PROGRESS_ID, &tpid);
		ctl_get(h, CORE_ID(usr_regs.ARM_cpsr), &val);
		ctl_get(h, VFP_D_ID(17), &val);
		ctl_get(h, KVM_REG_ARM_TIMER_CNT, &val);
		/* QEMU takes interrupts at its translation blocks' starts, so
		 * a busy worker is often stopped at the same PC: the counter
		 * its loop keeps in TPIDRURW tells that it moved on. */
		pc_moves += pc != last_pc || tpid != last_tpid;
		last_pc = pc;
		last_tpid = tpid;
		hv_vcpu_resume(h);
		guest_yield(PAUSE_SETTLE_YIELDS);
	}
	tap_ok(pauses >= MIN_PAUSES && pc_moves >= MIN_PAUSES,
	       "vm1 paused and resumed %lu times, %lu of them further on (PC or its loop counter)",
	       (unsigned long)pauses, (unsigned long)pc_moves);
	int ea = finish(VM_A, &a), eb = finish(VM_B, &b);
	tap_ok(!ea && !eb, "both workers finished");
	tap_ok(!ea && !eb && a.checksum == b.checksum,
	       "paused vm1 ends with the undisturbed vm2's checksum (%#lx, %#lx)",
	       (unsigned long)a.checksum, (unsigned long)b.checksum);
	check_timer(&a, VM_A);
	check_timer(&b, VM_B);
	tap_ok(!ctl_wait_state_for(h, HYPV7_VCPU_POWERED_OFF, SR_WAIT_YIELDS),
	       "vm1 powered itself off");
}
#endif

#if SR_TEST == SR_RESTORE
#define PLAN 12

/* A registers-only snapshot, edited one way, must be refused with `want`
 * in the message. */
static void refused(void *regs, size_t len, void (*edit)(void *), const char *want,
		    const char *what)
{
	struct snap_error e = { "" };
	void *copy = malloc(len);

	if (!copy) {
		tap_ok(0, "%s (no memory)", what);
		return;
	}
	memcpy(copy, regs, len);
	edit(copy);
	int err = snap_restore(sr_handle(VM_A), copy, len, &e);
	tap_ok(err == -SR_EINVAL && strstr(e.msg, want), "%s: %d \"%s\"", what, err, e.msg);
	free(copy);
}

static void bad_magic(void *s)
{
	((struct snap_header *)s)->magic[0] ^= 1;
}
static void bad_midr(void *s)
{
	((struct snap_header *)s)->midr ^= 0x10;
}
static void bad_list(void *s)
{
	*(uint64_t *)((struct snap_header *)s + 1) ^= 1;
}
static void bad_invariant(void *s)
{
	uint64_t *v = snap_value(s, ARM_CP15_REG32(0, 0, 1, 0)); /* ID_PFR0 */
	if (v)
		*v ^= 1;
}

static void check_refusals(void)
{
	struct snap_error e = { "" };
	size_t need = 0, len = 0, full = 0;

	snap_size(sr_handle(VM_A), 0, &need, &e);
	snap_size(sr_handle(VM_A), SNAP_RAM, &full, &e);
	void *regs = malloc(need);
	int err = regs ? snap_save(sr_handle(VM_A), 0, regs, need, &len, &e) : -SR_ENOMEM;
	tap_ok(!err && len < full &&
		   len == sizeof(struct snap_header) + 16u * ((struct snap_header *)regs)->nr_regs,
	       "registers-only snapshot: %lu bytes (with RAM %lu)", (unsigned long)len,
	       (unsigned long)full);
	if (err) {
		free(regs);
		return;
	}
	refused(regs, len, bad_magic, "HYP7SNAP", "a snapshot without the magic is refused");
	refused(regs, len, bad_midr, "MIDR", "a snapshot from another CPU (MIDR) is refused");
	refused(regs, len, bad_list, "register list differs",
		"a snapshot with another register list is refused");
	refused(regs, len, bad_invariant, "ID_PFR0",
		"a snapshot with another invariant value is refused, naming it");
	tap_ok(snap_restore(sr_handle(VM_A), regs, len, &e) == 0,
	       "the unedited registers-only snapshot restores (%s)", e.msg);
	free(regs);
}

static void run_test(void)
{
	struct sr_status a, again;
	size_t len = 0;
	void *snap = snapshot_at_p(VM_A, &len);

	tap_ok(snap != NULL, "snapshot of vm1 at P with its RAM");
	int err = run_to_end(VM_A, &a);
	tap_ok(!err, "vm1 finished after the snapshot and powered off");
	check_timer(&a, VM_A);
	if (!snap || err)
		return;
	err = restore_and_run(VM_A, snap, len, &again);
	tap_ok(!err, "restored vm1 finished again");
	tap_ok(!err && again.checksum == a.checksum,
	       "restored vm1 ends with the same checksum (%#lx, %#lx)",
	       (unsigned long)again.checksum, (unsigned long)a.checksum);
	tap_ok(!ctl_wait_state_for(sr_handle(VM_A), HYPV7_VCPU_POWERED_OFF, SR_WAIT_YIELDS),
	       "restored vm1 powered itself off");
	check_refusals();
}
#endif

#if SR_TEST == SR_MIGRATE
#define PLAN 6
static void run_test(void)
{
	struct sr_status a, b;
	struct kvm_vcpu_init init;
	size_t len = 0;
	void *snap = snapshot_at_p(VM_A, &len);

	tap_ok(snap != NULL, "snapshot of vm1 at P with its RAM");
	int err = run_to_end(VM_A, &a);
	tap_ok(!err, "vm1 finished after the snapshot");
	if (!snap || err)
		return;
	err = hv_preferred_target(&init);
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (!err)
		err = hv_vcpu_init(sr_handle(VM_B), &init);
	tap_ok(!err, "VCPU_INIT of the stopped vm2 (%d)", err);
	err = restore_and_run(VM_B, snap, len, &b);
	tap_ok(!err, "vm2 ran vm1's snapshot to the end");
	tap_ok(!err && b.checksum == a.checksum,
	       "migrated vm2 ends with vm1's checksum (%#lx, %#lx)", (unsigned long)b.checksum,
	       (unsigned long)a.checksum);
	check_timer(&b, VM_B);
}
#endif

#if SR_TEST == SR_BITFLIP
struct flip {
	uint64_t id;
	uint64_t mask;
	const char *what;
};
static const struct flip flips[] = {
	{ VFP_D_ID(17), 1ull << 40, "D17 bit 40" },
	{ ARM_CP15_REG32(0, 13, 0, 2), 1u << 3, "TPIDRURW bit 3" },
	{ ARM_CP15_REG32(0, 3, 0, 0), 1u << 10, "DACR bit 10 (domain 5: client -> no access)" },
	{ CORE_ID(und_regs[2]), 1u << 28, "SPSR_und bit 28" },
	{ CORE_ID(fiq_regs[2]), 1u << 0, "r10_fiq bit 0" },
	{ ARM_CP15_REG32(0, 10, 2, 0), 1u << 4, "PRRR bit 4" },
};
#define NR_FLIPS (sizeof(flips) / sizeof(flips[0]))
#define PLAN (4 + NR_FLIPS)

static void run_test(void)
{
	struct sr_status a, r;
	size_t len = 0;
	void *snap = snapshot_at_p(VM_A, &len);

	tap_ok(snap != NULL, "snapshot of vm1 at P (PC in the compute loop)");
	int err = run_to_end(VM_A, &a);
	tap_ok(!err, "vm1 finished after the snapshot");
	if (!snap || err)
		return;
	for (size_t i = 0; i < NR_FLIPS; i++) {
		uint64_t *v = snap_value(snap, flips[i].id);
		if (!v) {
			tap_ok(0, "%s: no such register in the snapshot", flips[i].what);
			continue;
		}
		*v ^= flips[i].mask;
		err = restore_and_run(VM_A, snap, len, &r);
		*v ^= flips[i].mask;
		tap_ok(err || r.checksum != a.checksum, "%s flipped: %s", flips[i].what,
		       err ? "caught (the worker stopped with an error)" : "checksum differs");
		sr_pause(sr_handle(VM_A)); /* whatever state it ended in */
	}
	err = restore_and_run(VM_A, snap, len, &r);
	tap_ok(!err && r.checksum == a.checksum,
	       "the unflipped snapshot still ends with the original checksum (%#lx)",
	       (unsigned long)r.checksum);
	check_timer(&r, VM_A);
}
#endif

#if SR_TEST == SR_PAIR
#define VM_A_ALONE 3u
#define VM_B_ALONE 4u
#define PLAN 7
#define SAMPLE_AFTER_ROUNDS 4u

/* How many of the listed registers hold the same value in both workers. */
static uint32_t same_values(uint32_t ha, uint32_t hb, uint32_t *compared)
{
	static const uint64_t ids[] = {
		ARM_CP15_REG32(0, 13, 0, 2),
		ARM_CP15_REG32(0, 13, 0, 3),
		ARM_CP15_REG32(0, 13, 0, 4),
		ARM_CP15_REG32(0, 13, 0, 1),
		ARM_CP15_REG32(0, 3, 0, 0),
		ARM_CP15_REG32(0, 10, 2, 0),
		ARM_CP15_REG32(0, 10, 2, 1),
		ARM_CP15_REG32(0, 6, 0, 2),
		CORE_ID(irq_regs[1]),
		CORE_ID(irq_regs[2]),
		CORE_ID(abt_regs[1]),
		CORE_ID(und_regs[1]),
		CORE_ID(fiq_regs[0]),
		CORE_ID(fiq_regs[4]),
		CORE_ID(fiq_regs[6]),
		VFP_D_ID(0),
		VFP_D_ID(15),
		VFP_D_ID(16),
		VFP_D_ID(31),
	};
	uint32_t same = 0;

	*compared = sizeof(ids) / sizeof(ids[0]);
	for (uint32_t i = 0; i < *compared; i++) {
		uint64_t va = 0, vb = 0;
		ctl_get(ha, ids[i], &va);
		ctl_get(hb, ids[i], &vb);
		if (va == vb)
			tap_diag("%s is %#lx in both", regname_short(ids[i]), (unsigned long)va);
		same += va == vb;
	}
	return same;
}

static void run_test(void)
{
	struct sr_status a, b, a1, b1;
	uint32_t compared = 0, same = 0;

	/* A few rounds in, every carried value has been set from the seed. */
	sr_wait_progress(VM_A, SAMPLE_AFTER_ROUNDS, SR_WAIT_YIELDS);
	sr_wait_progress(VM_B, SAMPLE_AFTER_ROUNDS, SR_WAIT_YIELDS);
	if (!sr_pause_in_compute(VM_A, COMPUTE_TRIES) && !sr_pause_in_compute(VM_B, COMPUTE_TRIES))
		same = same_values(sr_handle(VM_A), sr_handle(VM_B), &compared);
	tap_ok(compared && same == 0, "%lu of %lu sampled registers differ between the workers",
	       (unsigned long)(compared - same), (unsigned long)compared);
	hv_vcpu_resume(sr_handle(VM_A));
	hv_vcpu_resume(sr_handle(VM_B));
	int ea = finish(VM_A, &a), eb = finish(VM_B, &b);
	tap_ok(!ea && !eb && a.checksum != b.checksum,
	       "side by side, the two seeds give different checksums");
	int e = sr_check(sr_boot_stopped(VM_A_ALONE, GUEST_ENTRY), "boot vm3");
	int ea1 = e ? e : run_to_end(VM_A_ALONE, &a1);
	e = sr_check(sr_boot_stopped(VM_B_ALONE, GUEST_ENTRY), "boot vm4");
	int eb1 = e ? e : run_to_end(VM_B_ALONE, &b1);
	tap_ok(!ea1 && !eb1, "the same programs ran alone afterwards");
	tap_ok(!ea && !ea1 && a.checksum == a1.checksum,
	       "worker A side by side = alone (%#lx, %#lx)", (unsigned long)a.checksum,
	       (unsigned long)a1.checksum);
	tap_ok(!eb && !eb1 && b.checksum == b1.checksum,
	       "worker B side by side = alone (%#lx, %#lx)", (unsigned long)b.checksum,
	       (unsigned long)b1.checksum);
	check_timer(&a, VM_A);
	check_timer(&b, VM_B);
}
#endif

int main(void)
{
	tap_plan(PLAN);
	run_test();
	return tap_done();
}
