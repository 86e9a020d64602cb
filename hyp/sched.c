/*
 * Each physical CPU runs the vCPUs placed on it (pinned: VMn_AFFINITY=, or
 * vCPU i of every VM on CPU i mod the CPUs up), round-robin in time slices
 * of its Hyp timer; a vCPU that waits (WFI) or stops gives the CPU up. A
 * waiting vCPU is passed over until an interrupt is due for it; with only
 * waiting vCPUs left the CPU sleeps in WFI, the Hyp timer set for the
 * earliest of their timers. Everything here runs under hypv7's lock
 * (hyp/smp.h); a CPU drops it only while it sleeps.
 */
#include <stddef.h>

#include "lib/printk.h"
#include "hyp/pcpu.h"
#include "platform/platform.h"
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/switch.h"
#include "arch/sysregs.h"
#include "hyp/console_input.h"
#include "hyp/irq.h"
#include "hyp/vgic.h"
#include "hyp/virq.h"
#include "hyp/vm.h"
#include "hyp/vtimer.h"
#include "hyp/vuart.h"

/* A time slice: 5 ms of the generic timer, whatever its frequency
 * (CNTFRQ: 62.5 MHz under QEMU, where -icount shift=0 makes it 5 million
 * instructions; 19.2 MHz on a Raspberry Pi 2). */
#define TIME_SLICE_MS 5u
#define MS_PER_S 1000u
#define CNTHP_CTL_ENABLE 1u
/* While a vCPU's virtual IRQ line is raised, look again this soon (10 µs):
 * the guest lowers it by writing its timer, which does not trap. */
#define VTIMER_RECHECK_US 10u
#define US_PER_MS 1000u

void guest_enter(struct vcpu *vcpu) __attribute__((noreturn));

static uint32_t ticks_per_ms;

static irq_handler sched_tick;

struct pcpu *sched_placement(const struct vm *vm, unsigned index)
{
	uint8_t cpu = vm->config->affinity[index];
	if (cpu == VM_AFFINITY_DEFAULT)
		return cpus_up[index % nr_cpus_up];
	for (unsigned i = 0; i < nr_cpus_up; i++)
		if (cpus_up[i]->id == cpu)
			return cpus_up[i];
	return NULL;
}

void sched_init(void)
{
	ticks_per_ms = generic_timer_hz() / MS_PER_S;
	irq_register(board.hyp_timer_irq, sched_tick);
	for (unsigned v = 0; v < nr_vms; v++)
		for (unsigned i = 0; i < vms[v].nr_vcpus; i++) {
			struct pcpu *home = vms[v].vcpus[i].home;
			home->vcpus[home->nr_vcpus++] = &vms[v].vcpus[i];
		}
}

static uint64_t earliest_wake(const struct pcpu *cpu);

/* The Hyp timer: the slice's end, or sooner a recheck of a raised line or
 * the timer of a waiting vCPU (it then takes the CPU, see sched_tick). */
static void program_hyp_timer(struct pcpu *cpu, bool recheck_soon)
{
	uint64_t when = cpu->slice_end;
	uint64_t soon = read_CNTPCT() + ticks_per_ms * VTIMER_RECHECK_US / US_PER_MS;
	if (recheck_soon && soon < when)
		when = soon;
	if (cpu->some_may_wait) {
		uint64_t wake = earliest_wake(cpu);
		if (wake && wake < when)
			when = wake;
	}
	write_CNTHP_CVAL(when);
	write_CNTHP_CTL(CNTHP_CTL_ENABLE);
}

static void new_slice(struct pcpu *cpu)
{
	cpu->slice_end = read_CNTPCT() + (uint64_t)ticks_per_ms * TIME_SLICE_MS;
	program_hyp_timer(cpu, false);
}

static bool interrupt_pending(const struct vcpu *v)
{
	return virq_any_raised(&v->virq) || (v->vgic.used && vgic_has_pending(v));
}

/* cpu->some_may_wait: whether any of its vCPUs may be waiting, kept off
 * the path of every switch while none is (a hint: cleared when a look
 * finds none). */

/* Waiting vCPUs run again once an interrupt is due for them; returns
 * whether one did. */
