/*
 * The 32-bit ARM KVM register ABI on a vCPU bank, with Linux 5.6's
 * semantics (docs/abi.md; the reference is kvm-arm32-abi.md).  Pure C: no
 * hardware access, so it builds for the hypervisor and for host tests.
 *
 * hypv7's one deliberate difference: ids that KVM only accepts by accident
 * (the invariant fallback ignoring the coproc field, Op1 >= 8 aliasing
 * CRm - 1) are -ENOENT here, because every id is matched exactly against
 * the table.
 *
 * memset comes from the hypervisor (or libc on the host) through
 * __builtin_memset, so no libc header is needed.
 */
#include <hypv7/smccc.h>

#include "abi/errno.h"
#include <hypv7/reg_table.h>
#include "abi/vcpu_bank.h"

/* MIDR part number (implementer, architecture and part; no revisions). */
#define MIDR_PART_MASK 0xff00fff0u
#define MIDR_PART_CORTEX_A15 0x4100c0f0u
#define MIDR_PART_CORTEX_A7 0x4100c070u

#define MVFR0_A_SIMD_MASK 0xfu
#define MVFR0_A_SIMD_32_REGS 2u
#define NR_VFP_D_SHORT 16u

/* CLIDR: seven 3-bit Ctype fields from bit 0. */
#define CLIDR_CTYPE_BITS 3u
#define CLIDR_CTYPE_MASK 7u
#define CLIDR_NR_CTYPES 7u
enum cache_ctype {
	CTYPE_NONE = 0,
	CTYPE_INSN = 1,
	CTYPE_DATA = 2,
	CTYPE_SEPARATE = 3,
	CTYPE_UNIFIED = 4,
};
#define CSSELR_IND_INSN 1u /* CSSELR.InD: instruction cache */

/* The fixed part of every 32-bit ARM id: arch ARM, bits 32..51 zero. */
#define ID_ARCH_AND_HIGH_MASK (~KVM_REG_SIZE_MASK >> 32)
#define ID_ARCH_ARM_HIGH (KVM_REG_ARM >> 32)

/* Reset fills that make "unknown" registers recognisable (as KVM does). */
#define RESET_FILL_32 0xdecafbadu
#define RESET_FILL_HI 0xd0c0ffeeu
#define RESET_FILL_64 (((uint64_t)RESET_FILL_HI << 32) | RESET_FILL_32)

#define RESET_CPSR (SVC_MODE | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)
#define SCTLR_RESET_A15 0x00c50078u
#define SCTLR_RESET_A7 0x00c50878u

#define MPIDR_SMP_BITMASK (3u << 30)
#define MPIDR_LEVEL_BITS 8u
#define CPUS_PER_CLUSTER 4u
#define CLUSTER_CPU_MASK (CPUS_PER_CLUSTER - 1)
#define ACTLR_SMP (1u << 6)
#define L2CTLR_NCORES_SHIFT 24u
#define L2CTLR_NCORES_MAX 3u
#define L2CTLR_NCORES_MASK (3u << L2CTLR_NCORES_SHIFT)

#define TIMER_CTL_ENABLE (1u << 0)
#define TIMER_CTL_IMASK (1u << 1)
#define TIMER_CTL_ISTATUS (1u << 2)
/* CNTV_CTL bits a SET may carry; ISTATUS is read-only and dropped. */
#define TIMER_CTL_SETTABLE (TIMER_CTL_ENABLE | TIMER_CTL_IMASK | TIMER_CTL_ISTATUS)

/*
 * FPSID.Subarchitecture 1, the VFPv2 common subarchitecture, is the one
 * whose trapped-instruction registers FPINST/FPINST2 hypv7 may touch. Later
 * ones do not have them in any core with the Virtualization Extensions:
 * Cortex-A7 reports 2 (VFPv3 common v2) yet FPEXC.EX is RAZ and FPINST is
 * UNDEFINED there (QEMU's model too), Cortex-A15 reports 4 (no
 * subarchitecture).
 */
#define FPSID_SUBARCH_SHIFT 16u
#define FPSID_SUBARCH_MASK 0x7fu
#define FPSID_SUBARCH_VFPV2_COMMON 1u

