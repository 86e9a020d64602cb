/*
 * SET_ONE_REG takes only values the CPU can hold (docs/abi.md 4.1): a bit
 * the CPU reads as zero (or one) whatever is written gives -EINVAL and
 * changes nothing. The control VM learns the truth from its own copy of
 * each register (write all ones / all zeroes, read back, restore) and
 * compares hypv7's answers on the worker with it. Then FPEXC.EX, which once
 * made hypv7 execute an UNDEFINED VMSR FPINST in Hyp mode on Cortex-A15, is
 * refused, and the worker runs on using VFP.
 */
#include <stdint.h>

#include "ctl.h"
#include "tap.h"
#include "worker_regs.h"

#define WORKER_VM 1u
#define NR_PROBED 6u
#define NR_TESTS (1 + 3 * NR_PROBED + 6)

#define ID_CP15(op1, crn, crm, op2) ARM_CP15_REG32(op1, crn, crm, op2)
#define ID_VFP(r) (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_VFP | (r))
#define ID_CPSR                                              \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | \
	 KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr))
#define FPEXC_EN 0x40000000u
#define FPEXC_EX 0x80000000u
#define FPINST_SAMPLE 0xee000a10u
#define FPSID_SUBARCH(fpsid) (((fpsid) >> 16) & 0x7fu)
#define FPSID_VFPV2_COMMON 1u /* the only subarchitecture with FPINST here */
#define CPSR_J 0x01000000u
#define TIMER_CTL_BIT3 0x8u
#define SET_FPSCR_AFTER 0x03000000u /* DN | FZ: the worker must see it */

/* What a register of this CPU holds after all ones and all zeroes. */
struct probe {
	uint32_t ones, zeroes;
};

#define CP15_PROBE(op1, crn, crm, op2)                                                     \
	static struct probe probe_##op1##_##crn##_##crm##_##op2(void)                      \
	{                                                                                  \
		struct probe p;                                                            \
		uint32_t saved, all = UINT32_MAX, none = 0;                                \
		__asm__ volatile("mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2      \
				 : "=r"(saved));                                           \
		__asm__ volatile("mcr p15, " #op1 ", %1, c" #crn ", c" #crm ", " #op2 "\n" \
				 "isb\n"                                                   \
				 "mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2      \
				 : "=r"(p.ones)                                            \
				 : "r"(all));                                              \
		__asm__ volatile("mcr p15, " #op1 ", %1, c" #crn ", c" #crm ", " #op2 "\n" \
				 "isb\n"                                                   \
				 "mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2      \
				 : "=r"(p.zeroes)                                          \
				 : "r"(none));                                             \
		__asm__ volatile("mcr p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 "\n" \
				 "isb"                                                     \
				 :                                                         \
				 : "r"(saved)                                              \
				 : "memory");                                              \
		return p;                                                                  \
	}

/* Registers this VM can rewrite for a moment without harm (MMU off). */
CP15_PROBE(2, 0, 0, 0)  /* CSSELR */
CP15_PROBE(0, 1, 0, 2)  /* CPACR */
CP15_PROBE(0, 5, 1, 0)  /* ADFSR */
CP15_PROBE(0, 10, 3, 0) /* AMAIR0 */
CP15_PROBE(0, 12, 0, 0) /* VBAR */

static struct probe probe_fpscr(void)
{
	struct probe p;
	uint32_t saved, all = UINT32_MAX, none = 0;
	__asm__ volatile("vmrs %0, fpscr" : "=r"(saved));
	__asm__ volatile("vmsr fpscr, %1\n\tvmrs %0, fpscr" : "=r"(p.ones) : "r"(all));
	__asm__ volatile("vmsr fpscr, %1\n\tvmrs %0, fpscr" : "=r"(p.zeroes) : "r"(none));
	__asm__ volatile("vmsr fpscr, %0" : : "r"(saved));
	return p;
}

static uint32_t read_fpsid(void)
{
	uint32_t v;
	__asm__ volatile("vmrs %0, fpsid" : "=r"(v));
	return v;
}

static uint32_t handle;

/* 0 or -EINVAL as the CPU's bits predict, and the register keeps the old
 * value on -EINVAL; three results per register. */
