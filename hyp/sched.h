/* Round-robin scheduling of all vCPUs on a physical CPU, time-sliced by
 * the Hyp timer. */
#ifndef HYPV7_SCHED_H
#define HYPV7_SCHED_H
struct vcpu;
struct vm;
struct pcpu;
/* Boot CPU, once the VMs exist: every CPU's list of the vCPUs placed on it. */
void sched_init(void);
/* Each CPU, with hypv7's lock held: arms its Hyp timer and enters its
 * first runnable vCPU (or sleeps until it has one); never returns. */
void sched_start(void) __attribute__((noreturn));
/* Gives the CPU to the next runnable vCPU (the current one if none). */
void sched_yield(void);
/* The same, for a trap that ends with it: returns the vCPU to enter, as
 * sched_next_to_run() would (the yield's vCPU is loaded and runnable). */
struct vcpu *sched_yield_and_run(void);
/* The current vCPU executed WFI and an interrupt could wake it (its timer
 * armed, or its GIC on): it waits, not run, until one is due; meanwhile
 * the CPU runs others, or sleeps. (WFI that nothing could wake yields.) */
void sched_wait(struct vcpu *vcpu);
/* An interrupt is due for `vcpu` (a line raised for it): it stops
 * waiting, and takes the CPU at the end of this interrupt if another vCPU
 * has it (sched_after_irq). */
void sched_wake(struct vcpu *vcpu);
/* `vcpu` became runnable (RESUME, PSCI CPU_ON): its CPU takes it in. */
void sched_made_runnable(struct vcpu *vcpu);
/* The physical CPU vCPU `index` of `vm` is placed on (VMn_AFFINITY=, or
 * vCPU i on the i-th CPU up, modulo), or NULL if it names a CPU that is
 * not up. */
struct pcpu *sched_placement(const struct vm *vm, unsigned index);
/* The end of a physical interrupt taken from a guest: the vCPU to enter. */
struct vcpu *sched_after_irq(void);
/* Called after anything that may have stopped the current vCPU. */
struct vcpu *sched_next_to_run(void);
/* Look at the current vCPU's raised interrupt lines again soon: the guest
 * may lower them with writes that do not trap (its timer). */
void sched_recheck_soon(void);
#endif