/*
 * CPSR bits a vCPU can hold: ARMv7 has no bits 20..23, and Cortex-A15/A7
 * have neither Jazelle nor ThumbEE state (J, bit 24); the IT bits only mean
 * something in Thumb state. Returning to any of these from Hyp is
 * UNPREDICTABLE, so a SET of one is refused.
 */
#define CPSR_RESERVED_BITS 0x00f00000u
#define CPSR_IT_BITS 0x0600fc00u

#define NR_FEATURE_BITS (sizeof(((struct kvm_vcpu_init *)0)->features) * 8)
#define KVM_VCPU_MAX_FEATURES 2u
#define FEATURE_WORD_BITS 32u

/* Firmware register "feature level" field. */
#define FW_LEVEL_MASK 0xfull
#define WA2_KERNEL_LEVEL KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN

/*
 * SMCCC_ARCH_WORKAROUND_1 (branch predictor hardening, Spectre v2): KVM
 * answers AVAIL on A15 only when its Hyp vectors invalidate the branch
 * predictor on every guest exit. hypv7's do not (yet), so on A15 it
 * answers NOT_AVAIL, as KVM without CONFIG_HARDEN_BRANCH_PREDICTOR does:
 * claiming a mitigation hypv7 does not apply would mislead the guest.
 * The A7 needs no hardening; other parts are unknown to KVM.
 */
#define WA1_LEVEL_A15 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL
#define WA1_LEVEL_A7 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED
#define WA1_LEVEL_OTHER KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL

/* ---------------------------------------------------------------- host */

static uint32_t host_midr(const struct cpu_ids *ids)
{
	return ids->invariant[INVARIANT_MIDR];
}

int abi_cpu_target(const struct cpu_ids *ids)
{
	switch (host_midr(ids) & MIDR_PART_MASK) {
	case MIDR_PART_CORTEX_A15: return KVM_ARM_TARGET_CORTEX_A15;
	case MIDR_PART_CORTEX_A7: return KVM_ARM_TARGET_CORTEX_A7;
	default: return -1;
	}
}

unsigned abi_nr_vfp_d(const struct cpu_ids *ids)
{
	if ((ids->mvfr0 & MVFR0_A_SIMD_MASK) == MVFR0_A_SIMD_32_REGS)
		return NR_VFP_D_MAX;
	return NR_VFP_D_SHORT;
}

/* CLIDR cut at the first level without a cache; LoC and friends dropped. */
static uint32_t cache_levels(const struct cpu_ids *ids)
{
	uint32_t clidr = ids->invariant[INVARIANT_CLIDR];
	unsigned level;

	for (level = 0; level < CLIDR_NR_CTYPES; level++)
		if (((clidr >> (level * CLIDR_CTYPE_BITS)) & CLIDR_CTYPE_MASK) == CTYPE_NONE)
			break;
	return clidr & ((1u << (level * CLIDR_CTYPE_BITS)) - 1);
}

bool abi_csselr_valid(const struct cpu_ids *ids, unsigned csselr)
{
	bool insn = csselr & CSSELR_IND_INSN;
	unsigned level = csselr >> 1;

	if (csselr >= NR_CSSELR)
		return false;
	switch ((cache_levels(ids) >> (level * CLIDR_CTYPE_BITS)) & CLIDR_CTYPE_MASK) {
	case CTYPE_INSN: return insn;
	case CTYPE_DATA:
	case CTYPE_UNIFIED: return !insn;
	case CTYPE_SEPARATE: return true;
	default: return false;
	}
}

bool abi_vfp_has_fpinst(const struct cpu_ids *ids)
{
	uint32_t subarch = (ids->fpsid >> FPSID_SUBARCH_SHIFT) & FPSID_SUBARCH_MASK;

	return subarch == FPSID_SUBARCH_VFPV2_COMMON;
}

/* What a SET may write into a VFP control register: FPEXC has only EN on
 * a VFP without FPINST (the rest is RAZ/WI there); FPINST/FPINST2 hold 0
 * where they do not exist. The rest comes from the boot-time probe. */
