/*
 * One VM with several vCPUs (VMn_VCPUS=M, M from VM_INFO), from inside:
 *
 *   - PSCI: AFFINITY_INFO says OFF for vCPUs 1..M-1 and ON for vCPU 0;
 *     an MPIDR outside the VM (vCPU M, a garbage one) is INVALID_PARAMETERS
 *     for AFFINITY_INFO and CPU_ON; CPU_ON starts every secondary (each
 *     checks it got its context id in r0, the entry state and its MPIDR);
 *     CPU_ON of a running one is ALREADY_ON;
 *   - the virtual GIC: TYPER counts M CPUs, ITARGETSR0 names the reader;
 *     every vCPU sends one SGI to all the others (GICD_SGIR target list)
 *     and takes them as IRQs (its own handler, lib/smp.h), waiting in WFI:
 *     each must get exactly one from every other vCPU (GICC_IAR's source
 *     field), within a timeout;
 *   - shared memory: every vCPU increments a counter under a spinlock and
 *     another with atomic adds, WORK_ITERS times, and accumulates into a
 *     private region; vCPU 0 checks M * WORK_ITERS and every region's sum;
 *   - the secondaries power off (CPU_OFF when their function returns),
 *     AFFINITY_INFO goes to OFF, and CPU_ON starts each a second time.
 *
 * Only vCPU 0 prints (lib/smp.h); the others leave their findings in res[].
 * Every wait has a timeout, and once one has expired the remaining phases
 * are abandoned, so a broken hypervisor fails the test instead of hanging it.
 */
#include <stdio.h>

#include <hv.h>
#include <hypv7/guest_machine.h>

#include "gic.h"
#include "guest.h"
#include "smp.h"
#include "tap.h"

#define PLAN 22

#define TEST_SGI 3u
#define SGIR_TARGETS_SHIFT 16
#define IAR_SOURCE_SHIFT 10
#define IAR_SOURCE_MASK 7u
#define TYPER_CPUS_SHIFT 5
#define TYPER_CPUS_MASK 7u
#define ITARGETS_X4 0x01010101u
#define GARBAGE_MPIDR 0x80012300u /* Aff1 0x23: no vCPU of this VM */
#define CPSR_ENTRY_MASK 0x1ffu    /* A I F T and the mode */
#define CPSR_ENTRY_SVC_MASKED 0x1d3u
#define CNT_CTL_ENABLE 1u

#define PHASE_TIMEOUT_MS 5000u
#define SGI_TIMEOUT_MS 3000u
#define START_TIMEOUT_MS 3000u
#define OFF_TIMEOUT_MS 3000u
#define POLL_MS 1u

#define WORK_ITERS 200000u
#define PRIV_WORDS 4096u

/* The points every vCPU meets at, in order. */
enum phase { PH_ONLINE, PH_GIC_READY, PH_SGI_DONE, PH_WORK_GO, PH_WORK_DONE, PH_COUNT };

/* What each vCPU found; one cache line each (written by its own vCPU). */
struct cpu_result {
	uint32_t started; /* reached its function, first run */
	uint32_t context_ok;
	uint32_t mpidr;
	uint32_t itargets; /* GICD_ITARGETSR0 as it reads it */
	uint32_t sgi_from[GUEST_MAX_CPUS];
	uint32_t irq_other; /* anything but TEST_SGI and the timer */
	uint32_t timer_irqs;
	uint32_t priv_sum;
	uint32_t second_runs;
	uint32_t second_context_ok;
} __attribute__((aligned(64)));

static volatile struct cpu_result res[GUEST_MAX_CPUS];
static unsigned ncpus; /* M, set by vCPU 0 before it starts anyone */
static volatile uint32_t arrived[PH_COUNT];
static volatile uint32_t abandoned; /* a wait timed out: skip the rest */

static guest_spinlock_t counter_lock = GUEST_SPINLOCK_INIT;
static volatile uint32_t locked_counter;
static uint32_t atomic_counter;
static uint32_t priv[GUEST_MAX_CPUS][PRIV_WORDS] __attribute__((aligned(64)));

static uint64_t deadline_ms(uint32_t ms)
{
	return guest_counter() + (uint64_t)guest_counter_hz() / GUEST_MS_PER_S * ms;
}

static uint32_t ms_since(uint64_t start)
{
	return (uint32_t)((guest_counter() - start) / (guest_counter_hz() / GUEST_MS_PER_S));
}

