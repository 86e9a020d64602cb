/*
 * `make bench`'s Linux snapshot figures (bench/run-bench's snapshot run):
 * VM 1 boots Debian's kernel with the test init; in the middle of its
 * workload, VM 0 pauses it and times snap_vm_save of it (every vCPU's registers and
 * the vGIC as device attributes), the same with its RAM, and the restores
 * of both into VM 2 (created stopped, the same shape): the fastest of a
 * few, in instructions under -icount.
 */
#include <stdint.h>
#include <stdio.h>

#include "hv.h"
#include "snapshot.h"
#include "sr_common.h"

#define ITERS 1u
#define NS_PER_S 1000000000ull
#define BENCH_PMU 0 /* the generic counter: instructions under -icount */
static int errors;
#include "bench_timing.h"

#define LINUX_VM 1u
#define TARGET_VM 2u
/* The init starts at about 3.3 s of virtual time (linux_boot_to_init) and
 * its 1000 rounds last about 100 s: at 10 s the VM is in the middle of its
 * work. A wait by time, not by sampling the vCPU's mode as the tests do:
 * on one CPU VM 0 runs only while the Linux VM idles (in its kernel), and
 * -icount makes that the same every run. */
#define LINUX_MIDWORK_MS 10000u
#define TRIES 3u

static void *snap;
static size_t snap_len;
static uint32_t snap_flags;
static struct snap_error e;

static void op_save(void)
{
	check(snap_vm_save(LINUX_VM, snap_flags, snap, snap_len, NULL, &e), e.msg);
}

static void op_restore(void)
{
	check(snap_vm_restore(TARGET_VM, snap, snap_len, &e), e.msg);
}

/* One figure: `op` on a snapshot made with `flags` (fastest of TRIES). */
static void bench_snap(const char *save_name, const char *restore_name, uint32_t flags)
{
	snap_flags = flags;
	check(snap_vm_size(LINUX_VM, flags, &snap_len, &e), "snap_vm_size");
	snap = sr_big_buffer((uint32_t)snap_len);
	if (!snap) {
		check(-1, "no room for the snapshot");
		return;
	}
	report_milli(save_name, time_batches(op_save, 1, TRIES) * units_per_tick_milli);
	report_milli(restore_name, time_batches(op_restore, 1, TRIES) * units_per_tick_milli);
}

int main(void)
{
	clock_init();
	struct kvm_vcpu_init init;
	check(hv_preferred_target(&init), "PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	check(hv_vcpu_init(sr_handle(TARGET_VM), &init), "VCPU_INIT of VM 2");
	guest_sleep_ms(LINUX_MIDWORK_MS);
	if (ctl_state(sr_handle(LINUX_VM)) != HYPV7_VCPU_RUNNABLE)
		check(-1, "the Linux VM is not running at mid-work");
	check(sr_pause(sr_handle(LINUX_VM)), "pause of the Linux VM");
	bench_snap("linux_snapshot_regs_vgic", "linux_restore_regs_vgic", 0);
	bench_snap("linux_snapshot_ram", "linux_restore_ram", SNAP_RAM);
	printf("bench done errors %d\n", errors);
	return 0;
}