static struct fixed_bits32 vfp_fixed(const struct cpu_ids *ids, unsigned slot)
{
	struct fixed_bits32 f = ids->vfp_fixed[slot];

	if (abi_vfp_has_fpinst(ids))
		return f;
	if (slot == VFP_SLOT_FPEXC)
		return (struct fixed_bits32){ f.mask | ~FPEXC_EN, f.value & FPEXC_EN };
	if (slot == VFP_SLOT_FPINST || slot == VFP_SLOT_FPINST2)
		return (struct fixed_bits32){ UINT32_MAX, 0 };
	return f;
}

static bool fits32(uint32_t x, struct fixed_bits32 f)
{
	return (x & f.mask) == f.value;
}

static bool fits64(uint64_t x, struct fixed_bits64 f)
{
	return (x & f.mask) == f.value;
}

/* The low word of a 64-bit register's fixed bits. */
static struct fixed_bits32 low_word(struct fixed_bits64 f)
{
	return (struct fixed_bits32){ (uint32_t)f.mask, (uint32_t)f.value };
}

/* A reset value as the CPU would hold it. */
static uint32_t held32(uint32_t x, struct fixed_bits32 f)
{
	return (x & ~f.mask) | f.value;
}

static uint64_t held64(uint64_t x, struct fixed_bits64 f)
{
	return (x & ~f.mask) | f.value;
}

static uint64_t wa1_kernel_level(const struct cpu_ids *ids)
{
	switch (abi_cpu_target(ids)) {
	case KVM_ARM_TARGET_CORTEX_A15: return WA1_LEVEL_A15;
	case KVM_ARM_TARGET_CORTEX_A7: return WA1_LEVEL_A7;
	default: return WA1_LEVEL_OTHER;
	}
}

/* ------------------------------------------------------------ vcpu init */

void abi_vcpu_create(struct abi_vcpu *v, struct vcpu_bank *bank, struct abi_vm *vm,
		     unsigned vcpu_id)
{
	/* A fresh vCPU reads as zeroes, like KVM's zeroed allocation. */
	__builtin_memset(bank, 0, sizeof(*bank));
	v->bank = bank;
	v->vm = vm;
	v->vcpu_id = vcpu_id;
	v->target = -1;
	v->features = 0;
}

int abi_preferred_target(const struct cpu_ids *ids, struct kvm_vcpu_init *out)
{
	int target = abi_cpu_target(ids);

	if (target < 0)
		return -ENODEV;
	__builtin_memset(out, 0, sizeof(*out));
	out->target = (uint32_t)target;
	return 0;
}

/* How a banked cp15 register resets (the `reset` column of regs.def). */
enum reset_how { RST_VAL, RST_MPIDR, RST_ACTLR, RST_L2CTLR, RST_TARGET_SCTLR };
struct reset_rule {
	uint8_t how;
	uint64_t val;
};
#define RESET_VAL(v)         \
	{                    \
		RST_VAL, (v) \
	}
#define RESET_UNKNOWN                  \
	{                              \
		RST_VAL, RESET_FILL_32 \
	}
#define RESET_UNKNOWN64                \
	{                              \
		RST_VAL, RESET_FILL_64 \
	}
#define RESET_MPIDR          \
	{                    \
		RST_MPIDR, 0 \
	}
#define RESET_ACTLR          \
	{                    \
		RST_ACTLR, 0 \
	}
#define RESET_L2CTLR          \
	{                     \
		RST_L2CTLR, 0 \
	}
#define RESET_TARGET_SCTLR          \
	{                           \
		RST_TARGET_SCTLR, 0 \
	}

static const struct reset_rule cp15_reset[NR_CP15_SLOTS] = {
#define CP15_32(name, op1, crn, crm, op2, reset, how) [CP15_SLOT_##name] = reset,
#include <hypv7/regs.def>
};
static const struct reset_rule cp15_64_reset[NR_CP15_64_SLOTS] = {
#define CP15_64(name, op1, crm, reset, how) [CP15_64_SLOT_##name] = reset,
#include <hypv7/regs.def>
};

