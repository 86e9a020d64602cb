/*
 * Structure offsets for assembly, generated at build time: the Makefile
 * compiles this file to assembly and turns each "->NAME value" marker into
 * a #define in asm-offsets.h. Never type these numbers by hand.
 */
#include <stddef.h>

#include "hyp/pcpu.h"
#include "hyp/vm.h"
#include <hypv7/hypercalls.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))
#define CORE_WORD(n) (offsetof(struct vcpu, bank.core.usr_regs.uregs) + 4 * (n))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(VCPU_R0, CORE_WORD(0));
	DEFINE(VCPU_SP_USR, CORE_WORD(13));
	DEFINE(VCPU_LR_USR, CORE_WORD(14));
	DEFINE(VCPU_PC, CORE_WORD(15));
	DEFINE(VCPU_CPSR, CORE_WORD(16));
	DEFINE(PCPU_STACK_TOP, offsetof(struct pcpu, stack_top));
	/* The SELF fast path (hyp/vectors.S). */
	DEFINE(VCPU_HANDLE, offsetof(struct vcpu, handle));
	DEFINE(VCPU_TIMER_LINE_WORD,
	       offsetof(struct vcpu, virq.raised) + GUEST_VTIMER_INTID / VIRQ_LINES_PER_WORD * 4);
	DEFINE(VCPU_TIMER_LINE_BIT, 1u << (GUEST_VTIMER_INTID % VIRQ_LINES_PER_WORD));
	DEFINE(HVC_FN_BASE, HYPV7_HC_BASE);
	DEFINE(HVC_NR_SELF, HYPV7_HC_NR_SELF);
	_Static_assert(HYPV7_HC_NR_SET_ONE_REG == HYPV7_HC_NR_GET_ONE_REG + 1,
		       "the vector tells GET/SET_ONE_REG by one range compare");
	DEFINE(HVC_NR_GET_ONE_REG, HYPV7_HC_NR_GET_ONE_REG);
	/* hypv7's call table's slots (hyp/hypercall.c sizes it the same way):
	 * the vector sends these ids to handle_hvc (but GET/SET_ONE_REG),
	 * the rest to hvc_answer_at_once first. */
	static const char slots[] = {
#define HCALL(name, nr, summary) [nr] = 1,
#include <hypv7/hypercalls.def>
	};
	DEFINE(HVC_NR_SLOTS, sizeof(slots));
}
