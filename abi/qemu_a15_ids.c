/*
 * QEMU's cortex-a15 model (target/arm/tcg/cpu32.c, cortex_a15_initfn):
 * MIDR, CTR, CLIDR, MVFR0/1, FPSID, ID_* and CCSIDR as QEMU defines them;
 * MPIDR/ACTLR/L2CTLR are what a 4-core cluster plausibly reports.
 */
#include "abi/qemu_a15_ids.h"

const struct cpu_ids abi_qemu_a15_ids = {
	.invariant = {
		[INVARIANT_MIDR] = 0x414fc0f0,
		[INVARIANT_CTR] = 0x8444c004,
		[INVARIANT_CLIDR] = 0x0a200023,
		[INVARIANT_ID_PFR0] = 0x00001131,
		[INVARIANT_ID_PFR1] = 0x00011011,
		[INVARIANT_ID_DFR0] = 0x02010555,
		[INVARIANT_ID_MMFR0] = 0x10201105,
		[INVARIANT_ID_MMFR1] = 0x20000000,
		[INVARIANT_ID_MMFR2] = 0x01240000,
		[INVARIANT_ID_MMFR3] = 0x02102211,
		[INVARIANT_ID_ISAR0] = 0x02101110,
		[INVARIANT_ID_ISAR1] = 0x13112111,
		[INVARIANT_ID_ISAR2] = 0x21232041,
		[INVARIANT_ID_ISAR3] = 0x11112131,
		[INVARIANT_ID_ISAR4] = 0x10011142,
	},
	.mvfr0 = 0x10110222,
	.mvfr1 = 0x11111111,
	.fpsid = 0x410430f0,
	.ccsidr = {
		[0] = 0x701fe00a, /* 32 KiB L1 data */
		[1] = 0x201fe00a, /* 32 KiB L1 instruction */
		[2] = 0x711fe07a, /* 2 MiB L2 unified */
	},
	.mpidr = 0x80000000,
	.actlr = 0x00000040,
	.l2ctlr = 0x02000000,
};