static uint32_t all_cpus_mask(void)
{
	return (1u << ncpus) - 1;
}

/* Waits until all ncpus vCPUs have reached `ph`; false on a timeout (and
 * from then on for everyone, at once). */
static bool phase_sync(enum phase ph)
{
	__atomic_add_fetch(&arrived[ph], 1, __ATOMIC_SEQ_CST);
	guest_sev();
	uint64_t end = deadline_ms(PHASE_TIMEOUT_MS);
	while (arrived[ph] < ncpus) {
		if (abandoned)
			return false;
		if (guest_counter() > end) {
			abandoned = 1;
			guest_sev();
			return false;
		}
		guest_wfe();
	}
	return !abandoned;
}

static void cntv_ctl(uint32_t ctl)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(ctl) : "memory");
}

static void cntv_arm_at(uint64_t when)
{
	__asm__ volatile("mcrr p15, 3, %Q0, %R0, c14" ::"r"(when));
	cntv_ctl(CNT_CTL_ENABLE);
}

/* Every vCPU's IRQ handler: counts SGIs by source; the timer (the wait's
 * timeout) is quietened. */
static void irq_handler(void)
{
	volatile struct cpu_result *r = &res[guest_cpu_index()];
	uint32_t iar = *gicc32(GICC_IAR);
	uint32_t id = iar & GIC_IAR_ID_MASK;

	if (id == GIC_SPURIOUS)
		return;
	if (id == TEST_SGI) {
		r->sgi_from[(iar >> IAR_SOURCE_SHIFT) & IAR_SOURCE_MASK]++;
	} else if (id == GUEST_VTIMER_INTID) {
		cntv_ctl(0);
		r->timer_irqs++;
	} else {
		r->irq_other++;
	}
	*gicc32(GICC_EOIR) = iar;
}

static bool got_all(volatile struct cpu_result *r, uint32_t from)
{
	for (unsigned src = 0; src < ncpus; src++)
		if ((from & (1u << src)) && r->sgi_from[src] == 0)
			return false;
	return true;
}

/* Each vCPU: its CPU interface on, one SGI to every other vCPU, then WFI
 * until it has one from each of them (IRQs taken between WFIs: checking
 * and waiting happen masked, so no wake-up is lost). */
static void sgi_phase(unsigned me)
{
	volatile struct cpu_result *r = &res[me];
	uint32_t others = all_cpus_mask() & ~(1u << me);

	*gicd32(GICD_ISENABLER) = (1u << TEST_SGI) | (1u << GUEST_VTIMER_INTID);
	*gicc32(GICC_PMR) = GIC_PMR_ALL;
	*gicc32(GICC_CTLR) = GIC_ENABLE;
	r->itargets = *gicd32(GICD_ITARGETSR);
	guest_set_irq_handler(irq_handler);
	if (!phase_sync(PH_GIC_READY))
		return;

	*gicd32(GICD_SGIR) = (others << SGIR_TARGETS_SHIFT) | TEST_SGI;
	uint64_t end = deadline_ms(SGI_TIMEOUT_MS);
	cntv_arm_at(end);
	while (!got_all(r, others) && guest_counter() < end) {
		__asm__ volatile("wfi" ::: "memory");
		guest_irq_enable(); /* take what woke it */
		guest_irq_disable();
	}
	cntv_ctl(0);
	/* IRQs on until everyone is done: a duplicate SGI would be counted. */
	guest_irq_enable();
	phase_sync(PH_SGI_DONE);
	guest_irq_disable();
}

static uint32_t work_value(unsigned cpu, uint32_t i)
{
	uint32_t x = (cpu + 1) * 0x9e3779b9u ^ i * 0x85ebca6bu;

	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	return x ^ (x >> 16);
}

static uint32_t expected_priv_sum(unsigned cpu)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < WORK_ITERS; i++)
		sum += work_value(cpu, i);
	return sum;
}

static uint32_t region_sum(unsigned cpu)
{
	uint32_t sum = 0;

	for (uint32_t k = 0; k < PRIV_WORDS; k++)
		sum += priv[cpu][k];
	return sum;
}