static uint32_t reset_mpidr(const struct abi_vcpu *v)
{
	return (v->vm->ids->mpidr & MPIDR_SMP_BITMASK) |
	       ((v->vcpu_id / CPUS_PER_CLUSTER) << MPIDR_LEVEL_BITS) |
	       (v->vcpu_id & CLUSTER_CPU_MASK);
}

/* ACTLR.SMP tells the guest whether it has company. */
static uint32_t reset_actlr(const struct abi_vcpu *v)
{
	uint32_t actlr = v->vm->ids->actlr & ~ACTLR_SMP;

	return v->vm->nr_vcpus > 1 ? actlr | ACTLR_SMP : actlr;
}

/* L2CTLR.ncores: cores in this cluster and the following ones, capped. */
static uint32_t reset_l2ctlr(const struct abi_vcpu *v)
{
	/* Unsigned on purpose: a vCPU past the VM's count wraps to the cap. */
	unsigned ncores = v->vm->nr_vcpus - 1 - (v->vcpu_id & ~CLUSTER_CPU_MASK);

	if (ncores > L2CTLR_NCORES_MAX)
		ncores = L2CTLR_NCORES_MAX;
	return (v->vm->ids->l2ctlr & ~L2CTLR_NCORES_MASK) | (ncores << L2CTLR_NCORES_SHIFT);
}

static uint32_t reset_sctlr(const struct abi_vcpu *v)
{
	return v->target == KVM_ARM_TARGET_CORTEX_A7 ? SCTLR_RESET_A7 : SCTLR_RESET_A15;
}

static uint64_t reset_value(const struct abi_vcpu *v, const struct reset_rule *r)
{
	switch (r->how) {
	case RST_MPIDR: return reset_mpidr(v);
	case RST_ACTLR: return reset_actlr(v);
	case RST_L2CTLR: return reset_l2ctlr(v);
	case RST_TARGET_SCTLR: return reset_sctlr(v);
	default: return r->val;
	}
}

/* KVM's reset: core, cp15 and timer control; VFP and FW state survive. */
static void reset_vcpu(struct abi_vcpu *v)
{
	struct vcpu_bank *b = v->bank;

	__builtin_memset(&b->core, 0, sizeof(b->core));
	b->core.usr_regs.ARM_cpsr = RESET_CPSR;
	/* KVM's fills (0xdecafbad...), limited to what this CPU can hold: on
	 * hardware the guest would read that at once anyway. */
	for (unsigned i = 0; i < NR_CP15_SLOTS; i++)
		b->cp15[i] =
		    held32((uint32_t)reset_value(v, &cp15_reset[i]), v->vm->ids->cp15_fixed[i]);
	for (unsigned i = 0; i < NR_CP15_64_SLOTS; i++)
		b->cp15_64[i] =
		    held64(reset_value(v, &cp15_64_reset[i]), v->vm->ids->cp15_64_fixed[i]);
	b->cntv_ctl = 0;
}

static bool feature_bit(const struct kvm_vcpu_init *init, unsigned bit)
{
	return init->features[bit / FEATURE_WORD_BITS] & (1u << (bit % FEATURE_WORD_BITS));
}

/*
 * The feature loop, in KVM's order: bits are OR-ed in as they are seen, so
 * a first attempt failing on an unknown bit leaves the lower ones set.
 */
static int take_features(struct abi_vcpu *v, const struct kvm_vcpu_init *init)
{
	bool reinit = abi_vcpu_initialised(v);

	for (unsigned bit = 0; bit < NR_FEATURE_BITS; bit++) {
		bool set = feature_bit(init, bit);

		if (set && bit >= KVM_VCPU_MAX_FEATURES)
			return -ENOENT;
		if (reinit && bit < KVM_VCPU_MAX_FEATURES && ((v->features >> bit) & 1u) != set)
			return -EINVAL;
		if (set)
			v->features |= 1u << bit;
	}
	return 0;
}

