/*
 * `make bench`, the control VM (VM 0): times hypv7's hypercalls, world
 * switches and the lazy VFP switch from inside a guest, against the peer
 * VM (bench_peer.c, VM 1), and prints one line per figure:
 *
 *     bench <name> <n>          n = instructions (or cycles with BENCH_PMU)
 *
 * Clock: under QEMU -icount shift=0 one instruction is one virtual ns, and
 * the generic counter (CNTFRQ 62.5 MHz) ticks every 16 instructions, so
 * instructions = ticks * 1e9 / CNTFRQ. Each figure is the fastest of
 * BATCHES batches of ITERS calls (a batch hit by hypv7's 5 ms scheduler
 * tick is slower and is dropped), minus the same loop around an empty call.
 * Built with -DBENCH_PMU=1 (for real boards) the clock is the PMU cycle
 * counter PMCCNTR instead.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "ctl.h"
#include "guest.h"

#ifndef BENCH_PMU
#define BENCH_PMU 0
#endif

/* bench/profile builds it with fewer (and BENCH_ONLY): each of its calls
 * is traced instruction by instruction. */
#ifndef ITERS
#define ITERS 1000u
#endif
#ifndef BATCHES
#define BATCHES 5u
#endif
#define SNAP_ITERS 2u /* 64 MiB copies are long: few batches */
#define NS_PER_S 1000000000ull
#define MAX_REGS 256u
#define SNAP_RAM_BYTES (64u << 20)
/* VM 0's own image, heap and stacks live in its first 16 MiB (guest.ld);
 * the RAM snapshot buffer goes right above them. */
#define SNAP_BUF_OFFSET (16u << 20)

#define PEER_MODE_YIELDS 4

static uint32_t peer; /* the peer's vCPU handle */
static uint64_t ids[MAX_REGS];
static uint64_t values[MAX_REGS];
static struct kvm_one_reg multi[MAX_REGS];
static uint32_t nr_ids;
static struct {
	struct kvm_reg_list head;
	uint64_t reg[MAX_REGS];
} list;
static uint8_t *snap_buf;
static int errors;

#include "bench_timing.h"

/* ---------------------------------------------------------------- ops */

static void op_floor(void)
{
	hv_call(BENCH_FLOOR_FN, 0, 0, 0, 0);
}
static void op_null(void)
{
	hv_call(HYPV7_HC(SELF), 0, 0, 0, 0);
}

/* Calls answered through the normal SMCCC path (no guest memory). */
#define BENCH_UNKNOWN_FN 0x8600fffeu /* a vendor-hypervisor id hypv7 does not have */
static void op_psci_version(void)
{
	hv_call(PSCI_VERSION, 0, 0, 0, 0);
}
static void op_smccc_version(void)
{
	hv_call(SMCCC_VERSION, 0, 0, 0, 0);
}
static void op_unknown_fn(void)
{
	hv_call(BENCH_UNKNOWN_FN, 0, 0, 0, 0);
}

static struct kvm_one_reg one;
static uint64_t one_value;
static void op_get_one(void)
{
	hv_get_one_reg(peer, &one);
}
static void op_set_one(void)
{
	hv_set_one_reg(peer, &one);
}

static void op_reg_list(void)
{
	list.head.n = MAX_REGS;
	hv_get_reg_list(peer, &list.head);
}

static void op_get_multi(void)
{
	hv_get_multi(peer, multi, nr_ids, NULL);
}
static void op_set_multi(void)
{
	hv_set_multi(peer, multi, nr_ids, NULL);
}

static void op_pause_resume(void)
{
	hv_vcpu_pause(peer);
	hv_vcpu_resume(peer);
}

static void op_wfi(void)
{
	guest_wfi();
}

static void op_wfi_vfp(void)
{
	guest_wfi();
	bench_vfp_touch();
}

static void op_wfi_vfp2(void)
{
	guest_wfi();
	bench_vfp_touch();
	bench_vfp_touch();
}

static void op_suspend(void)
{
	bench_suspend();
}

/* A snapshot: the register list, every register, optionally the RAM. */
static uint32_t snap_ram_bytes;
static uint32_t peer_ram_base; /* IPA of the peer's RAM */

static void op_snapshot(void)
{
	op_reg_list();
	hv_get_multi(peer, multi, nr_ids, NULL);
	for (uint32_t off = 0; off < snap_ram_bytes; off += HYPV7_MEM_XFER_MAX)
		hv_vm_read_mem(BENCH_PEER_VM, peer_ram_base + off, snap_buf + off,
			       HYPV7_MEM_XFER_MAX);
}

static void op_restore(void)
{
	hv_set_multi(peer, multi, nr_ids, NULL);
	for (uint32_t off = 0; off < snap_ram_bytes; off += HYPV7_MEM_XFER_MAX)
		hv_vm_write_mem(BENCH_PEER_VM, peer_ram_base + off, snap_buf + off,
				HYPV7_MEM_XFER_MAX);
}

