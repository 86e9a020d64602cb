/*
 * Secondary vCPUs for guest programs (smp.h): PSCI CPU_ON / CPU_OFF /
 * AFFINITY_INFO, the per-vCPU stacks and entry records, a spinlock.
 */
#include <stddef.h>

#include "guest.h"
#include "smp.h"

#define CONTEXT_MAGIC 0x5c000000u /* | starts << 8 | index */
#define CONTEXT_STARTS_SHIFT 8u
#define CONTEXT_STARTS_MASK 0xffffu
#define CACHE_LINE 64u /* at least a line on Cortex-A15 and A7 */

uint8_t guest_smp_stacks[GUEST_MAX_CPUS][GUEST_SMP_STACK_BLOCK]
    __attribute__((aligned(CACHE_LINE)));

struct cpu_boot {
	void (*fn)(void *);
	void *arg;
	uint32_t calls; /* guest_cpu_on() calls for this vCPU */
};

static struct cpu_boot boot[GUEST_MAX_CPUS];
static volatile struct guest_cpu_entry entries[GUEST_MAX_CPUS];
static volatile bool smp_started;
static guest_spinlock_t console_lock = GUEST_SPINLOCK_INIT;

static uint32_t sctlr_read(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

bool guest_smp_started(void)
{
	return smp_started;
}

const volatile struct guest_cpu_entry *guest_cpu_entry_of(unsigned index)
{
	return &entries[index < GUEST_MAX_CPUS ? index : 0];
}

/* Clean [p, p + len) to the point of coherency (DCCMVAC), so a vCPU that
 * reads it with its caches still off would see it. */
static void clean_to_poc(const volatile void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(CACHE_LINE - 1);

	for (; a < (uintptr_t)p + len; a += CACHE_LINE)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" ::"r"(a) : "memory");
	__asm__ volatile("dsb" ::: "memory");
}

int guest_cpu_on(unsigned index, void (*fn)(void *), void *arg)
{
	if (index >= GUEST_MAX_CPUS)
		return PSCI_E_INVALID_PARAMETERS;
	if (!(sctlr_read() & SCTLR_C))
		guest_caches_on();
	smp_started = true;

	struct cpu_boot *b = &boot[index];
	b->fn = fn;
	b->arg = arg;
	b->calls++;
	uint32_t context =
	    CONTEXT_MAGIC | (b->calls & CONTEXT_STARTS_MASK) << CONTEXT_STARTS_SHIFT | index;
	entries[index].context = context;
	/* The new vCPU reads these only after its caches are on, where they
	 * are coherent; cleaned anyway, for a reader that would not be. */
	clean_to_poc(b, sizeof(*b));
	clean_to_poc(&entries[index], sizeof(entries[index]));

	struct smccc_res r = smccc_hvc(PSCI_CPU_ON, guest_mpidr_of(index),
				       (uint32_t)(uintptr_t)guest_secondary_entry, context);
	return (int32_t)r.a0;
}

int guest_cpu_off(void)
{
	return (int32_t)smccc_hvc0(PSCI_CPU_OFF);
}

int guest_affinity_info_mpidr(uint32_t mpidr)
{
	return (int32_t)smccc_hvc(PSCI_AFFINITY_INFO, mpidr, 0, 0).a0;
}

int guest_affinity_info(unsigned index)
{
	return guest_affinity_info_mpidr(guest_mpidr_of(index));
}

void guest_secondary_main(unsigned index, uint32_t r0, uint32_t cpsr, uint32_t sctlr)
{
	volatile struct guest_cpu_entry *e = &entries[index];

	e->r0 = r0;
	e->cpsr = cpsr;
	e->sctlr = sctlr;
	e->starts++;
	__asm__ volatile("dmb ish" ::: "memory");
	if (boot[index].fn)
		boot[index].fn(boot[index].arg);
	guest_cpu_off();
	for (;;) /* CPU_OFF refused: park */
		guest_wfi();
}

/* ---- spinlock ------------------------------------------------------------ */

void guest_spin_lock(guest_spinlock_t *lock)
{
	uint32_t tmp;

	/* Linux's ARMv6+ shape: wait in WFE while it is held. */
	__asm__ volatile("1:	ldrex	%0, [%1]\n"
			 "	teq	%0, #0\n"
			 "	wfene\n"
			 "	strexeq	%0, %2, [%1]\n"
			 "	teqeq	%0, #0\n"
			 "	bne	1b\n"
			 "	dmb	ish"
			 : "=&r"(tmp)
			 : "r"(&lock->locked), "r"(1u)
			 : "cc", "memory");
}

bool guest_spin_trylock(guest_spinlock_t *lock)
{
	uint32_t old, fail;

	do {
		__asm__ volatile("ldrex	%0, [%2]\n"
				 "	mov	%1, #0\n"
				 "	teq	%0, #0\n"
				 "	strexeq	%1, %3, [%2]"
				 : "=&r"(old), "=&r"(fail)
				 : "r"(&lock->locked), "r"(1u)
				 : "cc", "memory");
	} while (fail);
	if (old)
		return false;
	__asm__ volatile("dmb ish" ::: "memory");
	return true;
}

void guest_spin_unlock(guest_spinlock_t *lock)
{
	__asm__ volatile("dmb ish" ::: "memory");
	lock->locked = 0;
	guest_sev();
}

void guest_console_lock(void)
{
	if (smp_started)
		guest_spin_lock(&console_lock);
}

bool guest_console_trylock_for(uint32_t tries)
{
	if (!smp_started)
		return true;
	for (uint32_t i = 0; i < tries; i++)
		if (guest_spin_trylock(&console_lock))
			return true;
	return false;
}

void guest_console_unlock(void)
{
	if (smp_started)
		guest_spin_unlock(&console_lock);
}