int abi_vcpu_init(struct abi_vcpu *v, const struct kvm_vcpu_init *init)
{
	int target = abi_cpu_target(v->vm->ids);
	int err;

	if (target < 0 || init->target != (uint32_t)target)
		return -EINVAL;
	if (abi_vcpu_initialised(v) && v->target != target)
		return -EINVAL;
	err = take_features(v, init);
	if (err)
		return err;
	v->target = target;
	reset_vcpu(v);
	return 0;
}

/* ------------------------------------------------------- id resolution */

static bool id_is_arm32(uint64_t id)
{
	return ((id >> 32) & ID_ARCH_AND_HIGH_MASK) == ID_ARCH_ARM_HIGH;
}

static uint64_t id_coproc(uint64_t id)
{
	return id & KVM_REG_ARM_COPROC_MASK;
}

static bool desc_present(const struct abi_vcpu *v, const struct abi_reg_desc *d)
{
	switch (d->kind) {
	case ABI_REG_VFP_D: return d->slot < abi_nr_vfp_d(v->vm->ids);
	case ABI_REG_CCSIDR: return abi_csselr_valid(v->vm->ids, d->slot);
	default: return true;
	}
}

static int resolve(const struct abi_vcpu *v, uint64_t id, struct abi_reg_ref *r)
{
	unsigned size = KVM_REG_SIZE(id);

	if (!id_is_arm32(id))
		return -EINVAL;
	r->size = size;
	r->desc = NULL;
	if (id_coproc(id) == KVM_REG_ARM_CORE) {
		uint64_t off = id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_CORE);

		if (size != sizeof(uint32_t) || off >= NR_CORE_REGS)
			return -ENOENT;
		r->core = (unsigned)off;
		return 0;
	}
	r->desc = abi_reg_find(id);
	if (!r->desc || !desc_present(v, r->desc))
		return -ENOENT;
	return 0;
}

int abi_reg_size(const struct abi_vcpu *v, uint64_t id)
{
	struct abi_reg_ref r;
	int err = resolve(v, id, &r);

	return err ? err : (int)r.size;
}

/* ------------------------------------------------------ value transfer */

/*
 * `val` buffers are little-endian, as the KVM ABI on ARM is; every host and
 * target hypv7 builds for is little-endian too, so the low `size` bytes of
 * a uint64_t are the value.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "register values are copied as little-endian bytes");

/* Every register is 4 or 8 bytes (resolve() refuses other sizes). */
static void put_le(void *val, uint64_t x, unsigned size)
{
	uint32_t word = (uint32_t)x;

	if (size == sizeof(word))
		__builtin_memcpy(val, &word, sizeof(word));
	else
		__builtin_memcpy(val, &x, sizeof(x));
}

static uint64_t get_le(const void *val, unsigned size)
{
	uint32_t word;
	uint64_t x;

	if (size == sizeof(word)) {
		__builtin_memcpy(&word, val, sizeof(word));
		return word;
	}
	__builtin_memcpy(&x, val, sizeof(x));
	return x;
}

static uint32_t *core_word(struct vcpu_bank *b, unsigned index)
{
	return (uint32_t *)(void *)&b->core + index;
}

static bool has_feature(const struct abi_vcpu *v, unsigned feature)
{
	return (v->features >> feature) & 1u;
}

static uint64_t fw_get(const struct abi_vcpu *v, uint64_t id)
{
	switch (id) {
	case KVM_REG_ARM_PSCI_VERSION: return abi_psci_version(v);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1: return wa1_kernel_level(v->vm->ids);
	default: /* WORKAROUND_2: arm32 never knows the SSBD state */ return WA2_KERNEL_LEVEL;
	}
}

static uint64_t timer_get(const struct abi_vcpu *v, uint64_t id)
{
	const struct vcpu_bank *b = v->bank;

	switch (id) {
	case KVM_REG_ARM_TIMER_CTL:
		/* ISTATUS regardless of ENABLE, as KVM reports it. */
		if (b->cntv_cval <= abi_virtual_count(v->vm))
			return b->cntv_ctl | TIMER_CTL_ISTATUS;
		return b->cntv_ctl;
	case KVM_REG_ARM_TIMER_CNT: return abi_virtual_count(v->vm);
	default: return b->cntv_cval;
	}
}

