/*
 * Several vCPUs in one guest program: starting secondaries over PSCI, which
 * vCPU am I, a spinlock, per-vCPU stacks.
 *
 * vCPU 0 runs crt0 and main as ever. guest_cpu_on(i, fn, arg) powers vCPU i
 * on (PSCI CPU_ON of MPIDR 0x80000000 | i) at guest_secondary_entry
 * (smp_entry.S): it sets that vCPU's VBAR (crt0's vectors), VFP, the MMU on
 * with vCPU 0's page tables (mmu.c) and the caches on, before it writes any
 * memory, then its own stacks, and calls fn(arg) in SVC mode with IRQs and
 * FIQs masked. When fn returns the vCPU powers itself off (PSCI CPU_OFF); it
 * can be started again.
 *
 * The caller's caches are turned on too (guest_caches_on()): exclusive
 * loads and stores, and coherence between vCPUs, want cacheable memory.
 *
 * Console: only vCPU 0 may use stdio (printf, TAP) and malloc: newlib's
 * are built without locks. Once a secondary has been started, each write()
 * and each crash report (exceptions.c) holds the console lock, so a
 * secondary's crash report never splits a line of vCPU 0's.
 *
 * This header is included by assembly too (numbers only).
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

/* vCPUs a guest program can run on; MPIDR Aff0 indexes them. */
#define GUEST_MAX_CPUS 8
#define GUEST_MPIDR_BASE 0x80000000u /* the M bit; vCPU i is this | i */
#define GUEST_MPIDR_AFF0_MASK 0xff

/* Each vCPU started by guest_cpu_on() gets a block of stacks (vCPU 0's
 * boot stacks are guest.ld's). Sizes keep the block 8-byte aligned. */
#define GUEST_SMP_SVC_STACK 0x8000 /* 32 KiB */
#define GUEST_SMP_EXC_STACK 0x800  /* 2 KiB each: IRQ, ABT, UND, FIQ */
#define GUEST_SMP_STACK_BLOCK (GUEST_SMP_SVC_STACK + 4 * GUEST_SMP_EXC_STACK)

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "smccc.h"

/* PSCI values not in <hypv7/smccc.h> (the core may add them there). */
#ifndef PSCI_E_ON_PENDING
#define PSCI_E_ON_PENDING (-5)
#endif
#ifndef PSCI_AFFINITY_OFF
#define PSCI_AFFINITY_OFF 1
#endif
#ifndef PSCI_AFFINITY_ON_PENDING
#define PSCI_AFFINITY_ON_PENDING 2
#endif

/* This vCPU's MPIDR, and its index (Aff0). */
static inline uint32_t guest_mpidr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(v));
	return v;
}

static inline unsigned guest_cpu_index(void)
{
	return guest_mpidr() & GUEST_MPIDR_AFF0_MASK;
}

static inline uint32_t guest_mpidr_of(unsigned index)
{
	return GUEST_MPIDR_BASE | index;
}

/*
 * PSCI CPU_ON of vCPU `index`, entering fn(arg) there (see above). Returns
 * the PSCI result: 0, PSCI_E_ALREADY_ON, PSCI_E_INVALID_PARAMETERS,
 * PSCI_E_ON_PENDING; PSCI_E_INVALID_PARAMETERS without a call if index is
 * not below GUEST_MAX_CPUS. The context id passed is
 * guest_cpu_context(index), new for every call.
 */
int guest_cpu_on(unsigned index, void (*fn)(void *), void *arg);

/* PSCI CPU_OFF of the calling vCPU; returns only if it was refused. */
int guest_cpu_off(void);

/* PSCI AFFINITY_INFO of vCPU `index` (or of any MPIDR). */
int guest_affinity_info(unsigned index);
int guest_affinity_info_mpidr(uint32_t mpidr);

/* What a started vCPU found at its entry (guest_secondary_entry records
 * it as crt0 records vCPU 0's), and what it should have been given. */
struct guest_cpu_entry {
	uint32_t r0; /* the context id it got */
	uint32_t cpsr;
	uint32_t sctlr;
	uint32_t starts;  /* how many times it has entered */
	uint32_t context; /* the context id guest_cpu_on() passed last */
};

/* The entry record of vCPU `index` (< GUEST_MAX_CPUS). */
const volatile struct guest_cpu_entry *guest_cpu_entry_of(unsigned index);

/* True once guest_cpu_on() has been called: the console takes its lock. */
bool guest_smp_started(void);

/* ---- spinlock (LDREX/STREX; waits in WFE, which yields under hypv7) ---- */

typedef struct {
	volatile uint32_t locked;
} guest_spinlock_t;

#define GUEST_SPINLOCK_INIT \
	{                   \
		0           \
	}

void guest_spin_lock(guest_spinlock_t *lock);
bool guest_spin_trylock(guest_spinlock_t *lock);
void guest_spin_unlock(guest_spinlock_t *lock);

/* The console lock (taken by write() and crash reports once SMP is on). */
void guest_console_lock(void);
/* Tries for a while (a crash report must not wait on a dead holder);
 * false if it did not get it. */
bool guest_console_trylock_for(uint32_t tries);
void guest_console_unlock(void);

/* Wake vCPUs waiting in WFE. */
static inline void guest_sev(void)
{
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}

static inline void guest_wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

/* IRQs on and off (CPSR.I) on the calling vCPU. */
static inline void guest_irq_enable(void)
{
	__asm__ volatile("cpsie i\n\tisb" ::: "memory");
}

static inline void guest_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

/* ---- internals shared with the assembly -------------------------------- */

/* smp_entry.S: where a vCPU started by guest_cpu_on() begins (r0 = context). */
void guest_secondary_entry(void);
/* Called by guest_secondary_entry on the vCPU's own stack. */
void guest_secondary_main(unsigned index, uint32_t r0, uint32_t cpsr, uint32_t sctlr)
    __attribute__((noreturn));

/* The stack blocks, GUEST_SMP_STACK_BLOCK bytes per vCPU. */
extern uint8_t guest_smp_stacks[GUEST_MAX_CPUS][GUEST_SMP_STACK_BLOCK];

#endif /* __ASSEMBLER__ */
#endif
