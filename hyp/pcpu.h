/* Per physical CPU data, reached through HTPIDR from any Hyp code. */
#ifndef HYPV7_PCPU_H
#define HYPV7_PCPU_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/arm.h"
#include "boot/boot.h"
#include "hyp/vm_config.h"

struct vcpu;

struct pcpu {
	uint32_t stack_top;   /* Hyp stack, reloaded on every guest exit */
	struct vcpu *current; /* the vCPU loaded on this CPU, or 0 */
	unsigned id;
	unsigned next_slot;     /* scheduler: where round-robin goes on */
	struct vcpu *vfp_owner; /* whose VFP/NEON state is in the CPU, or 0 */
	uint64_t slice_end;     /* physical count at which the time slice ends */
	bool idle;              /* sleeping: no vCPU loaded, only waiting ones */
	bool woken;             /* an interrupt woke a waiting vCPU (hyp/sched.h) */
	bool some_may_wait;     /* a hint: one of its vCPUs may be waiting */
	volatile bool online;   /* came up and serves its vCPUs (hyp/smp.h) */
	/* A vCPU another CPU wants whole in its bank (hyp/smp.h), or 0. */
	struct vcpu *volatile sync_request;
	/* The vCPUs placed here (hyp/sched.c), round-robin in this order. */
	unsigned nr_vcpus;
	struct vcpu *vcpus[MAX_VMS * MAX_VCPUS_PER_VM];
};

extern struct pcpu pcpus[MAX_CPUS];

static inline struct pcpu *this_cpu(void)
{
	struct pcpu *p;
	__asm__ volatile("mrc p15, 4, %0, c13, c0, 2" : "=r"(p)); /* HTPIDR */
	return p;
}

void pcpu_init(unsigned id);
#endif
