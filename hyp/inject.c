/* Exceptions made for a guest (hyp/inject.h). */
#include "hyp/inject.h"

#include "arch/arm.h"
#include "arch/hsr.h"
#include "arch/sysregs.h"
#include "hyp/switch.h"
#include "hyp/vm.h"

/* Offsets in the vector table (ARM ARM B1.8.1). */
#define VECTOR_UNDEF 0x04u
#define VECTOR_PABT 0x0cu
#define VECTOR_DABT 0x10u
/* SCTLR.V: the vectors at 0xffff0000 instead of VBAR. */
#define HIGH_VECTORS 0xffff0000u

/* The return address each exception leaves in LR, from the faulting
 * instruction's address: an undefined instruction's is the next one's,
 * an abort's a fixed offset whatever the instruction set (B1.8.3). */
#define PABT_LR_OFFSET 4u
#define DABT_LR_OFFSET 8u

/* Fault status: a synchronous external abort, in the short-descriptor
 * format (FS 0b01000) or, with TTBCR.EAE, the long one (LPAE bit 9,
 * STATUS 0b010000). WnR in the DFSR says a write. */
#define FSR_SYNC_EXTERNAL_SHORT 0x008u
#define FSR_SYNC_EXTERNAL_LPAE 0x210u
#define DFSR_WNR (1u << 11)

/* The mode bits that survive an exception (flags, GE, masks); the rest
 * are what the exception sets (B1.8.3 "CPSR on exception entry"). */
#define CPSR_CLEARED_ON_ENTRY \
	(MODE_MASK_BITS | CPSR_T | CPSR_E | CPSR_J | CPSR_IT_LOW_MASK | CPSR_IT_HIGH_MASK)

static void enter_exception(struct vcpu *v, uint32_t mode, uint32_t lr_offset, uint32_t vector,
			    uint32_t also_masked)
{
	uint32_t sctlr = read_SCTLR();
	uint32_t cpsr = (uint32_t)v->bank.core.usr_regs.ARM_cpsr;
	uint32_t pc = (uint32_t)v->bank.core.usr_regs.ARM_pc;
	vcpu_set_exception_regs(v, mode, pc + lr_offset, cpsr);
	uint32_t entry = (cpsr & ~CPSR_CLEARED_ON_ENTRY) | mode | CPSR_I | also_masked;
	if (sctlr & SCTLR_TE)
		entry |= CPSR_T;
	if (sctlr & SCTLR_EE)
		entry |= CPSR_E;
	v->bank.core.usr_regs.ARM_cpsr = (long)entry;
	v->bank.core.usr_regs.ARM_pc =
	    (long)(((sctlr & SCTLR_V) ? HIGH_VECTORS : read_VBAR()) + vector);
}

void inject_undef(struct vcpu *v, uint32_t hsr)
{
	bool thumb = (uint32_t)v->bank.core.usr_regs.ARM_cpsr & CPSR_T;
	uint32_t size = !thumb || (hsr & HSR_IL) ? ARM_INSN_SIZE : THUMB16_INSN_SIZE;
	enter_exception(v, MODE_UND, size, VECTOR_UNDEF, 0);
}

static uint32_t external_abort_status(void)
{
	return (read_TTBCR() & TTBCR_EAE) ? FSR_SYNC_EXTERNAL_LPAE : FSR_SYNC_EXTERNAL_SHORT;
}

void inject_data_abort(struct vcpu *v, uint32_t va, bool write)
{
	write_DFSR(external_abort_status() | (write ? DFSR_WNR : 0));
	write_DFAR(va);
	enter_exception(v, MODE_ABT, DABT_LR_OFFSET, VECTOR_DABT, CPSR_A);
}

void inject_prefetch_abort(struct vcpu *v, uint32_t va)
{
	write_IFSR(external_abort_status());
	write_IFAR(va);
	enter_exception(v, MODE_ABT, PABT_LR_OFFSET, VECTOR_PABT, CPSR_A);
}
