/* Per physical CPU data and Hyp stacks, found through HTPIDR. */
#include "hyp/pcpu.h"
#include "arch/sysregs.h"

struct pcpu pcpus[MAX_CPUS];
extern uint8_t hyp_stacks[MAX_CPUS][HYP_STACK_SIZE];
uint8_t hyp_stacks[MAX_CPUS][HYP_STACK_SIZE] __attribute__((aligned(8)));

void pcpu_init(unsigned id)
{
	struct pcpu *p = &pcpus[id];
	p->id = id;
	p->stack_top = (uint32_t)(uintptr_t)(hyp_stacks[id] + HYP_STACK_SIZE);
	write_HTPIDR((uintptr_t)p);
	isb();
}
