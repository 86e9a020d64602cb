/* SMCCC fast calls from a guest: HVC #0 with the id in r0, results in r0-r3. */
#include "smccc.h"

struct smccc_res smccc_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	/* "memory": PSCI calls such as SYSTEM_RESET act on guest memory state. */
	__asm__ volatile("hvc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (struct smccc_res){ r0, r1, r2, r3 };
}

uint32_t smccc_hvc0(uint32_t fn)
{
	return smccc_hvc(fn, 0, 0, 0).a0;
}
