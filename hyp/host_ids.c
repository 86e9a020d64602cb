/*
 * The host CPU's ID registers, and which bits of every register the world
 * switch loads this CPU implements. SET_ONE_REG accepts only values the CPU
 * can hold (abi/kvm_abi.c), so what the control VM sets is what the guest
 * sees, and no register value hypv7 loads can make it fault.
 */
#include "hyp/host_ids.h"

#include "arch/sysregs.h"

struct cpu_ids host_ids;

/*
 * A register's fixed bits from what reads back after writing all ones (a 0
 * there is RAZ), then all zeroes (a 1 there is RAO); the register then gets
 * its value back. No guest runs yet, and Hyp's own translation regime does
 * not use these PL1 registers. 32-bit registers go through the same
 * 64-bit path with `width` all ones in their low word.
 */
typedef uint64_t probe_read(void);
typedef void probe_write(uint64_t value);

static struct fixed_bits64 probe(probe_read *read, probe_write *write, uint64_t width)
{
	uint64_t saved = read();
	write(width);
	isb();
	uint64_t raz = ~read() & width;
	write(0);
	isb();
	uint64_t rao = read();
	write(saved);
	isb();
	return (struct fixed_bits64){ raz | rao, rao };
}

static struct fixed_bits32 probe32(probe_read *read, probe_write *write)
{
	struct fixed_bits64 f = probe(read, write, UINT32_MAX);
	return (struct fixed_bits32){ (uint32_t)f.mask, (uint32_t)f.value };
}

/* Accessors of every register the world switch loads, for probe(). */
#define ACCESSORS_32(name, read_expr, write_stmt) \
	static uint64_t read_reg_##name(void)     \
	{                                         \
		return read_expr;                 \
	}                                         \
	static void write_reg_##name(uint64_t v)  \
	{                                         \
		write_stmt;                       \
	}
#define SWITCHED_ACCESSORS(name, op1, crn, crm, op2) \
	ACCESSORS_32(name, read_cp15(op1, crn, crm, op2), write_cp15(op1, crn, crm, op2, v))
/* The guest's MPIDR is VMPIDR. */
#define VMPIDR_ACCESSORS(name, op1, crn, crm, op2) \
	ACCESSORS_32(name, read_VMPIDR(), write_VMPIDR(v))
#define EMULATED_ACCESSORS(...) /* only in the bank: every bit is free */
#define CP15_32(name, op1, crn, crm, op2, reset, how) how##_ACCESSORS(name, op1, crn, crm, op2)
#define CP15_64(name, op1, crm, reset, how) \
	ACCESSORS_32(name, read_cp15_64(op1, crm), write_cp15_64(op1, crm, v))
#include <hypv7/regs.def>
ACCESSORS_32(fpscr, read_fpscr(), write_fpscr((uint32_t)v))

static void probe_cp15(struct cpu_ids *ids)
{
#define SWITCHED_PROBE(name) \
	ids->cp15_fixed[CP15_SLOT_##name] = probe32(read_reg_##name, write_reg_##name);
#define VMPIDR_PROBE(name) SWITCHED_PROBE(name)
#define EMULATED_PROBE(name)
#define CP15_32(name, op1, crn, crm, op2, reset, how) how##_PROBE(name)
#define CP15_64(name, op1, crm, reset, how)       \
	ids->cp15_64_fixed[CP15_64_SLOT_##name] = \
	    probe(read_reg_##name, write_reg_##name, UINT64_MAX);
#include <hypv7/regs.def>
}

/* FPSCR's fixed bits (FPEXC and FPINST follow from FPSID: abi's rule).
 * Hyp reaches VFP only while HCPTR lets it and FPEXC.EN is set. */
static void probe_vfp(struct cpu_ids *ids)
{
	write_HCPTR(HCPTR_TTA);
	isb();
	uint32_t fpexc = read_fpexc();
	write_fpexc(fpexc | FPEXC_EN);
	isb();
	ids->vfp_fixed[VFP_SLOT_FPSCR] = probe32(read_reg_fpscr, write_reg_fpscr);
	write_fpexc(fpexc);
	isb();
}

static void read_ids(struct cpu_ids *ids)
{
#define INVARIANT_CP15(name, op1, crn, crm, op2) \
	ids->invariant[INVARIANT_##name] = read_cp15(op1, crn, crm, op2);
#include <hypv7/regs.def>
	ids->mvfr0 = read_mvfr0();
	ids->mvfr1 = read_mvfr1();
	ids->fpsid = read_fpsid();
	for (unsigned csselr = 0; csselr < NR_CSSELR; csselr++) {
		if (!abi_csselr_valid(ids, csselr))
			continue;
		write_CSSELR(csselr);
		isb();
		ids->ccsidr[csselr] = read_CCSIDR();
	}
	ids->mpidr = read_MPIDR();
	ids->actlr = read_ACTLR();
	ids->l2ctlr = read_L2CTLR();
}

void host_ids_read(void)
{
	read_ids(&host_ids);
	probe_cp15(&host_ids);
	probe_vfp(&host_ids);
}
