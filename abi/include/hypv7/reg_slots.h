/*
 * Where each register of <hypv7/regs.def> is kept in a vCPU's bank: the slot
 * numbers the register table (<hypv7/reg_table.h>) gives with each id.
 */
#ifndef HYPV7_REG_SLOTS_H
#define HYPV7_REG_SLOTS_H

#include "kvm.h"

#define NR_CORE_REGS (sizeof(struct kvm_regs) / sizeof(uint32_t))
#define NR_VFP_D_MAX 32
#define NR_CSSELR 12

/* Storage slots, numbered from the table by what each register needs. */
#define SLOT_SWITCHED(name) CP15_SLOT_##name,
#define SLOT_VMPIDR(name) CP15_SLOT_##name,
#define SLOT_EMULATED(name) CP15_SLOT_##name,
enum cp15_slot {
#define CP15_32(name, op1, crn, crm, op2, reset, how) SLOT_##how(name)
#include "regs.def"
	NR_CP15_SLOTS
};
enum cp15_64_slot {
#define CP15_64(name, op1, crm, reset, how) CP15_64_SLOT_##name,
#include "regs.def"
	NR_CP15_64_SLOTS
};
#define VFP_SLOT_STORAGE(name) VFP_SLOT_##name,
#define VFP_SLOT_INVARIANT(name)
enum vfp_slot {
#define VFP_CTL(name, vfpid, how) VFP_SLOT_##how(name)
#include "regs.def"
	NR_VFP_SLOTS
};
enum invariant_index {
#define INVARIANT_CP15(name, op1, crn, crm, op2) INVARIANT_##name,
#include "regs.def"
	NR_INVARIANT_CP15
};
#undef SLOT_SWITCHED
#undef SLOT_VMPIDR
#undef SLOT_EMULATED
#undef VFP_SLOT_STORAGE
#undef VFP_SLOT_INVARIANT

#endif /* HYPV7_REG_SLOTS_H */