static uint32_t vfp_invariant(const struct cpu_ids *ids, uint64_t id)
{
	switch (id & KVM_REG_ARM_VFP_MASK) {
	case KVM_REG_ARM_VFP_MVFR0: return ids->mvfr0;
	case KVM_REG_ARM_VFP_MVFR1: return ids->mvfr1;
	default: return ids->fpsid;
	}
}

/* The value a host-owned register must read, and a SET must repeat. */
static bool host_value(const struct abi_vcpu *v, const struct abi_reg_desc *d, uint64_t *out)
{
	const struct cpu_ids *ids = v->vm->ids;

	switch (d->kind) {
	case ABI_REG_INVARIANT: *out = ids->invariant[d->slot]; return true;
	case ABI_REG_VFP_INVARIANT: *out = vfp_invariant(ids, d->id); return true;
	case ABI_REG_CCSIDR: *out = ids->ccsidr[d->slot]; return true;
	default: return false;
	}
}

static uint64_t bank_get(const struct abi_vcpu *v, const struct abi_reg_desc *d)
{
	const struct vcpu_bank *b = v->bank;
	uint64_t host;

	if (host_value(v, d, &host))
		return host;
	switch (d->kind) {
	case ABI_REG_FW: return fw_get(v, d->id);
	case ABI_REG_TIMER: return timer_get(v, d->id);
	case ABI_REG_CP15_32: return b->cp15[d->slot];
	case ABI_REG_CP15_64: return b->cp15_64[d->slot];
	case ABI_REG_CP15_VIEW: return (uint32_t)b->cp15_64[d->slot];
	case ABI_REG_VFP_D: return b->vfp_d[d->slot];
	default: /* ABI_REG_VFP_CTL */ return b->vfp[d->slot];
	}
}

void abi_get_reg_ref(const struct abi_vcpu *v, const struct abi_reg_ref *r, void *val)
{
	uint64_t x = r->desc ? bank_get(v, r->desc) : *core_word(v->bank, r->core);

	put_le(val, x, r->size);
}

int abi_get_reg_sized(const struct abi_vcpu *v, uint64_t id, void *val)
{
	struct abi_reg_ref r;
	int err = resolve(v, id, &r);

	if (err)
		return err;
	abi_get_reg_ref(v, &r, val);
	return (int)r.size;
}

int abi_get_reg(const struct abi_vcpu *v, uint64_t id, void *val)
{
	int size = abi_get_reg_sized(v, id, val);

	return size < 0 ? size : 0;
}

static bool cpsr_mode_ok(uint32_t cpsr)
{
	switch (cpsr & MODE_MASK) {
	case USR_MODE:
	case FIQ_MODE:
	case IRQ_MODE:
	case SVC_MODE:
	case ABT_MODE:
	case UND_MODE: return true;
	default: return false;
	}
}

static bool cpsr_ok(uint32_t cpsr)
{
	if (!cpsr_mode_ok(cpsr) || (cpsr & (CPSR_RESERVED_BITS | PSR_J_BIT)))
		return false;
	return (cpsr & PSR_T_BIT) || !(cpsr & CPSR_IT_BITS);
}

static int core_set(struct abi_vcpu *v, unsigned index, uint32_t x)
{
	if (index == KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr) && !cpsr_ok(x))
		return -EINVAL;
	*core_word(v->bank, index) = x;
	return 0;
}

static int psci_version_set(struct abi_vcpu *v, uint64_t x)
{
	bool wants_0_2 = has_feature(v, KVM_ARM_VCPU_PSCI_0_2);

	switch (x) {
	case PSCI_VERSION_0_1:
		if (wants_0_2)
			return -EINVAL;
		break;
	case PSCI_VERSION_0_2:
	case PSCI_VERSION_1_0:
		if (!wants_0_2)
			return -EINVAL;
		break;
	default: return -EINVAL;
	}
	v->vm->psci_version = (uint32_t)x;
	return 0;
}

