/*
 * The one expansion of abi/regs.def into data (see reg_table.h).
 */
#include "reg_table.h"

#define ID32(coproc) (KVM_REG_ARM | KVM_REG_SIZE_U32 | (coproc))
#define ID64(coproc) (KVM_REG_ARM | KVM_REG_SIZE_U64 | (coproc))

#define DESC(id, name, kind, slot) { (id), (name), (kind), (slot) },

#define VFP_CTL_STORAGE(name, vfpid) \
	DESC(ID32(KVM_REG_ARM_VFP | (vfpid)), #name, ABI_REG_VFP_CTL, VFP_SLOT_##name)
#define VFP_CTL_INVARIANT(name, vfpid) \
	DESC(ID32(KVM_REG_ARM_VFP | (vfpid)), #name, ABI_REG_VFP_INVARIANT, 0)

const struct abi_reg_desc abi_reg_table[] = {
#define FW_REG(name, index) \
	DESC(KVM_REG_ARM_FW_REG(index), #name, ABI_REG_FW, index)
#define TIMER_REG(name, id) DESC(id, #name, ABI_REG_TIMER, 0)
#define INVARIANT_CP15(name, op1, crn, crm, op2) \
	DESC(ARM_CP15_REG32(op1, crn, crm, op2), #name, ABI_REG_INVARIANT, INVARIANT_##name)
#define CP15_32(name, op1, crn, crm, op2, reset, how) \
	DESC(ARM_CP15_REG32(op1, crn, crm, op2), #name, ABI_REG_CP15_32, CP15_SLOT_##name)
#define CP15_64(name, op1, crm, reset, how) \
	DESC(ARM_CP15_REG64(op1, crm), #name, ABI_REG_CP15_64, CP15_64_SLOT_##name)
#define CP15_32_VIEW(name, op1, crn, crm, op2, of64) \
	DESC(ARM_CP15_REG32(op1, crn, crm, op2), #name, ABI_REG_CP15_VIEW, CP15_64_SLOT_##of64)
#define VFP_D(n) DESC(ID64(KVM_REG_ARM_VFP | (n)), "D" #n, ABI_REG_VFP_D, n)
#define VFP_CTL(name, vfpid, how) VFP_CTL_##how(name, vfpid)
#define DEMUX_CCSIDR(csselr)                                               \
	DESC(ID32(KVM_REG_ARM_DEMUX | KVM_REG_ARM_DEMUX_ID_CCSIDR | (csselr)), \
	     "CCSIDR[" #csselr "]", ABI_REG_CCSIDR, csselr)
#include "regs.def"
};

const unsigned abi_reg_table_len = sizeof(abi_reg_table) / sizeof(abi_reg_table[0]);

const struct abi_core_desc abi_core_table[] = {
#define CORE_REG(field, short) \
	[KVM_REG_ARM_CORE_REG(field)] = { KVM_REG_ARM_CORE_REG(field), #field, #short },
#include "core_regs.def"
};

_Static_assert(sizeof(abi_core_table) / sizeof(abi_core_table[0]) == NR_CORE_REGS,
	       "core_regs.def must name every word of struct kvm_regs");

const struct abi_reg_desc *abi_reg_find(uint64_t id)
{
	for (unsigned i = 0; i < abi_reg_table_len; i++)
		if (abi_reg_table[i].id == id)
			return &abi_reg_table[i];
	return NULL;
}
