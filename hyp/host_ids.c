/*
 * The host CPU's ID registers, and which bits of every register the world
 * switch loads this CPU implements. SET_ONE_REG accepts only values the CPU
 * can hold (abi/kvm_abi.c), so what the control VM sets is what the guest
 * sees, and no register value hypv7 loads can make it fault.
 */
#include "hyp/host_ids.h"

#include "arch/sysregs.h"

#define FPU_ASM ".fpu neon-vfpv4\n"

struct cpu_ids host_ids;

/*
 * The fixed bits from what reads back after writing all ones (a 0 there is
 * RAZ), then all zeroes (a 1 there is RAO); the register then gets its
 * value back. No guest runs yet, and Hyp's own translation regime does not
 * use these PL1 registers.
 */
#define PROBE_CP15_32(fixed, op1, crn, crm, op2)                         \
	do {                                                             \
		uint32_t saved_ = read_cp15(op1, crn, crm, op2);         \
		write_cp15(op1, crn, crm, op2, UINT32_MAX);              \
		isb();                                                   \
		uint32_t raz_ = ~read_cp15(op1, crn, crm, op2);          \
		write_cp15(op1, crn, crm, op2, 0);                       \
		isb();                                                   \
		uint32_t rao_ = read_cp15(op1, crn, crm, op2);           \
		(fixed) = (struct fixed_bits32){ raz_ | rao_, rao_ };    \
		write_cp15(op1, crn, crm, op2, saved_);                  \
		isb();                                                   \
	} while (0)
#define PROBE_CP15_64(fixed, op1, crm)                                   \
	do {                                                             \
		uint64_t saved_ = read_cp15_64(op1, crm);                \
		write_cp15_64(op1, crm, UINT64_MAX);                     \
		isb();                                                   \
		uint64_t raz_ = ~read_cp15_64(op1, crm);                 \
		write_cp15_64(op1, crm, (uint64_t)0);                    \
		isb();                                                   \
		uint64_t rao_ = read_cp15_64(op1, crm);                  \
		(fixed) = (struct fixed_bits64){ raz_ | rao_, rao_ };    \
		write_cp15_64(op1, crm, saved_);                         \
		isb();                                                   \
	} while (0)

/* VMPIDR, the MPIDR a guest reads. */
#define VMPIDR_OPS 4, 0, 0, 5

static void probe_cp15(struct cpu_ids *ids)
{
#define PROBE_SWITCHED(name, op1, crn, crm, op2) \
	PROBE_CP15_32(ids->cp15_fixed[CP15_SLOT_##name], op1, crn, crm, op2);
#define PROBE_VMPIDR_(fixed, ...) PROBE_CP15_32(fixed, __VA_ARGS__)
#define PROBE_VMPIDR(name, op1, crn, crm, op2) \
	PROBE_VMPIDR_(ids->cp15_fixed[CP15_SLOT_##name], VMPIDR_OPS);
#define PROBE_EMULATED(...) /* only in the bank: every bit is free */
#define CP15_32(name, op1, crn, crm, op2, reset, how) PROBE_##how(name, op1, crn, crm, op2)
#define CP15_64(name, op1, crm, reset, how) \
	PROBE_CP15_64(ids->cp15_64_fixed[CP15_64_SLOT_##name], op1, crm);
#include <hypv7/regs.def>
}

static uint32_t read_fpscr(void)
{
	uint32_t v;
	__asm__ volatile(FPU_ASM "vmrs %0, fpscr" : "=r"(v));
	return v;
}

static void write_fpscr(uint32_t v)
{
	__asm__ volatile(FPU_ASM "vmsr fpscr, %0" : : "r"(v));
	isb();
}

static uint32_t read_fpexc(void)
{
	uint32_t v;
	__asm__ volatile(FPU_ASM "vmrs %0, fpexc" : "=r"(v));
	return v;
}

static void write_fpexc(uint32_t v)
{
	__asm__ volatile(FPU_ASM "vmsr fpexc, %0" : : "r"(v));
	isb();
}

/* FPSCR's fixed bits (FPEXC and FPINST follow from FPSID: abi's rule).
 * Hyp reaches VFP only while HCPTR lets it and FPEXC.EN is set. */
static void probe_vfp(struct cpu_ids *ids)
{
	struct fixed_bits32 *fpscr = &ids->vfp_fixed[VFP_SLOT_FPSCR];
	write_HCPTR(HCPTR_TTA);
	isb();
	uint32_t fpexc = read_fpexc();
	write_fpexc(fpexc | FPEXC_EN);
	uint32_t saved = read_fpscr();
	write_fpscr(UINT32_MAX);
	uint32_t raz = ~read_fpscr();
	write_fpscr(0);
	uint32_t rao = read_fpscr();
	*fpscr = (struct fixed_bits32){ raz | rao, rao };
	write_fpscr(saved);
	write_fpexc(fpexc);
}

static void read_ids(struct cpu_ids *ids)
{
#define INVARIANT_CP15(name, op1, crn, crm, op2) \
	ids->invariant[INVARIANT_##name] = read_cp15(op1, crn, crm, op2);
#include <hypv7/regs.def>
	__asm__ volatile(FPU_ASM "vmrs %0, mvfr0\n"
				 "vmrs %1, mvfr1\n"
				 "vmrs %2, fpsid"
			 : "=r"(ids->mvfr0), "=r"(ids->mvfr1), "=r"(ids->fpsid));
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