/* Workaround levels are facts about the host: a SET may only lower them. */
static int wa1_set(const struct abi_vcpu *v, uint64_t x)
{
	if ((x & ~FW_LEVEL_MASK) || x > wa1_kernel_level(v->vm->ids))
		return -EINVAL;
	return 0;
}

static int wa2_set(uint64_t x)
{
	uint64_t level = x & FW_LEVEL_MASK;

	if (x & ~(FW_LEVEL_MASK | KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED))
		return -EINVAL;
	if (level > WA2_KERNEL_LEVEL)
		return -EINVAL;
	/* ENABLED only makes sense with level AVAIL. */
	if (level != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL && level != x)
		return -EINVAL;
	return 0;
}

static int fw_set(struct abi_vcpu *v, uint64_t id, uint64_t x)
{
	switch (id) {
	case KVM_REG_ARM_PSCI_VERSION: return psci_version_set(v, x);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1: return wa1_set(v, x);
	default: return wa2_set(x);
	}
}

static int timer_set(struct abi_vcpu *v, uint64_t id, uint64_t x)
{
	switch (id) {
	case KVM_REG_ARM_TIMER_CTL:
		if (x & ~(uint64_t)TIMER_CTL_SETTABLE)
			return -EINVAL;
		v->bank->cntv_ctl = (uint32_t)x & ~TIMER_CTL_ISTATUS;
		break;
	case KVM_REG_ARM_TIMER_CNT: abi_set_virtual_count(v->vm, x); break;
	default: v->bank->cntv_cval = x; break;
	}
	return 0;
}

/* Only the low word: the high word of the 64-bit register is untouched. */
static void view_set(uint64_t *reg64, uint32_t lo)
{
	*reg64 = (*reg64 & ~(uint64_t)UINT32_MAX) | lo;
}

static int bank_set(struct abi_vcpu *v, const struct abi_reg_desc *d, uint64_t x)
{
	struct vcpu_bank *b = v->bank;
	const struct cpu_ids *ids = v->vm->ids;
	uint64_t host;

	if (host_value(v, d, &host))
		return x == host ? 0 : -EINVAL;
	switch (d->kind) {
	case ABI_REG_FW: return fw_set(v, d->id, x);
	case ABI_REG_TIMER: return timer_set(v, d->id, x);
	case ABI_REG_CP15_32:
		if (!fits32((uint32_t)x, ids->cp15_fixed[d->slot]))
			return -EINVAL;
		b->cp15[d->slot] = (uint32_t)x;
		break;
	case ABI_REG_CP15_64:
		if (!fits64(x, ids->cp15_64_fixed[d->slot]))
			return -EINVAL;
		b->cp15_64[d->slot] = x;
		break;
	case ABI_REG_CP15_VIEW:
		if (!fits32((uint32_t)x, low_word(ids->cp15_64_fixed[d->slot])))
			return -EINVAL;
		view_set(&b->cp15_64[d->slot], (uint32_t)x);
		break;
	case ABI_REG_VFP_D: b->vfp_d[d->slot] = x; break;
	default: /* ABI_REG_VFP_CTL */
		if (!fits32((uint32_t)x, vfp_fixed(ids, d->slot)))
			return -EINVAL;
		b->vfp[d->slot] = (uint32_t)x;
		break;
	}
	return 0;
}

int abi_reg_resolve(const struct abi_vcpu *v, uint64_t id, struct abi_reg_ref *r)
{
	int err = resolve(v, id, r);

	return err ? err : (int)r->size;
}

int abi_set_reg_ref(struct abi_vcpu *v, const struct abi_reg_ref *r, const void *val)
{
	uint64_t x = get_le(val, r->size);

	if (r->desc)
		return bank_set(v, r->desc, x);
	return core_set(v, r->core, (uint32_t)x);
}

int abi_set_reg(struct abi_vcpu *v, uint64_t id, const void *val)
{
	struct abi_reg_ref r;
	int err = resolve(v, id, &r);

	return err ? err : abi_set_reg_ref(v, &r, val);
}