static __attribute__((noinline)) bool wake_due(struct pcpu *cpu)
{
	bool waiting = false, woke = false;
	for (unsigned i = 0; i < cpu->nr_vcpus; i++) {
		struct vcpu *v = cpu->vcpus[i];
		if (!v->waiting)
			continue;
		if (interrupt_pending(v) || vtimer_deadline(v) <= read_CNTPCT()) {
			v->waiting = false;
			woke = true;
		}
		waiting |= v->waiting;
	}
	cpu->some_may_wait = waiting;
	return woke;
}

/* The next vCPU round-robin that is runnable and not waiting; callers
 * wake the waiting ones that are due first (wake_due). */
static struct vcpu *pick_runnable(struct pcpu *cpu)
{
	/* nr_vcpus >= 1: a CPU with no vCPU placed on it only idles. */
	unsigned last = cpu->next_slot, slot = last;
	do {
		if (++slot == cpu->nr_vcpus)
			slot = 0;
		struct vcpu *v = cpu->vcpus[slot];
		if (v->state == VCPU_RUNNABLE && !v->waiting) {
			cpu->next_slot = slot;
			return v;
		}
	} while (slot != last);
	return NULL;
}

/* The earliest timer of a waiting vCPU; VTIMER_NEVER if none is set, or
 * 0 if no vCPU is waiting. */
static uint64_t earliest_wake(const struct pcpu *cpu)
{
	uint64_t when = 0;
	bool any = false;
	for (unsigned i = 0; i < cpu->nr_vcpus; i++) {
		struct vcpu *v = cpu->vcpus[i];
		if (v->state != VCPU_RUNNABLE || !v->waiting)
			continue;
		uint64_t t = vtimer_deadline(v);
		when = any && when < t ? when : t;
		any = true;
	}
	return when;
}

static void switch_to(struct pcpu *cpu, struct vcpu *next)
{
	if (cpu->current && cpu->current != next)
		vcpu_put(cpu->current);
	vcpu_load(next);
	cpu->current = next;
}

static void __attribute__((noreturn)) nothing_left(void)
{
	printk("hypv7: no VM is left to run; powering off\n");
	board_power_off_or_halt();
}

/* Whether a vCPU of any CPU is runnable (running, or waiting for an
 * interrupt): while one is, the board stays on. */
static bool runnable_anywhere(void)
{
	for (unsigned c = 0; c < nr_cpus_up; c++)
		for (unsigned i = 0; i < cpus_up[c]->nr_vcpus; i++)
			if (cpus_up[c]->vcpus[i]->state == VCPU_RUNNABLE)
				return true;
	return false;
}

/* Sleeps until an interrupt (a device's, the Hyp timer at `wake`, an IPI
 * from another CPU), with hypv7's lock released meanwhile. */
static void sleep_until(uint64_t wake)
{
	write_CNTHP_CVAL(wake);
	write_CNTHP_CTL(wake == VTIMER_NEVER ? 0 : CNTHP_CTL_ENABLE);
	hyp_unlock();
	wait_for_interrupt();
	hyp_lock();
	irq_dispatch_pending(NULL);
}

/* Nothing to run but vCPUs that wait: sleep until an interrupt (a
 * device's, or the Hyp timer at the earliest of their timers) wakes one. */
static __attribute__((noinline, cold)) struct vcpu *idle(struct pcpu *cpu)
{
	if (cpu->current) {
		vcpu_put(cpu->current);
		cpu->current = NULL;
	}
	cpu->idle = true;
	struct vcpu *next;
	for (;;) {
		wake_due(cpu);
		if (cpu->nr_vcpus && (next = pick_runnable(cpu)))
			break;
		uint64_t wake = earliest_wake(cpu);
		if (!wake) {
			if (!runnable_anywhere())
				nothing_left();
			wake = VTIMER_NEVER; /* until another CPU gives it work */
		}
		if (console_input_polled()) { /* no interrupt says a key came */
			uint64_t poll = read_CNTPCT() + (uint64_t)ticks_per_ms * TIME_SLICE_MS;
			wake = poll < wake ? poll : wake;
		}
		sleep_until(wake);
	}
	cpu->idle = false;
	cpu->woken = false; /* what woke while idle is picked already */
	new_slice(cpu);
	return next;
}

