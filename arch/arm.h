/* ARMv7-A architectural constants shared by assembly and C. */
#ifndef HYPV7_ARM_H
#define HYPV7_ARM_H

#define MODE_MASK_BITS 0x1f
#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_MON 0x16
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define MODE_SYS 0x1f
#define CPSR_F (1 << 6)
#define CPSR_I (1 << 7)
#define CPSR_A (1 << 8)
#define CPSR_AIF (CPSR_A | CPSR_I | CPSR_F)
#define CPSR_T (1 << 5)
#define CPSR_E (1 << 9)
#define CPSR_J (1 << 24)
/* ITSTATE, in two parts: IT[1:0] at 26:25, IT[7:2] at 15:10 */
#define CPSR_IT_LOW_SHIFT 25
#define CPSR_IT_HIGH_SHIFT 10
#define CPSR_IT_LOW_MASK (3u << CPSR_IT_LOW_SHIFT)
#define CPSR_IT_HIGH_MASK (0x3fu << CPSR_IT_HIGH_SHIFT)

/* ID_PFR1 fields */
#define ID_PFR1_SECURITY_SHIFT 4
#define ID_PFR1_VIRT_SHIFT 12
#define ID_PFR1_FIELD_MASK 0xf

/* SCR (Secure Configuration Register) */
#define SCR_NS (1 << 0)
#define SCR_FW (1 << 4)
#define SCR_AW (1 << 5)
#define SCR_HCE (1 << 8)

/* NSACR: let the Non-secure side use VFP/NEON and the SMP bit */
#define NSACR_CP10 (1 << 10)
#define NSACR_CP11 (1 << 11)
#define NSACR_NS_SMP (1 << 18)

/* MPIDR */
#define MPIDR_AFF0_MASK 0xff

/* SCTLR / HSCTLR */
#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_V (1 << 13)
#define SCTLR_I (1 << 12)
#define SCTLR_EE (1 << 25)
#define SCTLR_TE (1 << 30)

/* TTBCR.EAE: the long-descriptor (LPAE) translation format */
#define TTBCR_EAE (1u << 31)

#ifndef __ASSEMBLY__
/* Stops this CPU for good (interrupts may wake it; it sleeps again). */
/* Instruction sizes: ARM and 32-bit Thumb, 16-bit Thumb. */
#define ARM_INSN_SIZE 4u
#define THUMB16_INSN_SIZE 2u

/* Sleeps until an interrupt is pending, masked or not. */
static inline void wait_for_interrupt(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}

static inline void __attribute__((noreturn)) cpu_halt(void)
{
	for (;;)
		wait_for_interrupt();
}
#endif

#endif