static void check_register(const char *name, uint64_t id, struct probe p)
{
	uint64_t before = 0, after = 0;
	bool raz = p.ones != UINT32_MAX, rao = p.zeroes != 0;

	ctl_get(handle, id, &before);
	int err = ctl_set(handle, id, UINT32_MAX);
	ctl_get(handle, id, &after);
	tap_ok(err == (raz ? -LNX_EINVAL : 0) && after == (raz ? before : UINT32_MAX),
	       "%s: SET of all ones %s (%d, reads 0x%08lx; the CPU keeps 0x%08lx)", name,
	       raz ? "refused" : "accepted", err, (unsigned long)after, (unsigned long)p.ones);
	err = ctl_set(handle, id, 0);
	ctl_get(handle, id, &after);
	tap_ok(err == (rao ? -LNX_EINVAL : 0), "%s: SET of zero %s (%d; the CPU keeps 0x%08lx)",
	       name, rao ? "refused" : "accepted", err, (unsigned long)p.zeroes);
	err = ctl_set(handle, id, p.ones);
	ctl_get(handle, id, &after);
	tap_ok(err == 0 && after == p.ones, "%s: SET of what the CPU holds (0x%08lx) accepted",
	       name, (unsigned long)p.ones);
	ctl_set(handle, id, before);
}

static void check_probed(void)
{
	check_register("CSSELR", ID_CP15(2, 0, 0, 0), probe_2_0_0_0());
	check_register("CPACR", ID_CP15(0, 1, 0, 2), probe_0_1_0_2());
	check_register("ADFSR", ID_CP15(0, 5, 1, 0), probe_0_5_1_0());
	check_register("AMAIR0", ID_CP15(0, 10, 3, 0), probe_0_10_3_0());
	check_register("VBAR", ID_CP15(0, 12, 0, 0), probe_0_12_0_0());
	check_register("FPSCR", ID_VFP(KVM_REG_ARM_VFP_FPSCR), probe_fpscr());
}

/* FPEXC.EX and FPINST exist only on a VFPv2 of the common subarchitecture. */
static void check_vfp_exceptions(void)
{
	uint32_t sub = FPSID_SUBARCH(read_fpsid());
	bool has_fpinst = sub == FPSID_VFPV2_COMMON;
	int want = has_fpinst ? 0 : -LNX_EINVAL;
	uint64_t fpexc = 0;

	tap_is_u32((uint32_t)ctl_set(handle, ID_VFP(KVM_REG_ARM_VFP_FPEXC), FPEXC_EX | FPEXC_EN),
		   (uint32_t)want, "FPEXC.EX: refused unless the VFP has FPINST");
	tap_is_u32((uint32_t)ctl_set(handle, ID_VFP(KVM_REG_ARM_VFP_FPINST), FPINST_SAMPLE),
		   (uint32_t)want, "FPINST: refused unless the VFP has it");
	tap_ok(ctl_set(handle, ID_VFP(KVM_REG_ARM_VFP_FPEXC), FPEXC_EN) == 0 &&
		   !ctl_get(handle, ID_VFP(KVM_REG_ARM_VFP_FPEXC), &fpexc) && fpexc == FPEXC_EN,
	       "FPEXC.EN alone accepted");
}

static void check_core_and_timer(void)
{
	uint64_t cpsr = 0;
	ctl_get(handle, ID_CPSR, &cpsr);
	tap_is_u32((uint32_t)ctl_set(handle, ID_CPSR, cpsr | CPSR_J), (uint32_t)-LNX_EINVAL,
		   "CPSR.J (no Jazelle or ThumbEE state): refused");
	tap_is_u32((uint32_t)ctl_set(handle, KVM_REG_ARM_TIMER_CTL, TIMER_CTL_BIT3),
		   (uint32_t)-LNX_EINVAL, "TIMER_CTL bit 3: refused");
}

/* The worker resumes and touches VFP (REPORT stores its VFP registers):
 * its state comes back into the CPU, and hypv7 survives it. */
static void check_worker_runs(void)
{
	struct mbox m;
	uint32_t seq = 0;
	int err = ctl_set(handle, ID_VFP(KVM_REG_ARM_VFP_FPSCR), SET_FPSCR_AFTER);
	err = err ? err : ctl_mbox_post(WORKER_VM, MBOX_CMD_REPORT, &seq);
	err = err ? err : hv_vcpu_resume(handle);
	err = err ? err : ctl_mbox_wait_done(WORKER_VM, seq, &m);
	tap_ok(!err && m.data[REP_FPSCR] == SET_FPSCR_AFTER,
	       "the worker runs on with VFP and sees FPSCR as set (%d)", err);
}

int main(void)
{
	tap_plan(NR_TESTS);
	handle = ctl_handle(WORKER_VM);
	tap_ok(ctl_mbox_wait_ready(WORKER_VM) == 0 && ctl_pause(handle) == 0,
	       "worker is up and paused");
	check_probed();
	check_vfp_exceptions();
	check_core_and_timer();
	check_worker_runs();
	return tap_done();
}