/* Where a register that is only storage lives in the bank, for GET. */
static int storage_offset(const struct abi_reg_ref *r, size_t *offset)
{
	if (!r->desc) {
		*offset = offsetof(struct vcpu_bank, core) + r->core * sizeof(uint32_t);
		return 1;
	}
	switch (r->desc->kind) {
	case ABI_REG_CP15_32:
		*offset = offsetof(struct vcpu_bank, cp15) + r->desc->slot * sizeof(uint32_t);
		return 1;
	case ABI_REG_CP15_64:
		*offset = offsetof(struct vcpu_bank, cp15_64) + r->desc->slot * sizeof(uint64_t);
		return 1;
	case ABI_REG_VFP_D:
		*offset = offsetof(struct vcpu_bank, vfp_d) + r->desc->slot * sizeof(uint64_t);
		return 1;
	case ABI_REG_VFP_CTL:
		*offset = offsetof(struct vcpu_bank, vfp) + r->desc->slot * sizeof(uint32_t);
		return 1;
	case ABI_REG_TIMER:
		if (r->desc->id != KVM_REG_ARM_TIMER_CVAL)
			return 0; /* CTL's ISTATUS and CNT are worked out on each GET */
		*offset = offsetof(struct vcpu_bank, cntv_cval);
		return 1;
	default: /* worked out on each GET: host values, firmware */ return 0;
	}
}

/* The fixed bits of a register whose SET only stores (storage_offset's
 * kinds, CPSR excepted); false for one with another SET rule. */
static bool plain_set_fixed(const struct abi_vcpu *v, const struct abi_reg_ref *r,
			    struct fixed_bits64 *fixed)
{
	const struct cpu_ids *ids = v->vm->ids;
	struct fixed_bits32 f32 = { 0, 0 };

	*fixed = (struct fixed_bits64){ 0, 0 };
	if (!r->desc)
		return r->core != KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr);
	switch (r->desc->kind) {
	case ABI_REG_CP15_32: f32 = ids->cp15_fixed[r->desc->slot]; break;
	case ABI_REG_CP15_64: *fixed = ids->cp15_64_fixed[r->desc->slot]; return true;
	case ABI_REG_VFP_D: return true;
	case ABI_REG_VFP_CTL: f32 = vfp_fixed(ids, r->desc->slot); break;
	case ABI_REG_TIMER: return r->desc->id == KVM_REG_ARM_TIMER_CVAL; /* any value */
	default: return false;
	}
	*fixed = (struct fixed_bits64){ f32.mask, f32.value };
	return true;
}

int abi_reg_plain_set(const struct abi_vcpu *v, uint64_t id, size_t *offset,
		      struct fixed_bits64 *fixed)
{
	struct abi_reg_ref r;
	int err = resolve(v, id, &r);

	if (err)
		return err;
	if (!storage_offset(&r, offset) || !plain_set_fixed(v, &r, fixed))
		return 0;
	return (int)r.size;
}

int abi_reg_host_value(const struct abi_vcpu *v, uint64_t id, uint64_t *value)
{
	struct abi_reg_ref r;
	int err = resolve(v, id, &r);

	if (err)
		return err;
	return r.desc && host_value(v, r.desc, value) ? (int)r.size : 0;
}

int abi_reg_storage(const struct abi_vcpu *v, uint64_t id, size_t *offset)
{
	struct abi_reg_ref r;
	int err = resolve(v, id, &r);

	if (err)
		return err;
	return storage_offset(&r, offset) ? (int)r.size : 0;
}

/* ------------------------------------------------------------ reg list */

unsigned abi_num_regs(const struct abi_vcpu *v)
{
	unsigned n = NR_CORE_REGS;

	for (unsigned i = 0; i < abi_reg_table_len; i++)
		n += desc_present(v, &abi_reg_table[i]);
	return n;
}

void abi_copy_reg_list(const struct abi_vcpu *v, uint64_t *out)
{
	for (unsigned i = 0; i < NR_CORE_REGS; i++)
		*out++ = abi_core_id(i);
	for (unsigned i = 0; i < abi_reg_table_len; i++)
		if (desc_present(v, &abi_reg_table[i]))
			*out++ = abi_reg_table[i].id;
}