/* ---------------------------------------------------------------- phases */

static void set_peer_mode(uint32_t mode)
{
	uint32_t ipa = MBOX_ADDR + offsetof(struct mbox, data) + PEER_WORD_MODE * sizeof(uint32_t);
	check(hv_vm_write_mem(BENCH_PEER_VM, ipa, &mode, sizeof(mode)), "peer mode");
	for (int i = 0; i < PEER_MODE_YIELDS; i++) /* let the peer see it */
		bench_suspend();                   /* not WFI: with VM 0's GIC on, WFI waits */
}

/* The peer runs: world switches and the lazy VFP switch. */
static void bench_switches(void)
{
	set_peer_mode(PEER_IDLE);
	uint64_t rt = bench("vm_switch_roundtrip", op_wfi, ITERS, BATCHES);
	report_milli("vm_switch", rt / 2);

	/* Both VMs use VFP between switches: each switch in costs one lazy
	 * VFP trap (save the other's bank, load ours). */
	set_peer_mode(PEER_VFP);
	uint64_t rt_peer_vfp = measure_milli(op_wfi, ITERS, BATCHES);
	uint64_t rt_vfp = bench("vm_switch_roundtrip_vfp", op_wfi_vfp, ITERS, BATCHES);
	uint64_t rt_vfp2 = measure_milli(op_wfi_vfp2, ITERS, BATCHES);
	/* rt_vfp - rt_peer_vfp = two lazy VFP switches (the peer's and ours)
	 * plus our one VFP instruction. */
	uint64_t lazy2 = rt_vfp > rt_peer_vfp ? rt_vfp - rt_peer_vfp : 0;
	report_milli("vfp_first_after_switch", lazy2 / 2);
	report_milli("vfp_second", rt_vfp2 > rt_vfp ? rt_vfp2 - rt_vfp : 0);
	set_peer_mode(PEER_IDLE);

	bench("pause_resume", op_pause_resume, ITERS, BATCHES);
}

static void bench_one_reg(const char *what, uint64_t id)
{
	char name[48];

	one.id = id;
	one.addr = (uint32_t)(uintptr_t)&one_value;
	check(hv_get_one_reg(peer, &one), what);
	check(hv_set_one_reg(peer, &one), what);
	snprintf(name, sizeof(name), "get_one_reg_%s", what);
	bench(name, op_get_one, ITERS, BATCHES);
	snprintf(name, sizeof(name), "set_one_reg_%s", what);
	bench(name, op_set_one, ITERS, BATCHES);
}

/* The peer is paused: the register ABI and snapshots. */
static void bench_registers(void)
{
	check(ctl_pause(peer), "pause");

	bench_one_reg("core", KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE |
				  KVM_REG_ARM_CORE_REG(usr_regs.uregs[0]));
	bench_one_reg("cp15_32", ARM_CP15_REG32(0, 13, 0, 2)); /* TPIDRURW */
	bench_one_reg("cp15_64", ARM_CP15_REG64(0, 2));        /* TTBR0 */
	bench_one_reg("vfp_d", KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | 0);
	bench_one_reg("timer_cnt", KVM_REG_ARM_TIMER_CNT);

	list.head.n = MAX_REGS;
	check(hv_get_reg_list(peer, &list.head), "reg list");
	nr_ids = (uint32_t)list.head.n;
	printf("bench-info nr_ids %lu\n", (unsigned long)nr_ids);
	for (uint32_t i = 0; i < nr_ids; i++) {
		ids[i] = list.reg[i];
		multi[i].id = ids[i];
		multi[i].addr = (uint32_t)(uintptr_t)&values[i];
	}
	bench("get_reg_list", op_reg_list, ITERS, BATCHES);

	check(hv_get_multi(peer, multi, nr_ids, NULL), "get multi");
	check(hv_set_multi(peer, multi, nr_ids, NULL), "set multi");
	uint64_t g = bench("get_multi_all", op_get_multi, ITERS, BATCHES);
	report_milli("get_multi_per_reg", g / nr_ids);
	uint64_t s = bench("set_multi_all", op_set_multi, ITERS, BATCHES);
	report_milli("set_multi_per_reg", s / nr_ids);

	snap_ram_bytes = 0;
	bench("snapshot_regs", op_snapshot, ITERS, BATCHES);
	bench("restore_regs", op_restore, ITERS, BATCHES);

	struct hv_vm_info self, target;
	check(hv_vm_info(HYPV7_CONTROL_VM, &self), "vm info 0");
	check(hv_vm_info(BENCH_PEER_VM, &target), "vm info 1");
	if (self.ram_size >= SNAP_BUF_OFFSET + SNAP_RAM_BYTES &&
	    target.ram_size >= SNAP_RAM_BYTES) {
		peer_ram_base = target.ram_base;
		snap_buf = (uint8_t *)(uintptr_t)(self.ram_base + SNAP_BUF_OFFSET);
		snap_ram_bytes = SNAP_RAM_BYTES;
		bench("snapshot_ram64m", op_snapshot, 1, SNAP_ITERS);
		bench("restore_ram64m", op_restore, 1, SNAP_ITERS);
	} else {
		printf("bench-error snapshot_ram64m: VM 0 needs %u MiB, VM 1 %u MiB\n",
		       (SNAP_BUF_OFFSET + SNAP_RAM_BYTES) >> 20, SNAP_RAM_BYTES >> 20);
		errors++;
	}

	check(hv_vcpu_resume(peer), "resume");
}