static void work(unsigned me)
{
	for (uint32_t i = 0; i < WORK_ITERS; i++) {
		guest_spin_lock(&counter_lock);
		locked_counter = locked_counter + 1; /* a plain read-modify-write */
		guest_spin_unlock(&counter_lock);
		__atomic_add_fetch(&atomic_counter, 1, __ATOMIC_RELAXED);
		priv[me][i % PRIV_WORDS] += work_value(me, i);
	}
	res[me].priv_sum = region_sum(me);
}

/* A secondary's first life: every phase with vCPU 0, then return (the
 * library powers it off). */
static void secondary(void *arg)
{
	(void)arg;
	unsigned me = guest_cpu_index();
	const volatile struct guest_cpu_entry *e = guest_cpu_entry_of(me);
	volatile struct cpu_result *r = &res[me];

	r->mpidr = guest_mpidr();
	r->context_ok = e->r0 == e->context;
	__asm__ volatile("dmb ish" ::: "memory");
	r->started = 1;
	guest_sev();
	if (!phase_sync(PH_ONLINE))
		return;
	sgi_phase(me);
	if (!phase_sync(PH_WORK_GO))
		return;
	work(me);
	phase_sync(PH_WORK_DONE);
}

/* Its second life, after CPU_OFF and a new CPU_ON. */
static void secondary_again(void *arg)
{
	(void)arg;
	unsigned me = guest_cpu_index();
	const volatile struct guest_cpu_entry *e = guest_cpu_entry_of(me);

	res[me].second_context_ok = e->r0 == e->context && e->starts == 2;
	__asm__ volatile("dmb ish" ::: "memory");
	res[me].second_runs++;
	guest_sev();
}

/* ---- vCPU 0 ---------------------------------------------------------------- */

/* Waits until cond(i) holds for every secondary; false on the timeout. */
static bool wait_all(bool (*cond)(unsigned), uint32_t timeout_ms)
{
	uint64_t end = deadline_ms(timeout_ms);

	for (;;) {
		bool all = true;
		for (unsigned i = 1; i < ncpus; i++)
			all = all && cond(i);
		if (all)
			return true;
		if (guest_counter() > end)
			return false;
		guest_sleep_ms(POLL_MS);
	}
}

static bool is_started(unsigned i)
{
	return res[i].started;
}

static bool is_off(unsigned i)
{
	return guest_affinity_info(i) == PSCI_AFFINITY_OFF;
}

static bool ran_again(unsigned i)
{
	return res[i].second_runs >= 1;
}

static void check_psci_before(void)
{
	unsigned bad = 0;

	for (unsigned i = 1; i < ncpus; i++) {
		int a = guest_affinity_info(i);
		if (a != PSCI_AFFINITY_OFF) {
			tap_diag("AFFINITY_INFO(vCPU %u) = %d before CPU_ON", i, a);
			bad++;
		}
	}
	int self = guest_affinity_info(0);
	tap_ok(!bad && self == PSCI_AFFINITY_ON,
	       "AFFINITY_INFO: vCPU 0 ON (%d), vCPUs 1..%u OFF (%u not)", self, ncpus - 1, bad);

	int a = guest_affinity_info(ncpus);
	tap_ok(a == PSCI_E_INVALID_PARAMETERS,
	       "AFFINITY_INFO(MPIDR of vCPU %u) = %d, INVALID_PARAMETERS", ncpus, a);
	a = guest_affinity_info_mpidr(GARBAGE_MPIDR);
	tap_ok(a == PSCI_E_INVALID_PARAMETERS, "AFFINITY_INFO(0x%08lx) = %d, INVALID_PARAMETERS",
	       (unsigned long)GARBAGE_MPIDR, a);
	a = (int32_t)smccc_hvc(PSCI_CPU_ON, guest_mpidr_of(ncpus),
			       (uint32_t)(uintptr_t)guest_secondary_entry, 0)
		.a0;
	tap_ok(a == PSCI_E_INVALID_PARAMETERS, "CPU_ON(MPIDR of vCPU %u) = %d, INVALID_PARAMETERS",
	       ncpus, a);
	a = (int32_t)smccc_hvc(PSCI_CPU_ON, GARBAGE_MPIDR,
			       (uint32_t)(uintptr_t)guest_secondary_entry, 0)
		.a0;
	tap_ok(a == PSCI_E_INVALID_PARAMETERS, "CPU_ON(0x%08lx) = %d, INVALID_PARAMETERS",
	       (unsigned long)GARBAGE_MPIDR, a);
}

