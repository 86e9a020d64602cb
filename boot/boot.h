/* Boot's facts shared by start.S and C: refusal reasons, CPUs and stacks. */
#ifndef HYPV7_BOOT_H
#define HYPV7_BOOT_H

/* Why boot refused to go on (boot_refuse's second argument) */
#define REFUSE_NO_VIRT 1
#define REFUSE_NONSECURE 2
#define REFUSE_MODE 3

#define HYP_STACK_SIZE 8192
#define MAX_CPUS 4

#endif
