/*
 * Register id <-> text, for crash dumps, logs, tools and tests.
 * Freestanding: formats into caller buffers, no libc.
 *
 * Description format, "<class> <name> [(<fields>)] <size>":
 *   core usr_regs.ARM_r0 (r0) u32        core svc_regs[0] (SP_svc) u32
 *   fw PSCI_VERSION u64                  timer TIMER_CTL (op1=0 CRn=14 CRm=3 op2=1) u32
 *   cp15 SCTLR (op1=0 CRn=1 CRm=0 op2=0) u32
 *   cp15 TTBR0_64 (op1=0 CRm=2) u64      vfp D5 u64      vfp FPSCR u32
 *   demux CCSIDR[csselr=1] u32
 * An id that is not exactly a known register gets "?" as its name and its
 * fields decoded, e.g. "cp15 ? (op1=0 CRn=14 CRm=2 op2=1) u32",
 * "core ? (index=38) u32", "coproc 0x013 ? (low=0x0000) u32",
 * "invalid (arch=0x60 bits32_51=0x00000 low=0x00000000) u64".
 */
#ifndef HYPV7_ABI_REGNAME_H
#define HYPV7_ABI_REGNAME_H

#include <stddef.h>
#include <stdint.h>

/* Room for the longest description, NUL included. */
#define REGNAME_DESC_MAX 96

/*
 * Writes the description of `id` into buf (always NUL-terminated when
 * len > 0, truncated if short).  Returns the length written.
 */
size_t regname_describe(uint64_t id, char *buf, size_t len);

/*
 * The short name of a known register ("SCTLR", "r0", "SP_svc", "D17",
 * "CCSIDR[2]", "PSCI_VERSION", "TIMER_CNT"), or NULL.
 */
const char *regname_short(uint64_t id);

/*
 * Parses a register name into its id.  Accepts, case-insensitively:
 * short names (SCTLR, TTBR0_64, D17, FPSCR, r0..r15, pc, cpsr, SP_svc,
 * PSCI_VERSION, TIMER_CNT), struct kvm_regs fields (usr_regs.ARM_r0,
 * svc_regs[0]), Linux's KVM_REG_ARM_ prefix (KVM_REG_ARM_TIMER_CTL),
 * CCSIDR[n] / CCSIDR[csselr=n], raw cp15:op1,crn,crm,op2 and
 * cp15_64:op1,crm, and any id in hex (0x4020...).
 * Returns 0, -ENOENT for an unknown name or -EINVAL for a malformed one.
 */
int regname_parse(const char *text, uint64_t *id);

#endif /* HYPV7_ABI_REGNAME_H */
