/*
 * The per-vCPU register bank and the KVM register ABI operations on it.
 *
 * Plain C with no hardware access: it builds for the hypervisor and for
 * the build host (tests/host), so every ABI rule is unit-tested.  The
 * layout comes from abi/include/hypv7/regs.def; `core` is first because the Hyp trap
 * vector saves the guest's general registers straight into it
 * (hyp/vectors.S, offsets from hyp/asm-offsets.c).
 */
#ifndef HYPV7_VCPU_BANK_H
#define HYPV7_VCPU_BANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hypv7/kvm.h>
#include <hypv7/smccc.h>

#include <hypv7/reg_slots.h>

/* FPEXC: the VFP enable, and the exception flag that says FPINST holds a
 * trapped instruction (common VFP subarchitectures only). */
#define FPEXC_EN (1u << 30)
#define FPEXC_EX (1u << 31)

/* Everything a vCPU's guest can see and change, as the ABI sees it. */
struct vcpu_bank {
	struct kvm_regs core; /* must stay first: the trap frame */
	uint32_t cp15[NR_CP15_SLOTS];
	uint64_t cp15_64[NR_CP15_64_SLOTS];
	uint64_t vfp_d[NR_VFP_D_MAX];
	uint32_t vfp[NR_VFP_SLOTS];
	uint32_t cntv_ctl;
	uint64_t cntv_cval;
};

/*
 * Bits of a register that software cannot choose on this CPU: `mask` has
 * the bits that read the same whatever is written (RAZ/WI, RAO/WI), `value`
 * what they read. A SET must agree with them (the guest would otherwise see
 * another value than the one set, and hypv7 would act on a state the CPU
 * cannot be in). All zero: every bit is free.
 */
struct fixed_bits32 {
	uint32_t mask, value;
};
struct fixed_bits64 {
	uint64_t mask, value;
};

/* What the physical CPU reports; read once at boot (or faked in tests). */
struct cpu_ids {
	uint32_t invariant[NR_INVARIANT_CP15]; /* MIDR ... ID_ISAR5 */
	uint32_t mvfr0, mvfr1, fpsid;
	uint32_t ccsidr[NR_CSSELR]; /* CCSIDR per CSSELR, 0 where invalid */
	uint32_t mpidr, actlr, l2ctlr;
	/* Probed by writing all ones and all zeroes (hyp/host_ids.c); the
	 * architectural rules (FPEXC, FPINST, CPSR, timer) are abi's own. */
	struct fixed_bits32 cp15_fixed[NR_CP15_SLOTS];
	struct fixed_bits64 cp15_64_fixed[NR_CP15_64_SLOTS];
	struct fixed_bits32 vfp_fixed[NR_VFP_SLOTS];
};

/* The physical counter (CNTPCT): the hypervisor or a test provides it. */
typedef uint64_t abi_counter_fn(void);

/* State shared by the vCPUs of one VM. */
struct abi_vm {
	const struct cpu_ids *ids;
	abi_counter_fn *read_counter; /* the time source of TIMER_CNT */
	uint64_t cntvoff;             /* virtual counter = physical counter - cntvoff */
	uint32_t psci_version;        /* 0: not set, use the feature's default */
	unsigned nr_vcpus;
};

/* TIMER_CNT, the VM's virtual counter, and its SET, which moves every vCPU
 * of the VM with it. Inline: hypv7's register paths serve it directly. */
static inline uint64_t abi_virtual_count(const struct abi_vm *vm)
{
	return vm->read_counter() - vm->cntvoff;
}

static inline void abi_set_virtual_count(struct abi_vm *vm, uint64_t count)
{
	vm->cntvoff = vm->read_counter() - count;
}

/* The ABI's view of one vCPU. */
struct abi_vcpu {
	struct vcpu_bank *bank;
	struct abi_vm *vm;
	unsigned vcpu_id;
	int32_t target;    /* -1 until a successful VCPU_INIT */
	uint32_t features; /* bits ever set by VCPU_INIT */
};

/* KVM_ARM_TARGET_* for this CPU, or -1 when KVM would not know it. */
int abi_cpu_target(const struct cpu_ids *ids);
/* Number of D registers (16 or 32), from MVFR0. */
unsigned abi_nr_vfp_d(const struct cpu_ids *ids);
/* Whether CCSIDR for `csselr` exists, from CLIDR. */
bool abi_csselr_valid(const struct cpu_ids *ids, unsigned csselr);
/* Whether the VFP has FPINST/FPINST2 (and FPEXC.EX): only the VFPv2 common
 * subarchitecture; no Cortex-A7/A15 (touching them there is UNDEFINED). */
