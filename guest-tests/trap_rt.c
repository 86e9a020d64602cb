/*
 * Emulated CP15 reads (MRC of ACTLR, which hypv7 traps) into the registers
 * that are not plain r0-r12: Rt = 15 writes the N, Z, C, V flags (never the
 * PC), and Rt = 13 / 14 / 8 land in the bank of the mode the guest is in.
 */
#include <stdint.h>

#include "tap.h"

#define MODE_FIQ 0x11u
#define MODE_IRQ 0x12u
#define MODE_SVC 0x13u
#define MODE_ABT 0x17u
#define MODE_UND 0x1bu
#define MODE_SYS 0x1fu
#define APSR_NZCV 0xf0000000u
#define USR_R8_MARK 0x5au

enum { OUT_SP, OUT_LR, OUT_R8, OUT_CALLER_R8, NR_OUT };

uint32_t trap_rt_flags(uint32_t nzcv_before);
void trap_rt_banked(uint32_t mode, uint32_t out[NR_OUT]);

static uint32_t read_actlr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(v));
	return v;
}

static const struct {
	uint32_t mode;
	const char *name;
} modes[] = {
	{ MODE_SVC, "SVC" }, { MODE_ABT, "ABT" }, { MODE_UND, "UND" },
	{ MODE_IRQ, "IRQ" }, { MODE_FIQ, "FIQ" }, { MODE_SYS, "SYS" },
};
#define NR_MODES (sizeof(modes) / sizeof(modes[0]))

int main(void)
{
	uint32_t actlr = read_actlr();

	tap_plan(2 + NR_MODES);
	tap_is_u32(trap_rt_flags(APSR_NZCV) & APSR_NZCV, actlr & APSR_NZCV,
		   "MRC ACTLR to APSR_nzcv, flags set before: NZCV = ACTLR[31:28]");
	tap_is_u32(trap_rt_flags(~actlr & APSR_NZCV) & APSR_NZCV, actlr & APSR_NZCV,
		   "MRC ACTLR to APSR_nzcv, flags the complement: NZCV = ACTLR[31:28]");
	for (unsigned i = 0; i < NR_MODES; i++) {
		uint32_t out[NR_OUT] = { 0 };
		trap_rt_banked(modes[i].mode, out);
		tap_ok(out[OUT_SP] == actlr && out[OUT_LR] == actlr && out[OUT_R8] == actlr &&
			   out[OUT_CALLER_R8] == USR_R8_MARK,
		       "%s mode: MRC ACTLR to SP, LR, r8 (0x%08lx 0x%08lx 0x%08lx, want 0x%08lx), "
		       "the SVC r8 kept (0x%lx)",
		       modes[i].name, (unsigned long)out[OUT_SP], (unsigned long)out[OUT_LR],
		       (unsigned long)out[OUT_R8], (unsigned long)actlr,
		       (unsigned long)out[OUT_CALLER_R8]);
	}
	return tap_done();
}