/* ---------------------------------------------------------------- vGIC */

#if !BENCH_PMU
/* bench_irq.S: the vector table whose IRQ entry stamps the counter. */
extern char bench_irq_vectors[];
volatile uint64_t bench_irq_entered;
uint32_t bench_irq_gicc = GUEST_GICC_IPA;

#define LATENCY_SAMPLES 100u
#define LATENCY_LEAD_TICKS 256u /* the timer is set this far ahead */
#define CNTV_CTL_ENABLE 1u

static uint64_t counter_now(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static void vbar_write(const void *table)
{
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" ::"r"(table) : "memory");
}

static uint32_t vbar_read(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c12, c0, 0" : "=r"(v));
	return v;
}

/* From the virtual timer's deadline to the first instruction of the
 * guest's IRQ handler, the mean of LATENCY_SAMPLES, in thousandths of an
 * instruction; the guest spins or waits in WFI meanwhile. */
static uint64_t irq_latency_milli(bool in_wfi)
{
	uint32_t saved_vbar = vbar_read();
	vbar_write(bench_irq_vectors);
	uint64_t total = 0;
	for (uint32_t i = 0; i < LATENCY_SAMPLES; i++) {
		bench_irq_entered = 0;
		uint64_t due = counter_now() + LATENCY_LEAD_TICKS;
		__asm__ volatile("mcrr p15, 3, %Q0, %R0, c14" ::"r"(due));
		__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(CNTV_CTL_ENABLE));
		__asm__ volatile("cpsie i" ::: "memory");
		while (!bench_irq_entered)
			if (in_wfi)
				guest_wfi();
		__asm__ volatile("cpsid i" ::: "memory");
		total += bench_irq_entered - due;
	}
	vbar_write((const void *)(uintptr_t)saved_vbar);
	return total * units_per_tick_milli / LATENCY_SAMPLES;
}
#endif

/* Guests that use their GIC: a VM switch that carries GICH (HCR, VMCR,
 * APR, LRs), against the same switch without it, and the latency of a
 * virtual interrupt. VM 0's GIC stays on from here: its WFI would wait,
 * so the switches yield by PSCI CPU_SUSPEND. */
static void bench_vgic(void)
{
	set_peer_mode(PEER_SUSPEND);
	uint64_t plain = measure_milli(op_suspend, ITERS, BATCHES);
	report_milli("vm_switch_suspend", plain / 2);

	set_peer_mode(PEER_GIC_SUSPEND);
	gic_on(1u << GUEST_VTIMER_INTID);
	uint64_t gic = measure_milli(op_suspend, ITERS, BATCHES);
	report_milli("vm_switch_vgic", gic / 2);

#if !BENCH_PMU /* the latency is read on the generic counter */
	report_milli("virq_latency", irq_latency_milli(false));
	report_milli("virq_latency_wfi_busy", irq_latency_milli(true));
	check(ctl_pause(peer), "pause");
	report_milli("virq_latency_wfi_idle", irq_latency_milli(true));
	check(hv_vcpu_resume(peer), "resume");
#endif
}

int main(void)
{
	peer = ctl_handle(BENCH_PEER_VM);
	guest_mmu_lpae_caches_on(); /* as a control VM running Linux with LPAE would */
	printf("bench start\n");
	clock_init();
	check(ctl_mbox_wait_ready(BENCH_PEER_VM), "peer ready");

	empty_ticks = time_batches(op_empty, ITERS, BATCHES);
	uint64_t floor = bench("floor", op_floor, ITERS, BATCHES);
	bench("null_hypercall", op_null, ITERS, BATCHES);
	bench("psci_version", op_psci_version, ITERS, BATCHES);
	bench("smccc_version", op_smccc_version, ITERS, BATCHES);
	bench("unknown_function", op_unknown_fn, ITERS, BATCHES);
	(void)floor;

	bench_switches();
	bench_registers();
	bench_vgic();

	set_peer_mode(PEER_EXIT);
	printf("bench done errors %d\n", errors);
	return 0;
}