static void start_secondaries(void)
{
	unsigned bad = 0;

	for (unsigned i = 1; i < ncpus; i++) {
		int on = guest_cpu_on(i, secondary, NULL);
		int a = guest_affinity_info(i);
		if (on != PSCI_SUCCESS ||
		    (a != PSCI_AFFINITY_ON && a != PSCI_AFFINITY_ON_PENDING)) {
			tap_diag("vCPU %u: CPU_ON %d, then AFFINITY_INFO %d", i, on, a);
			bad++;
		}
	}
	tap_ok(!bad, "CPU_ON of vCPUs 1..%u = 0, AFFINITY_INFO then ON or ON_PENDING", ncpus - 1);

	uint64_t t0 = guest_counter();
	bool all = wait_all(is_started, START_TIMEOUT_MS);
	tap_ok(all, "every secondary runs its function (%lu ms)", (unsigned long)ms_since(t0));
	if (!all)
		abandoned = 1;

	unsigned ctx_bad = 0, entry_bad = 0, mpidr_bad = 0;
	for (unsigned i = 1; i < ncpus; i++) {
		const volatile struct guest_cpu_entry *e = guest_cpu_entry_of(i);
		if (!res[i].context_ok) {
			tap_diag("vCPU %u: r0 0x%08lx, context id 0x%08lx", i, (unsigned long)e->r0,
				 (unsigned long)e->context);
			ctx_bad++;
		}
		if ((e->cpsr & CPSR_ENTRY_MASK) != CPSR_ENTRY_SVC_MASKED ||
		    (e->sctlr & (SCTLR_M | SCTLR_C | SCTLR_I))) {
			tap_diag("vCPU %u: entry CPSR 0x%08lx SCTLR 0x%08lx", i,
				 (unsigned long)e->cpsr, (unsigned long)e->sctlr);
			entry_bad++;
		}
		if (res[i].mpidr != guest_mpidr_of(i)) {
			tap_diag("vCPU %u: MPIDR 0x%08lx", i, (unsigned long)res[i].mpidr);
			mpidr_bad++;
		}
	}
	tap_ok(all && !ctx_bad, "each secondary got its context id in r0");
	tap_ok(all && !entry_bad, "each entered in SVC, A/I/F masked, MMU and caches off");
	tap_ok(all && !mpidr_bad, "each reads MPIDR 0x80000000 | its index");

	unsigned again_bad = 0, aff_bad = 0;
	for (unsigned i = 1; i < ncpus; i++) {
		int on = guest_cpu_on(i, secondary, NULL);
		int a = guest_affinity_info(i);
		if (on != PSCI_E_ALREADY_ON) {
			tap_diag("vCPU %u: second CPU_ON %d", i, on);
			again_bad++;
		}
		if (a != PSCI_AFFINITY_ON) {
			tap_diag("vCPU %u: AFFINITY_INFO %d while running", i, a);
			aff_bad++;
		}
	}
	tap_ok(all && !again_bad, "CPU_ON of a running vCPU = ALREADY_ON");
	tap_ok(all && !aff_bad, "AFFINITY_INFO of a running vCPU = ON");
}

static void check_gic(uint32_t typer)
{
	unsigned bad = 0, dup = 0, other = 0;

	for (unsigned i = 0; i < ncpus; i++)
		if (res[i].itargets != ITARGETS_X4 << i) {
			tap_diag("vCPU %u reads ITARGETSR0 0x%08lx", i,
				 (unsigned long)res[i].itargets);
			bad++;
		}
	tap_ok(((typer >> TYPER_CPUS_SHIFT) & TYPER_CPUS_MASK) == ncpus - 1 && !bad,
	       "GICD_TYPER counts %u CPUs (0x%08lx), ITARGETSR0 names its reader", ncpus,
	       (unsigned long)typer);

	bad = 0;
	for (unsigned i = 0; i < ncpus; i++) {
		volatile struct cpu_result *r = &res[i];
		for (unsigned src = 0; src < ncpus; src++) {
			uint32_t want = src == i ? 0 : 1;
			if (r->sgi_from[src] < want)
				bad++;
			if (r->sgi_from[src] > want)
				dup++;
			if (r->sgi_from[src] != want)
				tap_diag("vCPU %u: %lu SGIs from vCPU %u", i,
					 (unsigned long)r->sgi_from[src], src);
		}
		for (unsigned src = ncpus; src < GUEST_MAX_CPUS; src++)
			other += r->sgi_from[src];
		other += r->irq_other;
	}
	tap_ok(!abandoned && !bad, "every vCPU took an SGI from every other (GICC_IAR source)");
	tap_ok(!abandoned && !dup && !other,
	       "no SGI twice, none from itself, no other interrupt (%u, %u)", dup, other);
}

