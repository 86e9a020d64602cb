/*
 * A running Linux VM moved to another VM (snap_vm_save / snap_vm_restore
 * with its vGIC and RAM): VM 1 boots Debian's kernel with the test init
 * and its timer workload (hypv7_init.rounds=); once its userspace runs
 * and the workload is under way, VM 0 pauses it, saves it, restores it
 * into VM 2 (created stopped, the same shape) and resumes VM 2 alone. The
 * workload must finish in VM 2 (its console says so: tests.list) with its
 * timer still ticking, while VM 1 stays paused.
 *
 * Built with SR_LINUX_FILE (sr_linux_file), the same across two QEMU runs
 * through a file on the host (QEMU semihosting, lib/semihost.h): the first
 * run, finding no file, saves VM 1 mid-work into it and powers off; the
 * second, finding it, pauses its own VM 1 at once and restores the file
 * into VM 2, which must finish the workload.
 */
#include <stdint.h>
#include <stdio.h>

#include <hypv7/reg_table.h>

#include "ctl.h"
#include "guest.h"
#include "hv.h"
#include "semihost.h"
#include "snapshot.h"
#include "sr_common.h"
#include "tap.h"

#define SOURCE_VM 1u
#define TARGET_VM 2u
#define PLAN 6
#define FILE_PLAN 5 /* the second run's */
#define SNAP_FILE "linux.snap"
#define USERSPACE_WAIT_MS 120000u
#define MID_WORK_MS 1500u /* after userspace is first seen: the workload runs */
#define END_WAIT_MS 120000u
#define PAUSE_YIELDS 100000u

/* Every vCPU of `vm` paused (a vCPU powered off counts as stopped). */
static bool pause_all(uint32_t vm)
{
	struct hv_vm_info info;
	if (hv_vm_info(vm, &info))
		return false;
	for (uint32_t v = 0; v < info.nr_vcpus; v++) {
		int state = ctl_pause_settled(HYPV7_HANDLE(vm, v), PAUSE_YIELDS);
		if (state != HYPV7_VCPU_PAUSED && state != HYPV7_VCPU_POWERED_OFF)
			return false;
	}
	return ctl_state(HYPV7_HANDLE(vm, 0)) == HYPV7_VCPU_PAUSED; /* not ended */
}

/* VCPU_INIT of every vCPU of `vm` (created stopped). */
static int init_all(uint32_t vm)
{
	struct hv_vm_info info;
	struct kvm_vcpu_init init;
	int err = hv_vm_info(vm, &info);
	err = err ? err : hv_preferred_target(&init);
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	for (uint32_t v = 0; !err && v < info.nr_vcpus; v++)
		err = hv_vcpu_init(HYPV7_HANDLE(vm, v), &init);
	return err;
}

/* A check of the saving run: TAP, or (the file variant's first run, whose
 * results the second run's plan does not count) a diagnostic line. */
static bool untapped;

static bool step_ok(bool cond, const char *what)
{
	if (!untapped)
		return tap_ok(cond, "%s", what);
	printf("# %s: %s\n", what, cond ? "ok" : "FAILED");
	return cond;
}

/* VM 1, paused mid-work, saved into sr_common.c's big buffer. */
static void *save_mid_work(size_t *len)
{
	struct snap_error e = { "" };
	size_t used = 0;
	if (!step_ok(sr_wait_user_mode(SOURCE_VM, USERSPACE_WAIT_MS),
		     "VM 1's Linux reached userspace"))
		return NULL;
	guest_sleep_ms(MID_WORK_MS);
	if (!step_ok(pause_all(SOURCE_VM), "VM 1 paused mid-work (not yet powered off)"))
		return NULL;
	int err = snap_vm_size(SOURCE_VM, SNAP_RAM, len, &e);
	void *snap = err ? NULL : sr_big_buffer((uint32_t)*len);
	err = snap ? snap_vm_save(SOURCE_VM, SNAP_RAM, snap, *len, &used, &e) : -1;
	if (err)
		printf("# %s\n", !snap ? "no room for the snapshot" : e.msg);
	step_ok(!err, "VM 1 saved with its vGIC and RAM");
	return err ? NULL : snap;
}

/* The snapshot into VM 2, which runs it to its end. */
static void run_in_target(void *snap, size_t len)
{
	struct snap_error e = { "" };
	int err = init_all(TARGET_VM);
	err = err ? err : snap_vm_restore(TARGET_VM, snap, len, &e);
	err = err ? err : snap_vm_resume(TARGET_VM, snap, &e);
	tap_ok(!err, "restored into VM 2 and resumed (%d): %s", err, err ? e.msg : "ok");
	tap_ok(!err && sr_wait_powered_off(TARGET_VM, END_WAIT_MS),
	       "VM 2 ran the workload to its end and powered off");
	tap_ok(ctl_state(sr_handle(SOURCE_VM)) == HYPV7_VCPU_PAUSED, "VM 1 stayed paused");
}

#ifndef SR_LINUX_FILE
int main(void)
{
	size_t len = 0;
	tap_plan(PLAN);
	void *snap = save_mid_work(&len);
	if (snap)
		run_in_target(snap, len);
	return tap_done();
}
#else
int main(void)
{
	long size = semihost_file_size(SNAP_FILE);
	size_t len = 0;
	if (size < 0) { /* the first run: no TAP of its own, its lines say it */
		untapped = true;
		void *snap = save_mid_work(&len);
		if (snap && semihost_write_file(SNAP_FILE, snap, len) == 0)
			printf("# saved %lu bytes to %s\n", (unsigned long)len, SNAP_FILE);
		return 0;
	}
	tap_plan(FILE_PLAN);
	tap_ok(pause_all(SOURCE_VM), "this run's VM 1 paused at once");
	void *snap = sr_big_buffer((uint32_t)size);
	long got = snap ? semihost_read_file(SNAP_FILE, snap, (size_t)size) : -1;
	if (tap_ok(got == size, "read %ld bytes of %s, written by the previous QEMU run", got,
		   SNAP_FILE))
		run_in_target(snap, (size_t)size);
	return tap_done();
}
#endif
