/*
 * The register table of abi/include/hypv7/regs.def and abi/include/hypv7/core_regs.def expanded into
 * data: one descriptor per id, in KVM_GET_REG_LIST order.  The ABI
 * operations (kvm_abi.c), the decoder (regname.c), crash dumps and tests
 * all read this one expansion instead of spelling registers again.
 */
#ifndef HYPV7_ABI_REG_TABLE_H
#define HYPV7_ABI_REG_TABLE_H

#include <stdint.h>

#include "reg_slots.h"

/* Where a register's value lives; decides GET/SET behaviour. */
enum abi_reg_kind {
	ABI_REG_FW,            /* firmware pseudo-register (VM or host state) */
	ABI_REG_TIMER,         /* virtual timer, matched by exact id */
	ABI_REG_INVARIANT,     /* host cp15 ID register, slot = invariant idx */
	ABI_REG_CP15_32,       /* bank.cp15[slot] */
	ABI_REG_CP15_64,       /* bank.cp15_64[slot] */
	ABI_REG_CP15_VIEW,     /* low word of bank.cp15_64[slot] */
	ABI_REG_VFP_D,         /* bank.vfp_d[slot]; listed if slot < nr D */
	ABI_REG_VFP_CTL,       /* bank.vfp[slot] */
	ABI_REG_VFP_INVARIANT, /* host MVFR0/MVFR1/FPSID */
	ABI_REG_CCSIDR,        /* host CCSIDR[slot]; listed if CLIDR says so */
};

struct abi_reg_desc {
	uint64_t id;
	const char *name; /* the short name, as in regs.def */
	uint8_t kind;     /* enum abi_reg_kind */
	uint8_t slot;
};

/* The number of table rows, counted from regs.def itself (one per id the
 * table can list), for arrays that hold a whole register list. */
enum {
	ABI_REG_TABLE_ROWS = 0
#define FW_REG(name, index) +1
#define TIMER_REG(name, id) +1
#define INVARIANT_CP15(name, op1, crn, crm, op2) +1
#define CP15_32(name, op1, crn, crm, op2, reset, how) +1
#define CP15_64(name, op1, crm, reset, how) +1
#define CP15_32_VIEW(name, op1, crn, crm, op2, of64) +1
#define VFP_D(n) +1
#define VFP_CTL(name, vfpid, how) +1
#define DEMUX_CCSIDR(csselr) +1
#include "regs.def"
};
/* The longest register list any vCPU can have (GET_REG_LIST). */
#define ABI_MAX_LISTED_REGS (NR_CORE_REGS + ABI_REG_TABLE_ROWS)

/* Everything but the core registers, in list order. */
extern const struct abi_reg_desc abi_reg_table[];
extern const unsigned abi_reg_table_len;

/* Builds the id index abi_reg_find uses. Optional (the first lookup builds
 * it otherwise); the hypervisor calls it at boot, before any other CPU or
 * VM runs, so no lookup ever builds it concurrently. */
void abi_reg_table_init(void);

struct abi_core_desc {
	uint8_t index;     /* KVM_REG_ARM_CORE_REG(field) */
	const char *field; /* "usr_regs.ARM_r0" */
	const char *name;  /* "r0" */
};

/* The 38 core registers, ordered by index. */
extern const struct abi_core_desc abi_core_table[];

/* Id of core register `index` (0..37). */
static inline uint64_t abi_core_id(unsigned index)
{
	return KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | index;
}

/* The descriptor of exactly `id`, or NULL (ids are never fuzzy-matched). */
const struct abi_reg_desc *abi_reg_find(uint64_t id);

#endif /* HYPV7_ABI_REG_TABLE_H */