bool abi_vfp_has_fpinst(const struct cpu_ids *ids);

void abi_vcpu_create(struct abi_vcpu *v, struct vcpu_bank *bank, struct abi_vm *vm,
		     unsigned vcpu_id);
static inline bool abi_vcpu_initialised(const struct abi_vcpu *v)
{
	return v->target >= 0;
}

/* The PSCI version the vCPU's guest is served (KVM_REG_ARM_PSCI_VERSION):
 * 0.1 without feature PSCI_0_2, else the VM's setting, 1.0 by default.
 * Inline: PSCI_VERSION is answered from it on hypv7's shortest path. */
static inline uint32_t abi_psci_version(const struct abi_vcpu *v)
{
	if (!((v->features >> KVM_ARM_VCPU_PSCI_0_2) & 1u))
		return PSCI_VERSION_0_1;
	return v->vm->psci_version ? v->vm->psci_version : PSCI_VERSION_LATEST;
}

/* KVM_ARM_PREFERRED_TARGET: 0 or -ENODEV. */
int abi_preferred_target(const struct cpu_ids *ids, struct kvm_vcpu_init *out);
/* KVM_ARM_VCPU_INIT: 0, -EINVAL or -ENOENT; resets the bank on success. */
int abi_vcpu_init(struct abi_vcpu *v, const struct kvm_vcpu_init *init);

struct abi_reg_desc;

/* A register id looked up once: a core word (desc NULL) or a table entry. */
struct abi_reg_ref {
	const struct abi_reg_desc *desc;
	unsigned core;
	unsigned size;
};

/* Size in bytes of register `id`, or -ENOENT / -EINVAL as GET would give. */
int abi_reg_size(const struct abi_vcpu *v, uint64_t id);
/* GET/SET of a register whose id abi_reg_size() accepted; `val` holds
 * KVM_REG_SIZE(id) bytes (little-endian, low bytes first). */
int abi_get_reg(const struct abi_vcpu *v, uint64_t id, void *val);
int abi_set_reg(struct abi_vcpu *v, uint64_t id, const void *val);
/* The same in two steps, for a caller that fetches the value in between
 * (its size decides how much): the lookup (size, or -ENOENT / -EINVAL),
 * then the SET of the looked-up register. */
int abi_reg_resolve(const struct abi_vcpu *v, uint64_t id, struct abi_reg_ref *r);
int abi_set_reg_ref(struct abi_vcpu *v, const struct abi_reg_ref *r, const void *val);
/* GET of a looked-up register (r->size bytes into `val`). A lookup holds
 * for every vCPU of the same CPU type: the hypervisor keeps one per
 * position of the register list. */
void abi_get_reg_ref(const struct abi_vcpu *v, const struct abi_reg_ref *r, void *val);
/*
 * For a register whose value is plain storage in the bank (core, banked
 * CP15, VFP, TIMER_CVAL), its size, with *offset its byte offset in struct
 * vcpu_bank: a GET may read those bytes directly. 0 for a register worked
 * out on each GET (invariants, TIMER_CTL and TIMER_CNT, firmware), or
 * -ENOENT / -EINVAL.
 */
int abi_reg_storage(const struct abi_vcpu *v, uint64_t id, size_t *offset);
/*
 * For a register whose SET only stores the value (once the bits this CPU
 * fixes agree): its size, with *offset as abi_reg_storage gives it and
 * *fixed the bits a value must have ((x & mask) == value); a SET may then
 * store those bytes directly. 0 for a register with any other SET rule
 * (CPSR, invariants, views, TIMER_CTL and TIMER_CNT, firmware), or -ENOENT /
 * -EINVAL.
 */
int abi_reg_plain_set(const struct abi_vcpu *v, uint64_t id, size_t *offset,
		      struct fixed_bits64 *fixed);
/* For a register whose value is the host CPU's (invariant ID registers,
 * CCSIDRs, the VFP's IDs): its size, with *value that value, the same for
 * every vCPU (a SET must repeat it). 0 for any other register, or -ENOENT
 * / -EINVAL. */
int abi_reg_host_value(const struct abi_vcpu *v, uint64_t id, uint64_t *value);
/* GET in one lookup: the register's size in bytes, or -ENOENT / -EINVAL. */
int abi_get_reg_sized(const struct abi_vcpu *v, uint64_t id, void *val);

/* Number of ids KVM_GET_REG_LIST returns for this vCPU. */
unsigned abi_num_regs(const struct abi_vcpu *v);
/* Writes the ids in list order; `out` has room for abi_num_regs(). */
void abi_copy_reg_list(const struct abi_vcpu *v, uint64_t *out);

#endif /* HYPV7_VCPU_BANK_H */
