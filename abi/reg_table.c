/*
 * The one expansion of abi/regs.def into data (see reg_table.h).
 */
#include <stdbool.h>

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

#define TABLE_LEN (sizeof(abi_reg_table) / sizeof(abi_reg_table[0]))
_Static_assert(TABLE_LEN <= 256, "the sorted index holds table positions in a byte");

/*
 * Table positions sorted by id, so a lookup is a binary search: the table
 * itself stays in list order. Built on first use; the hypervisor's first
 * use is at boot, on one CPU.
 */
static uint8_t by_id[TABLE_LEN];
static bool by_id_built;

static void build_index(void)
{
	for (unsigned i = 0; i < TABLE_LEN; i++) {
		unsigned j = i;
		for (; j > 0 && abi_reg_table[by_id[j - 1]].id > abi_reg_table[i].id; j--)
			by_id[j] = by_id[j - 1];
		by_id[j] = (uint8_t)i;
	}
	by_id_built = true;
}

const struct abi_reg_desc *abi_reg_find(uint64_t id)
{
	if (!by_id_built)
		build_index();
	unsigned lo = 0, hi = TABLE_LEN;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct abi_reg_desc *d = &abi_reg_table[by_id[mid]];
		if (d->id == id)
			return d;
		if (d->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
