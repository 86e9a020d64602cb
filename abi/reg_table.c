/*
 * The one expansion of abi/include/hypv7/regs.def into data (see reg_table.h).
 */
#include <stdbool.h>
#include <stddef.h>

#include <hypv7/id_index.h>
#include <hypv7/reg_table.h>

#define ID32(coproc) (KVM_REG_ARM | KVM_REG_SIZE_U32 | (coproc))
#define ID64(coproc) (KVM_REG_ARM | KVM_REG_SIZE_U64 | (coproc))

#define DESC(id, name, kind, slot) { (id), (name), (kind), (slot) },

#define VFP_CTL_STORAGE(name, vfpid) \
	DESC(ID32(KVM_REG_ARM_VFP | (vfpid)), #name, ABI_REG_VFP_CTL, VFP_SLOT_##name)
#define VFP_CTL_INVARIANT(name, vfpid) \
	DESC(ID32(KVM_REG_ARM_VFP | (vfpid)), #name, ABI_REG_VFP_INVARIANT, 0)

const struct abi_reg_desc abi_reg_table[] = {
#define FW_REG(name, index) DESC(KVM_REG_ARM_FW_REG(index), #name, ABI_REG_FW, index)
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
#define DEMUX_CCSIDR(csselr)                                                   \
	DESC(ID32(KVM_REG_ARM_DEMUX | KVM_REG_ARM_DEMUX_ID_CCSIDR | (csselr)), \
	     "CCSIDR[" #csselr "]", ABI_REG_CCSIDR, csselr)
#include <hypv7/regs.def>
};

const unsigned abi_reg_table_len = sizeof(abi_reg_table) / sizeof(abi_reg_table[0]);
_Static_assert(sizeof(abi_reg_table) / sizeof(abi_reg_table[0]) == ABI_REG_TABLE_ROWS,
	       "ABI_REG_TABLE_ROWS counts every row of regs.def");

const struct abi_core_desc abi_core_table[] = {
#define CORE_REG(field, short) \
	[KVM_REG_ARM_CORE_REG(field)] = { KVM_REG_ARM_CORE_REG(field), #field, #short },
#include <hypv7/core_regs.def>
};

_Static_assert(sizeof(abi_core_table) / sizeof(abi_core_table[0]) == NR_CORE_REGS,
	       "core_regs.def must name every word of struct kvm_regs");

#define TABLE_LEN (sizeof(abi_reg_table) / sizeof(abi_reg_table[0]))
_Static_assert(TABLE_LEN <= ID_INDEX_MAX_IDS, "the id index holds the whole table");

/*
 * Table positions by the id, so a lookup costs a few instructions whatever
 * the table's size; the table itself stays in list order. Built by
 * abi_reg_table_init (the hypervisor's boot) or on first use.
 */
static struct id_index by_id;
static bool by_id_built;

void abi_reg_table_init(void)
{
	id_index_build(&by_id, &abi_reg_table[0].id, sizeof(abi_reg_table[0]), TABLE_LEN);
	by_id_built = true;
}

const struct abi_reg_desc *abi_reg_find(uint64_t id)
{
	if (!by_id_built)
		abi_reg_table_init();
	int i = id_index_find(&by_id, &abi_reg_table[0].id, sizeof(abi_reg_table[0]), id);
	return i < 0 ? NULL : &abi_reg_table[i];
}
