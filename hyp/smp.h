/*
 * Several physical CPUs (docs/architecture.md, "SMP"). Every CPU runs the
 * vCPUs placed on it (hyp/sched.c); hypv7's own state is shared and guarded
 * by one lock, taken on every guest exit and released before the guest is
 * entered again, so guests run in parallel and hypv7's code runs on one CPU
 * at a time. With one CPU the lock is a no-op (arch/spinlock.h).
 *
 * What one CPU needs from another goes by IPI: a vCPU's registers are the
 * truth only on the CPU it is loaded on, so a change to a vCPU loaded
 * elsewhere is made in memory and that CPU is kicked to take it in
 * (smp_kick), and a vCPU wanted whole in its bank is asked for and waited
 * for (smp_sync_vcpu).
 */
#ifndef HYPV7_SMP_H
#define HYPV7_SMP_H
#include <stdbool.h>

#include "arch/spinlock.h"
#include "hyp/pcpu.h"

struct vcpu;

extern struct spinlock hyp_big_lock;
/* The physical CPUs that came up, in index order; [0] is the boot CPU. */
extern struct pcpu *cpus_up[MAX_CPUS];
extern unsigned nr_cpus_up;

static inline void hyp_lock(void)
{
	spin_lock(&hyp_big_lock);
}

static inline void hyp_unlock(void)
{
	spin_unlock(&hyp_big_lock);
}

/* The boot CPU: starts every other core the board has (board.cpu_start),
 * waits for each a bounded time, reports what came up. */
void smp_start_secondaries(void);
/* The boot CPU, once every VM exists: the secondaries start scheduling. */
void smp_release_secondaries(void);
/* This CPU's guest exits take hypv7's lock (hyp/vectors.S): with more
 * than one CPU up. */
void smp_use_locked_vectors(void);
/* A secondary CPU, set up: waits for that release. */
void smp_secondary_ready(void);
void smp_send_ipi(struct pcpu *cpu);
/* `cpu` looks at its vCPUs again at once (an IPI; nothing if it is this
 * CPU): a changed HCR or interrupt for its loaded vCPU, one that became
 * runnable. */
static inline void smp_kick(struct pcpu *cpu)
{
	if (cpu != this_cpu())
		smp_send_ipi(cpu);
}
/* Makes the bank the whole truth about `vcpu`, which is not runnable: a
 * CPU that has it loaded, or its VFP state, puts it there. Waits for
 * another CPU with the lock released: callers look at the vCPU's state
 * again afterwards. */
void smp_sync_vcpu(struct vcpu *vcpu);
/* Serves what other CPUs asked of this one (smp_sync_vcpu). */
void smp_serve_requests(void);
#endif