static void check_work(uint32_t span_ms)
{
	uint32_t want = ncpus * WORK_ITERS;
	unsigned bad = 0;

	tap_diag("shared-memory work: %lu ms", (unsigned long)span_ms);
	tap_ok(!abandoned && locked_counter == want, "counter under the spinlock: %lu, want %lu",
	       (unsigned long)locked_counter, (unsigned long)want);
	tap_ok(!abandoned && atomic_counter == want, "atomic counter: %lu, want %lu",
	       (unsigned long)atomic_counter, (unsigned long)want);
	for (unsigned i = 0; i < ncpus; i++) {
		uint32_t sum = expected_priv_sum(i);
		if (res[i].priv_sum != sum || region_sum(i) != sum) {
			tap_diag("vCPU %u: private sum 0x%08lx, vCPU 0 reads 0x%08lx, want 0x%08lx",
				 i, (unsigned long)res[i].priv_sum, (unsigned long)region_sum(i),
				 (unsigned long)sum);
			bad++;
		}
	}
	tap_ok(!abandoned && !bad, "every private region's sum, as its vCPU and vCPU 0 read it");
}

static void off_and_on_again(void)
{
	uint64_t t0 = guest_counter();
	bool off = wait_all(is_off, OFF_TIMEOUT_MS);

	tap_ok(off, "the secondaries powered off: AFFINITY_INFO OFF (%lu ms)",
	       (unsigned long)ms_since(t0));

	unsigned bad = 0;
	for (unsigned i = 1; i < ncpus; i++) {
		int on = off ? guest_cpu_on(i, secondary_again, NULL) : -1;
		if (on != PSCI_SUCCESS) {
			tap_diag("vCPU %u: CPU_ON after CPU_OFF %d", i, on);
			bad++;
		}
	}
	bool ran = !bad && wait_all(ran_again, START_TIMEOUT_MS);
	for (unsigned i = 1; ran && i < ncpus; i++)
		if (!res[i].second_context_ok || res[i].second_runs != 1) {
			tap_diag("vCPU %u: second run %lu, context %s", i,
				 (unsigned long)res[i].second_runs,
				 res[i].second_context_ok ? "ok" : "wrong");
			ran = false;
		}
	tap_ok(ran, "CPU_ON again: each runs a second time, with its new context id");
	tap_ok(ran && wait_all(is_off, OFF_TIMEOUT_MS), "and powers off again");
}

int main(void)
{
	uint32_t self = 0;
	struct hv_vm_info info = { 0 };
	int err = hv_self(&self);

	if (!err)
		err = hv_vm_info(HYPV7_HANDLE_VM(self), &info);
	tap_diag("smp_guest: %lu vCPUs", (unsigned long)info.nr_vcpus);
	tap_plan(PLAN);
	tap_ok(!err && info.nr_vcpus >= 2 && info.nr_vcpus <= GUEST_MAX_CPUS &&
		   guest_mpidr() == GUEST_MPIDR_BASE,
	       "VM_INFO: %lu vCPUs (2..%d), vCPU 0's MPIDR 0x%08lx", (unsigned long)info.nr_vcpus,
	       GUEST_MAX_CPUS, (unsigned long)guest_mpidr());
	ncpus = info.nr_vcpus < 1                ? 1
		: info.nr_vcpus > GUEST_MAX_CPUS ? GUEST_MAX_CPUS
						 : info.nr_vcpus;

	check_psci_before();
	start_secondaries();

	uint32_t typer = *gicd32(GICD_TYPER);
	*gicd32(GICD_CTLR) = GIC_ENABLE;
	if (phase_sync(PH_ONLINE))
		sgi_phase(0);
	check_gic(typer);

	uint64_t t0 = guest_counter();
	if (phase_sync(PH_WORK_GO)) {
		work(0);
		phase_sync(PH_WORK_DONE);
	}
	check_work(ms_since(t0));

	off_and_on_again();
	return tap_done();
}
