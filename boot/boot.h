/* Boot's facts shared by start.S and C: refusal reasons, CPUs and stacks. */
#ifndef HYPV7_BOOT_H
#define HYPV7_BOOT_H

/* Why boot refused to go on (boot_refuse's second argument) */
#define REFUSE_NO_VIRT 1
#define REFUSE_NONSECURE 2
#define REFUSE_MODE 3

/* Each CPU's Hyp stack: a power of two, so start.S finds CPU n's by a shift. */
#define HYP_STACK_SHIFT 13
#define HYP_STACK_SIZE (1 << HYP_STACK_SHIFT)
/* Physical CPUs hypv7 uses at most (the Makefile reads this line for SMP=). */
#define MAX_CPUS 4

#endif
