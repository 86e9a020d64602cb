/* Bringing up the other physical CPUs, and what CPUs ask of each other
 * (hyp/smp.h). */
#include "hyp/smp.h"

#include "arch/cache.h"
#include "arch/sysregs.h"
#include "boot/mmu.h"
#include "hyp/irq.h"
#include "hyp/switch.h"
#include "hyp/vgic.h"
#include "hyp/vm.h"
#include "lib/printk.h"
#include "platform/platform.h"

/* How long the boot CPU waits for a core to say it is up: a real core takes
 * well under a millisecond, but under QEMU on a loaded host a vCPU thread
 * may not be scheduled for a few hundred (100 ms was seen to miss). */
#define CPU_UP_TIMEOUT_MS 1000u
#define MS_PER_S 1000u
/* Looks at a sync request between two takes of the lock. */
#define SYNC_SPINS 16u

struct spinlock hyp_big_lock;
struct pcpu *cpus_up[MAX_CPUS];
unsigned nr_cpus_up;
static volatile bool secondaries_released;

extern uint8_t hyp_stacks[MAX_CPUS][HYP_STACK_SIZE];
extern char secondary_entry[]; /* boot/start.S */

/* Cortex-A15 and A7 report their cluster's core count in L2CTLR. */
static unsigned cores_present(void)
{
	return ((read_L2CTLR() >> L2CTLR_NR_CORES_SHIFT) & L2CTLR_NR_CORES_MASK) + 1;
}

/* The IPI: whatever another CPU changed for this one's vCPUs. */
static void ipi_received(unsigned irq, struct vcpu *interrupted)
{
	(void)irq;
	(void)interrupted;
	smp_serve_requests();
	struct vcpu *cur = this_cpu()->current;
	if (cur && vcpu_loaded_here(cur)) {
		write_HCR(cur->hcr); /* its virtual IRQ line (hyp/virq.c) */
		if (cur->vgic.flush_pending)
			vgic_flush(cur);
	}
}

static bool start_one(unsigned id)
{
	struct pcpu *p = &pcpus[id];
	/* Its stack is used before its caches are on: no stale line of it
	 * may be left in the caches it then joins. */
	dcache_clean_inval_range((uintptr_t)hyp_stacks[id], HYP_STACK_SIZE);
	int err = board.cpu_start(id, (uintptr_t)secondary_entry);
	if (err) {
		printk("hypv7: CPU %u: the board did not start it (error %d)\n", id, err);
		return false;
	}
	uint64_t deadline =
	    read_CNTPCT() + (uint64_t)(generic_timer_hz() / MS_PER_S) * CPU_UP_TIMEOUT_MS;
	while (!p->online)
		if (read_CNTPCT() > deadline) {
			printk("hypv7: CPU %u did not come up within %u ms; going on without it\n",
			       id, CPU_UP_TIMEOUT_MS);
			return false;
		}
	return true;
}

/* hyp/vectors.S's SMP exits: the lock around the C handler. */
void hyp_lock_from_exit(void);
void hyp_lock_from_exit(void)
{
	hyp_lock();
}

void hyp_unlock_to_guest(void);
void hyp_unlock_to_guest(void)
{
	hyp_unlock();
}

void smp_use_locked_vectors(void)
{
	extern char hyp_vectors_smp[];
	write_HVBAR((uintptr_t)hyp_vectors_smp);
	isb();
}

void smp_start_secondaries(void)
{
	struct pcpu *boot = this_cpu();
	boot->online = true;
	cpus_up[nr_cpus_up++] = boot;
	unsigned present = cores_present();
	if (present > MAX_CPUS) {
		printk("hypv7: the board has %u cores; hypv7 uses %u (MAX_CPUS)\n", present,
		       MAX_CPUS);
		present = MAX_CPUS;
	}
	if (present > 1 && (!board.cpu_start || !board.irq->send_ipi)) {
		printk("hypv7: %s: hypv7 cannot start the other %u cores here; it uses one\n",
		       board.name, present - 1);
		present = 1;
	}
	if (present > 1) {
		spinlocks_enable(); /* from now on hypv7's lock locks */
		smp_use_locked_vectors();
		irq_register(board.ipi_irq, ipi_received);
		hyp_mmu_publish();
	}
	for (unsigned id = 1; id < present; id++)
		if (start_one(id))
			cpus_up[nr_cpus_up++] = &pcpus[id];
	printk("hypv7: %u CPU%s up (the board has %u)\n", nr_cpus_up, nr_cpus_up == 1 ? "" : "s",
	       cores_present());
}

void smp_release_secondaries(void)
{
	dsb();
	secondaries_released = true;
	dsb();
	__asm__ volatile("sev");
}

/* A secondary, once its own set-up is done: says so, then waits for the
 * boot CPU to have made the VMs. A core that came up too late to be
 * counted stays out of the way. */
void smp_secondary_ready(void)
{
	struct pcpu *me = this_cpu();
	me->online = true;
	dsb();
	while (!secondaries_released)
		__asm__ volatile("wfe");
	for (unsigned i = 0; i < nr_cpus_up; i++)
		if (cpus_up[i] == me)
			return;
	cpu_halt();
}

void smp_send_ipi(struct pcpu *cpu)
{
	board.irq->send_ipi(cpu->id);
}

/* Whether the bank holds everything of `vcpu`: loaded nowhere, and its
 * VFP state not left in a CPU (hyp/vfp.c moves it lazily). */
static bool bank_whole(const struct vcpu *vcpu)
{
	return !vcpu->loaded_on && vcpu->home->vfp_owner != vcpu;
}

void smp_sync_vcpu(struct vcpu *vcpu)
{
	struct pcpu *home = vcpu->home;
	if (home == this_cpu()) {
		vcpu_sync_vfp(vcpu);
		return;
	}
	while (vcpu->state != VCPU_RUNNABLE && !bank_whole(vcpu)) {
		if (!home->sync_request) {
			home->sync_request = vcpu;
			smp_kick(home);
		}
		hyp_unlock();
		/* Unlocked, a while: its CPU needs the lock to serve the request,
		 * and its unlock's SEV ends each WFE (under QEMU a WFE also lets
		 * the other CPUs run, as a round-robin -icount run needs). */
		for (unsigned spins = 0; home->sync_request == vcpu && spins < SYNC_SPINS; spins++)
			__asm__ volatile("wfe");
		hyp_lock();
		smp_serve_requests(); /* its CPU may be waiting for this one */
	}
}

void smp_serve_requests(void)
{
	struct pcpu *cpu = this_cpu();
	struct vcpu *vcpu = cpu->sync_request;
	if (!vcpu)
		return;
	if (vcpu->state != VCPU_RUNNABLE) {
		vcpu_put(vcpu); /* nothing if it is not loaded */
		vcpu_sync_vfp(vcpu);
	}
	cpu->sync_request = NULL;
}
