/* Access to CP15 system registers from Hyp mode. */
#ifndef HYPV7_SYSREGS_H
#define HYPV7_SYSREGS_H
#include <stdint.h>

/* Operands must be literal numbers: they become part of the instruction. */
#define read_cp15(op1, crn, crm, op2)                                                              \
	({                                                                                         \
		uint32_t v_;                                                                       \
		__asm__ volatile("mrc p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 : "=r"(v_)); \
		v_;                                                                                \
	})
#define write_cp15(op1, crn, crm, op2, val)                                   \
	__asm__ volatile("mcr p15, " #op1 ", %0, c" #crn ", c" #crm ", " #op2 \
			 :                                                    \
			 : "r"((uint32_t)(val)))
#define read_cp15_64(op1, crm)                                                                 \
	({                                                                                     \
		uint32_t lo_, hi_;                                                             \
		__asm__ volatile("mrrc p15, " #op1 ", %0, %1, c" #crm : "=r"(lo_), "=r"(hi_)); \
		((uint64_t)hi_ << 32) | lo_;                                                   \
	})
#define write_cp15_64(op1, crm, val)                          \
	__asm__ volatile("mcrr p15, " #op1 ", %0, %1, c" #crm \
			 :                                    \
			 : "r"((uint32_t)(val)), "r"((uint32_t)((val) >> 32)))

#define isb() __asm__ volatile("isb" ::: "memory")
/* Every guest translation (all VMIDs) goes, on every CPU of the Inner
 * Shareable domain: for VM resets and re-initialised vCPUs. */
#define tlb_flush_guests() write_cp15(4, 8, 3, 4, 0) /* TLBIALLNSNHIS */
#define dsb() __asm__ volatile("dsb" ::: "memory")

/* Every register hypv7 names, by name (the world switch's table-driven
 * loops over abi's register table are the only other users of the raw
 * accessors above). */

/* Identification */
#define read_MIDR() read_cp15(0, 0, 0, 0)
#define read_CTR() read_cp15(0, 0, 0, 1)
#define read_MPIDR() read_cp15(0, 0, 0, 5)
#define read_ID_PFR1() read_cp15(0, 0, 1, 1)
#define read_CLIDR() read_cp15(1, 0, 0, 1)
#define read_CCSIDR() read_cp15(1, 0, 0, 0)
#define write_CSSELR(v) write_cp15(2, 0, 0, 0, v)
#define read_ACTLR() read_cp15(0, 1, 0, 1)
#define write_ACTLR(v) write_cp15(0, 1, 0, 1, v)
/* Cortex-A15/A7 ACTLR.SMP: the core takes part in coherency. */
#define ACTLR_SMP (1u << 6)
#define read_L2CTLR() read_cp15(1, 9, 0, 2)
/* Cortex-A15/A7 L2CTLR[25:24]: the cluster's number of cores - 1. */
#define L2CTLR_NR_CORES_SHIFT 24
#define L2CTLR_NR_CORES_MASK 3u

/* The Non-secure PL1 registers Hyp looks at (the loaded guest's) */
#define read_SCTLR() read_cp15(0, 1, 0, 0)
#define read_TTBCR() read_cp15(0, 2, 0, 2)
#define read_VBAR() read_cp15(0, 12, 0, 0)
#define write_DFSR(v) write_cp15(0, 5, 0, 0, v)
#define write_IFSR(v) write_cp15(0, 5, 0, 1, v)
#define write_DFAR(v) write_cp15(0, 6, 0, 0, v)
#define write_IFAR(v) write_cp15(0, 6, 0, 2, v)
#define read_PAR() read_cp15_64(0, 7)
#define write_PAR(v) write_cp15_64(0, 7, v)
/* Stage 1+2 translation of a guest address, result in PAR */
#define write_ATS12NSOPR(va) write_cp15(0, 7, 8, 4, va)
#define write_ATS12NSOPW(va) write_cp15(0, 7, 8, 5, va)

/* Cache and TLB maintenance */
#define write_DCISW(setway) write_cp15(0, 7, 6, 2, setway)
#define write_DCCSW(setway) write_cp15(0, 7, 10, 2, setway)
#define write_DCCISW(setway) write_cp15(0, 7, 14, 2, setway)
#define write_DCCIMVAC(va) write_cp15(0, 7, 14, 1, va)
#define write_ICIALLU() write_cp15(0, 7, 5, 0, 0)
#define write_TLBIALLH() write_cp15(4, 8, 7, 0, 0)

/* Hyp-mode registers */
#define read_HSCTLR() read_cp15(4, 1, 0, 0)
#define write_HSCTLR(v) write_cp15(4, 1, 0, 0, v)
#define write_HMAIR0(v) write_cp15(4, 10, 2, 0, v)
#define write_HTCR(v) write_cp15(4, 2, 0, 2, v)
#define write_HTTBR(v) write_cp15_64(4, 2, v)
#define write_HTPIDR(v) write_cp15(4, 13, 0, 2, v)
#define write_HVBAR(v) write_cp15(4, 12, 0, 0, v)
#define write_HDCR(v) write_cp15(4, 1, 1, 1, v)
#define read_VMPIDR() read_cp15(4, 0, 0, 5)
#define HSR() read_cp15(4, 5, 2, 0)
#define HDFAR() read_cp15(4, 6, 0, 0)
#define HIFAR() read_cp15(4, 6, 0, 2)
#define HPFAR() read_cp15(4, 6, 0, 4)
#define write_HCR(v) write_cp15(4, 1, 1, 0, v)
#define write_HCPTR(v) write_cp15(4, 1, 1, 2, v)
#define write_HSTR(v) write_cp15(4, 1, 1, 3, v)
#define write_VPIDR(v) write_cp15(4, 0, 0, 0, v)
#define write_VMPIDR(v) write_cp15(4, 0, 0, 5, v)
#define write_VTCR(v) write_cp15(4, 2, 1, 2, v)
#define write_VTTBR(v) write_cp15_64(6, 2, v)
#define write_CNTVOFF(v) write_cp15_64(4, 14, v)
#define read_CNTPCT() read_cp15_64(0, 14)
#define write_CNTHCTL(v) write_cp15(4, 14, 1, 0, v)
#define read_CNTFRQ() read_cp15(0, 14, 0, 0)
/* QEMU's generic timer rate, assumed when firmware left CNTFRQ at 0. */
#define CNTFRQ_FALLBACK_HZ 62500000u
static inline uint32_t generic_timer_hz(void)
{
	uint32_t hz = read_CNTFRQ();
	return hz ? hz : CNTFRQ_FALLBACK_HZ;
}
#define write_CNTHP_TVAL(v) write_cp15(4, 14, 2, 0, v)
#define write_CNTHP_CTL(v) write_cp15(4, 14, 2, 1, v)
#define write_CNTHP_CVAL(v) write_cp15_64(6, 14, v)
#define read_CNTV_CTL() read_cp15(0, 14, 3, 1)
#define write_CNTV_CTL(v) write_cp15(0, 14, 3, 1, v)
#define read_CNTV_CVAL() read_cp15_64(3, 14)
#define write_CNTV_CVAL(v) write_cp15_64(3, 14, v)

/* VFP system registers (Hyp reaches them while HCPTR lets it) */
#define FPU_ASM ".fpu neon-vfpv4\n"
#define VFP_ACCESSORS(reg)                                                 \
	static inline uint32_t read_##reg(void)                            \
	{                                                                  \
		uint32_t v_;                                               \
		__asm__ volatile(FPU_ASM "vmrs %0, " #reg : "=r"(v_));     \
		return v_;                                                 \
	}                                                                  \
	static inline void write_##reg(uint32_t v_)                        \
	{                                                                  \
		__asm__ volatile(FPU_ASM "vmsr " #reg ", %0" : : "r"(v_)); \
	}
VFP_ACCESSORS(fpexc)
VFP_ACCESSORS(fpscr)
VFP_ACCESSORS(fpinst)
VFP_ACCESSORS(fpinst2)
static inline uint32_t read_fpsid(void)
{
	uint32_t v;
	__asm__ volatile(FPU_ASM "vmrs %0, fpsid" : "=r"(v));
	return v;
}
static inline uint32_t read_mvfr0(void)
{
	uint32_t v;
	__asm__ volatile(FPU_ASM "vmrs %0, mvfr0" : "=r"(v));
	return v;
}
static inline uint32_t read_mvfr1(void)
{
	uint32_t v;
	__asm__ volatile(FPU_ASM "vmrs %0, mvfr1" : "=r"(v));
	return v;
}

/* HCR bits */
#define HCR_VM (1u << 0)
#define HCR_SWIO (1u << 1)
#define HCR_PTW (1u << 2)
#define HCR_FMO (1u << 3)
#define HCR_IMO (1u << 4)
#define HCR_AMO (1u << 5)
#define HCR_VF (1u << 6)
#define HCR_VI (1u << 7)
#define HCR_TWI (1u << 13)
#define HCR_TWE (1u << 14)
#define HCR_TSW (1u << 22) /* data cache set/way maintenance */
#define HCR_TSC (1u << 19)
#define HCR_TIDCP (1u << 20)
#define HCR_TAC (1u << 21)
/* Stage 2 on, physical interrupts to Hyp, WFI/WFE, SMC, set/way cache
 * maintenance, ACTLR and implementation-defined registers trapped: a guest
 * cannot reach Hyp, nor throw away lines of the caches it shares. */
#define HCR_GUEST                                                                                  \
	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TWE | HCR_TSC | \
	 HCR_TSW | HCR_TIDCP | HCR_TAC)

/* HCPTR: trap VFP/NEON (coprocessors 10 and 11) */
#define HCPTR_TCP10 (1u << 10)
#define HCPTR_TCP11 (1u << 11)
#define HCPTR_VFP (HCPTR_TCP10 | HCPTR_TCP11)
#define HCPTR_TTA (1u << 20) /* trace registers: never the guests' */

/* HDCR: trap debug ROM, OS-lock/power-down and other debug registers */
#define HDCR_TDA (1u << 9)
#define HDCR_TDOSA (1u << 10)
#define HDCR_TDRA (1u << 11)

/* CNTHCTL: PL1 may read the physical counter, not use the physical timer */
#define CNTHCTL_PL1PCTEN (1u << 0)
#endif