void sched_yield(void)
{
	struct pcpu *cpu = this_cpu();
	/* Waiting vCPUs wake when a line is raised for them (hyp/virq.c) or,
	 * for their timers, on the Hyp timer set for the earliest (sched_tick),
	 * not here: this is the path of every VM switch. */
	struct vcpu *next = pick_runnable(cpu);
	if (!next)
		next = idle(cpu);
	switch_to(cpu, next);
}

void sched_wake(struct vcpu *vcpu)
{
	if (!vcpu->waiting)
		return;
	vcpu->waiting = false;
	struct pcpu *home = vcpu->home;
	if (home->current != vcpu)
		home->woken = true;
	smp_kick(home);
}

void sched_made_runnable(struct vcpu *vcpu)
{
	struct pcpu *home = vcpu->home;
	if (home->current != vcpu)
		home->woken = true;
	smp_kick(home);
}

struct vcpu *sched_after_irq(void)
{
	struct pcpu *cpu = this_cpu();
	if (cpu->woken && !cpu->idle) {
		cpu->woken = false;
		sched_yield(); /* the woken vCPU waited: its turn comes now */
	}
	return sched_next_to_run();
}

struct vcpu *sched_yield_and_run(void)
{
	sched_yield();
	struct pcpu *cpu = this_cpu();
	if (vtimer_line_raised(cpu->current))
		program_hyp_timer(cpu, vtimer_recheck(cpu->current));
	return cpu->current;
}

/* No vCPU of the VM runs: each is stopped or waiting. */
static bool vm_idle(const struct vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].state == VCPU_RUNNABLE && !vm->vcpus[i].waiting)
			return false;
	return true;
}

void sched_wait(struct vcpu *vcpu)
{
	vtimer_recheck(vcpu); /* the guest may have quietened its timer since */
	if (interrupt_pending(vcpu))
		return; /* WFI completes at once */
	vcpu->waiting = true;
	this_cpu()->some_may_wait = true;
	if (vm_idle(vcpu->vm)) /* not while a sibling may be mid-line */
		vuart_flush_partial(vcpu->vm);
	sched_yield();
	program_hyp_timer(this_cpu(), false); /* its timer may come first */
}

struct vcpu *sched_next_to_run(void)
{
	struct pcpu *cpu = this_cpu();
	if (!cpu->current || cpu->current->state != VCPU_RUNNABLE)
		sched_yield();
	else if (!vcpu_loaded(cpu->current))
		vcpu_load(cpu->current); /* it was put to its bank (ABI) */
	if (vtimer_line_raised(cpu->current))
		program_hyp_timer(cpu, vtimer_recheck(cpu->current));
	return cpu->current;
}

/* The Hyp timer: a new time slice, or a recheck of a raised line. */
static void sched_tick(unsigned irq, struct vcpu *interrupted)
{
	(void)irq;
	(void)interrupted;
	console_input_poll(); /* boards whose console UART has no interrupt */
	struct pcpu *cpu = this_cpu();
	if (cpu->idle) {            /* the idle loop looks at the waiting vCPUs itself */
		write_CNTHP_CTL(0); /* and its level must drop */
		return;
	}
	bool woke = cpu->some_may_wait && wake_due(cpu);
	if (!woke && read_CNTPCT() < cpu->slice_end) {
		program_hyp_timer(cpu, false); /* a recheck: same slice */
		return;
	}
	new_slice(cpu);
	sched_yield();
}

void sched_recheck_soon(void)
{
	program_hyp_timer(this_cpu(), true);
}

void sched_start(void)
{
	struct pcpu *cpu = this_cpu();
	cpu->next_slot = cpu->nr_vcpus ? cpu->nr_vcpus - 1 : 0;
	new_slice(cpu);
	if (cpu->nr_vcpus)
		sched_yield();
	else
		switch_to(cpu, idle(cpu)); /* until another CPU powers the board off */
	struct vcpu *first = cpu->current;
	hyp_unlock();
	guest_enter(first);
}
