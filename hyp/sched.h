/* Round-robin scheduling of all vCPUs on a physical CPU. */
#ifndef HYPV7_SCHED_H
#define HYPV7_SCHED_H
struct vcpu;
void sched_init(void);
/* Arms the Hyp timer and enters the first runnable vCPU; never returns. */
void sched_start(void) __attribute__((noreturn));
/* Gives the CPU to the next runnable vCPU (the current one if none). */
void sched_yield(void);
/* Called after anything that may have stopped the current vCPU. */
struct vcpu *sched_next_to_run(void);
/* The Hyp timer fired: a new time slice, or a recheck of a virtual IRQ. */
void sched_tick(void);
/* The loaded vCPU's virtual timer fired: raise its virtual IRQ line. */
void sched_vtimer_fired(struct vcpu *vcpu);
#endif
