/*
 * The ONE_REG / VCPU_INIT rules of the reference (§4-§7), one check per
 * rule, plus GET/SET round trips of every id of reglist-a15.csv.
 */
#include <stdlib.h>
#include <string.h>

#include "abi/errno.h"
#include "fixture.h"
#include "tap.h"

#define ID_CORE(i) (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | (i))
#define ID_VFP32(r) (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_VFP | (r))
#define ID_VFP64(r) (KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | (r))
#define ID_CCSIDR(c) (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX | (c))
#define ID_CPSR ID_CORE(KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr))
#define ID_SCTLR ARM_CP15_REG32(0, 1, 0, 0)
#define ID_MPIDR ARM_CP15_REG32(0, 0, 0, 5)
#define ID_ACTLR ARM_CP15_REG32(0, 1, 0, 1)
#define ID_L2CTLR ARM_CP15_REG32(1, 9, 0, 2)
#define ID_MIDR ARM_CP15_REG32(0, 0, 0, 0)
#define ID_TTBR0 ARM_CP15_REG32(0, 2, 0, 0)
#define ID_TTBR1 ARM_CP15_REG32(0, 2, 0, 1)
#define ID_TTBR0_64 ARM_CP15_REG64(0, 2)
#define ID_TTBR1_64 ARM_CP15_REG64(1, 2)
#define FEAT(bit) (1u << (bit))
#define PSCI_0_1 0x1u
#define PSCI_0_2 0x2u
#define PSCI_1_0 0x10000u
#define PATTERN64 0x0123456789abcdefull
#define ISTATUS 0x4u
#define ID_CSSELR ARM_CP15_REG32(2, 0, 0, 0)
#define ID_FPEXC ID_VFP32(KVM_REG_ARM_VFP_FPEXC)
#define ID_FPSCR ID_VFP32(KVM_REG_ARM_VFP_FPSCR)
#define ID_FPINST ID_VFP32(KVM_REG_ARM_VFP_FPINST)
#define ID_FPINST2 ID_VFP32(KVM_REG_ARM_VFP_FPINST2)
#define FPEXC_EX_EN 0xc0000000u
#define FPSID_SUBARCH_FIELD (0x7fu << 16)
#define FPSID_VFPV2_COMMON (1u << 16)
#define CPSR_J 0x01000000u
#define CPSR_BIT20 0x00100000u
#define CPSR_IT_LOW 0x02000000u

static struct csv_reg csv[CSV_MAX_REGS];
static int n_csv;
static struct fixture f;

static void a15_vm(unsigned nr_vcpus)
{
	fx_setup(&f, &abi_qemu_a15_ids, nr_vcpus);
}

static uint64_t get_or(const struct abi_vcpu *v, uint64_t id, uint64_t dflt)
{
	uint64_t val;

	return fx_get(v, id, &val) ? dflt : val;
}

/* ---------------------------------------------------------------- §4 */

static void test_create_and_target(void)
{
	struct kvm_vcpu_init init;
	struct cpu_ids ids;

	a15_vm(1);
	tap_ok(!abi_vcpu_initialised(&f.vcpu[0]), "a created vCPU is not initialised");
	TAP_EQ(f.vcpu[0].target, -1, "a created vCPU has target -1");

	memset(&init, 0xff, sizeof(init));
	TAP_EQ(abi_preferred_target(&abi_qemu_a15_ids, &init), 0, "PREFERRED_TARGET on A15");
	TAP_EQ(init.target, KVM_ARM_TARGET_CORTEX_A15, "PREFERRED_TARGET: A15 is target 0");
	tap_ok(!init.features[0] && !init.features[6], "PREFERRED_TARGET: features all zero");
	fx_ids_a7(&ids);
	abi_preferred_target(&ids, &init);
	TAP_EQ(init.target, KVM_ARM_TARGET_CORTEX_A7, "PREFERRED_TARGET: A7 is target 1");
	ids.invariant[INVARIANT_MIDR] = 0x410fc090; /* Cortex-A9 */
	TAP_EQ(abi_preferred_target(&ids, &init), -ENODEV,
	       "PREFERRED_TARGET: unknown CPU -> ENODEV");
	TAP_EQ(abi_cpu_target(&ids), -1, "abi_cpu_target: unknown CPU -> -1");

	fx_setup(&f, &ids, 1);
	memset(&init, 0, sizeof(init));
	TAP_EQ(abi_vcpu_init(&f.vcpu[0], &init), -EINVAL, "VCPU_INIT on an unknown CPU -> EINVAL");
}

static int init_with(struct abi_vcpu *v, uint32_t target, unsigned word, uint32_t bits)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	init.target = target;
	init.features[word] = bits;
	return abi_vcpu_init(v, &init);
}

static void test_init_rules(void)
{
	struct abi_vcpu *v = &f.vcpu[0];

	a15_vm(1);
	TAP_EQ(init_with(v, KVM_ARM_TARGET_CORTEX_A7, 0, 0), -EINVAL,
	       "INIT: A7 target on an A15 -> EINVAL");
	TAP_EQ(init_with(v, KVM_ARM_NUM_TARGETS, 0, 0), -EINVAL, "INIT: target 2 -> EINVAL");
	TAP_EQ(init_with(v, 0, 0, FEAT(2)), -ENOENT, "INIT: feature bit 2 -> ENOENT");
	TAP_EQ(init_with(v, 0, 6, FEAT(31)), -ENOENT, "INIT: feature bit 223 -> ENOENT");
	TAP_EQ(init_with(v, 0, 0, FEAT(0) | FEAT(1) | FEAT(5)), -ENOENT,
	       "INIT: bits 0,1 with bit 5 -> ENOENT");
	tap_ok(!abi_vcpu_initialised(v), "INIT: a failed first init leaves the vCPU uninitialised");
	TAP_EQ(v->features, FEAT(0) | FEAT(1), "INIT: bits seen before the failure stay set");
	TAP_EQ(init_with(v, 0, 0, 0), 0, "INIT: first success with no features");
	TAP_EQ(v->features, FEAT(0) | FEAT(1), "INIT: features are never cleared");
	tap_ok(abi_vcpu_initialised(v), "INIT: success initialises");
	TAP_EQ(get_or(v, KVM_REG_ARM_PSCI_VERSION, 0), PSCI_1_0,
	       "INIT: the left-over PSCI_0_2 bit selects PSCI 1.0");

	a15_vm(1);
	TAP_EQ(init_with(v, 0, 0, FEAT(KVM_ARM_VCPU_PSCI_0_2)), 0, "INIT: PSCI_0_2");
	TAP_EQ(init_with(v, 0, 0, FEAT(KVM_ARM_VCPU_PSCI_0_2)), 0,
	       "re-INIT with the same features");
	TAP_EQ(init_with(v, 0, 0, 0), -EINVAL, "re-INIT dropping a feature -> EINVAL");
	TAP_EQ(init_with(v, 0, 0, FEAT(0) | FEAT(1)), -EINVAL,
	       "re-INIT adding a feature -> EINVAL");
	TAP_EQ(init_with(v, 0, 0, FEAT(1) | FEAT(3)), -ENOENT,
	       "re-INIT with an unknown bit -> ENOENT");
	TAP_EQ(init_with(v, 1, 0, FEAT(1)), -EINVAL, "re-INIT with another target -> EINVAL");
	tap_ok(abi_vcpu_initialised(v), "failed re-INIT keeps the vCPU initialised");

	fx_set(v, ID_CORE(0), 5);
	fx_set(v, ID_SCTLR, 0x1);
	fx_set(v, ID_VFP64(5), PATTERN64);
	fx_set(v, ID_VFP32(KVM_REG_ARM_VFP_FPSCR), 0x3000000);
	TAP_EQ(init_with(v, 0, 0, FEAT(1)), 0, "re-INIT succeeds");
	TAP_EQ(get_or(v, ID_CORE(0), 1), 0, "re-INIT resets r0");
	TAP_EQ(get_or(v, ID_SCTLR, 0), 0x00c50078, "re-INIT resets SCTLR");
	TAP_EQ(get_or(v, ID_VFP64(5), 0), PATTERN64, "re-INIT keeps VFP D5");
	TAP_EQ(get_or(v, ID_VFP32(KVM_REG_ARM_VFP_FPSCR), 0), 0x3000000, "re-INIT keeps FPSCR");
}

/* Reset values that the CSV states as "reset 0x..." / "reset value 0". */
static bool csv_reset_value(const struct csv_reg *r, uint64_t *want)
{
	const char *p;

	if ((p = strstr(r->note, "reset value ")))
		p += strlen("reset value ");
	else if ((p = strstr(r->note, "reset 0x")))
		p += strlen("reset ");
	else
		return false;
	*want = strtoull(p, NULL, 0);
	return true;
}

static void test_reset_values(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	unsigned checked = 0;
	bool ok = true;

	a15_vm(1);
	fx_init(v, 0);
	for (int i = 0; i < n_csv; i++) {
		uint64_t want, got;

		if (!csv_reset_value(&csv[i], &want))
			continue;
		checked++;
		if (fx_get(v, csv[i].id, &got) || got != want) {
			tap_diag("%s: got 0x%" PRIx64 " want 0x%" PRIx64, csv[i].name, got, want);
			ok = false;
		}
	}
	tap_ok(ok && checked > 60, "reset values stated in the CSV (%u registers)", checked);
	TAP_EQ(get_or(v, ID_CPSR, 0), 0x1d3, "reset CPSR = SVC, A, I, F");
	TAP_EQ(get_or(v, ID_TTBR0_64, 0), 0xd0c0ffeedecafbadull, "reset TTBR0 64-bit view");
	TAP_EQ(get_or(v, ID_TTBR1, 0), 0xdecafbad, "reset TTBR1 32-bit view");
	TAP_EQ(get_or(v, ARM_CP15_REG64(0, 7), 0), 0xd0c0ffeedecafbadull, "reset PAR 64-bit");
	TAP_EQ(get_or(v, ID_VFP64(31), 1), 0, "a fresh vCPU's D31 is 0");
	TAP_EQ(f.bank[0].cntv_ctl, 0, "reset timer control is 0");
	TAP_EQ(get_or(v, KVM_REG_ARM_TIMER_CTL, 0), ISTATUS,
	       "TIMER_CTL after reset reads ISTATUS (CVAL 0 <= count)");
}

static void test_target_sctlr(void)
{
	struct cpu_ids a7;

	fx_ids_a7(&a7);
	fx_setup(&f, &a7, 1);
	TAP_EQ(fx_init(&f.vcpu[0], 0), 0, "A7 host: INIT with target 1");
	TAP_EQ(get_or(&f.vcpu[0], ID_SCTLR, 0), 0x00c50878, "A7 reset SCTLR");
	TAP_EQ(get_or(&f.vcpu[0], KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 0), 2,
	       "A7 WORKAROUND_1 = NOT_REQUIRED");
	TAP_EQ(fx_set(&f.vcpu[0], KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 2), 0,
	       "A7 WORKAROUND_1 SET 2");
	TAP_EQ(fx_set(&f.vcpu[0], KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 3), -EINVAL,
	       "A7 WORKAROUND_1 SET 3 -> EINVAL");
}

static void test_smp_resets(void)
{
	struct {
		unsigned nr, id;
		uint32_t mpidr, l2_ncores;
	} cases[] = {
		{ 1, 0, 0x80000000, 0 }, { 2, 1, 0x80000001, 1 }, { 4, 3, 0x80000003, 3 },
		{ 6, 4, 0x80000100, 1 }, { 8, 0, 0x80000000, 3 }, { 8, 5, 0x80000101, 3 },
		{ 2, 5, 0x80000101, 3 }, /* beyond the VM's count: ncores wraps to the cap */
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct abi_vcpu *v;
		uint32_t actlr_smp = cases[i].nr > 1 ? 0x40 : 0;

		a15_vm(cases[i].nr);
		v = &f.vcpu[cases[i].id];
		if (cases[i].id >= cases[i].nr)
			abi_vcpu_create(v, &f.bank[cases[i].id], &f.vm, cases[i].id);
		fx_init(v, 0);
		TAP_EQ(get_or(v, ID_MPIDR, 0), cases[i].mpidr, "MPIDR of vCPU %u of %u",
		       cases[i].id, cases[i].nr);
		TAP_EQ(get_or(v, ID_ACTLR, 0), actlr_smp, "ACTLR.SMP of vCPU %u of %u", cases[i].id,
		       cases[i].nr);
		TAP_EQ(get_or(v, ID_L2CTLR, 0),
		       (cases[i].l2_ncores << 24) | (abi_qemu_a15_ids.l2ctlr & ~(3u << 24)),
		       "L2CTLR ncores of vCPU %u of %u", cases[i].id, cases[i].nr);
	}
	a15_vm(1);
	f.ids.mpidr = 0x4000000f;
	f.ids.actlr = 0x41;
	fx_init(&f.vcpu[0], 0);
	TAP_EQ(get_or(&f.vcpu[0], ID_MPIDR, 0), 0x40000000, "MPIDR keeps only host bits 31:30");
	TAP_EQ(get_or(&f.vcpu[0], ID_ACTLR, 0), 0x01,
	       "ACTLR keeps host bits, SMP cleared for 1 vCPU");
}

/* ---------------------------------------------------------------- §5 */

static void test_id_errors(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	uint64_t val;
	static const struct {
		uint64_t id;
		int err;
		const char *what;
	} cases[] = {
		{ 0x6030000000100000ull, -EINVAL, "ARM64 arch byte" },
		{ 0x0020000000100000ull, -EINVAL, "generic arch byte" },
		{ 0x4020000100100000ull, -EINVAL, "bit 32 set" },
		{ 0x40280000000f0800ull, -EINVAL, "bit 51 set" },
		{ 0x4030000000100000ull, -ENOENT, "U64 core id" },
		{ 0x4000000000100000ull, -ENOENT, "U8 core id" },
		{ 0x4020000000100026ull, -ENOENT, "core index 38" },
		{ 0x4020000010100000ull, -ENOENT, "core id with bit 28" },
		{ 0x4020000000140000ull, -ENOENT, "U32 PSCI_VERSION" },
		{ 0x4030000000140003ull, -ENOENT, "FW_REG(3)" },
		{ 0x4030000010140000ull, -ENOENT, "FW id with bit 28" },
		{ 0x40300000000f7181ull, -ENOENT, "TIMER_CTL as U64" },
		{ 0x40200000000f0708ull, -ENOENT, "TIMER_CNT as U32" },
		{ KVM_REG_ARM_PTIMER_CTL, -ENOENT, "PTIMER_CTL" },
		{ KVM_REG_ARM_PTIMER_CNT, -ENOENT, "PTIMER_CNT" },
		{ KVM_REG_ARM_PTIMER_CVAL, -ENOENT, "PTIMER_CVAL" },
		{ 0x4020000000000000ull, -ENOENT, "alias: coproc 0 with MIDR fields" },
		{ 0x4020000000130000ull, -ENOENT, "alias: coproc 0x13 with MIDR fields" },
		{ 0x40200000000e0000ull, -ENOENT, "alias: coproc 14 with MIDR fields" },
		{ 0x40200000000f0040ull, -ENOENT, "alias: op1=8 for ID_PFR0" },
		{ 0x40200000000f2840ull, -ENOENT, "alias: op1=8 for ADFSR" },
		{ 0x40200000100f0800ull, -ENOENT, "SCTLR with bit 28 (secure)" },
		{ 0x40200000000f8800ull, -ENOENT, "SCTLR with bit 15" },
		{ 0x40300000000f0101ull, -ENOENT, "TTBR0_64 with op2 bits" },
		{ 0x40300000000f0900ull, -ENOENT, "TTBR0_64 with CRn bits" },
		{ 0x40300000000f0800ull, -ENOENT, "SCTLR as U64" },
		{ 0x40200000000f0100ull | 0x7, -ENOENT, "ID_ISAR6 is not invariant" },
		{ ARM_CP15_REG32(0, 7, 4, 0), -ENOENT, "32-bit PAR" },
		{ ARM_CP15_REG32(1, 0, 0, 0), -ENOENT, "CCSIDR through cp15" },
		{ ARM_CP15_REG32(0, 9, 12, 0), -ENOENT, "PMCR (trap-only)" },
		{ ID_CCSIDR(3), -ENOENT, "CCSIDR csselr 3 (no L2 I)" },
		{ ID_CCSIDR(12), -ENOENT, "CCSIDR csselr 12" },
		{ ID_CCSIDR(0x100), -ENOENT, "demux id field 1" },
		{ 0x4030000000110000ull, -ENOENT, "CCSIDR as U64" },
		{ 0x4020000010110000ull, -ENOENT, "CCSIDR with bit 28" },
		{ ID_VFP32(0x1002), -ENOENT, "VFP 0x1002" },
		{ ID_VFP32(0x1005), -ENOENT, "VFP 0x1005" },
		{ ID_VFP32(0x100b), -ENOENT, "VFP 0x100b" },
		{ ID_VFP64(0x20), -ENOENT, "VFP regno 0x20" },
		{ ID_VFP32(0), -ENOENT, "D0 as U32" },
		{ ID_VFP64(KVM_REG_ARM_VFP_FPSCR), -ENOENT, "FPSCR as U64" },
		{ 0x4030000010120000ull, -ENOENT, "D0 with bit 28" },
	};

	a15_vm(1);
	fx_init(v, 0);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int size = abi_reg_size(v, cases[i].id);
		int get = fx_get(v, cases[i].id, &val);
		int set = fx_set(v, cases[i].id, 0);

		tap_ok(size == cases[i].err && get == cases[i].err && set == cases[i].err,
		       "%s -> %s for size, GET and SET", cases[i].what,
		       cases[i].err == -EINVAL ? "EINVAL" : "ENOENT");
		if (size != cases[i].err || get != cases[i].err || set != cases[i].err)
			tap_diag("size %d get %d set %d", size, get, set);
	}
}

static void test_cpsr(void)
{
	static const uint32_t ok_modes[] = { USR_MODE, FIQ_MODE, IRQ_MODE,
					     SVC_MODE, ABT_MODE, UND_MODE };
	static const uint32_t bad_modes[] = { SYSTEM_MODE, MON_MODE,   HYP_MODE,   USR26_MODE,
					      FIQ26_MODE,  IRQ26_MODE, SVC26_MODE, 0x15 };
	struct abi_vcpu *v = &f.vcpu[0];
	uint32_t high = PSR_N_BIT | PSR_Z_BIT | PSR_T_BIT | PSR_I_BIT;

	a15_vm(1);
	fx_init(v, 0);
	for (unsigned i = 0; i < sizeof(ok_modes) / sizeof(ok_modes[0]); i++) {
		TAP_EQ(fx_set(v, ID_CPSR, high | ok_modes[i]), 0, "CPSR mode 0x%02x accepted",
		       ok_modes[i]);
		TAP_EQ(get_or(v, ID_CPSR, 0), high | ok_modes[i], "CPSR mode 0x%02x stored",
		       ok_modes[i]);
	}
	fx_set(v, ID_CPSR, 0x1d3);
	for (unsigned i = 0; i < sizeof(bad_modes) / sizeof(bad_modes[0]); i++) {
		TAP_EQ(fx_set(v, ID_CPSR, bad_modes[i]), -EINVAL, "CPSR mode 0x%02x -> EINVAL",
		       bad_modes[i]);
		TAP_EQ(get_or(v, ID_CPSR, 0), 0x1d3, "CPSR unchanged after mode 0x%02x",
		       bad_modes[i]);
	}
	TAP_EQ(fx_set(v, ID_CORE(KVM_REG_ARM_CORE_REG(KVM_ARM_SVC_spsr)), SYSTEM_MODE), 0,
	       "SPSR is not validated");
}

static void test_fw(void)
{
	struct abi_vcpu *v0 = &f.vcpu[0], *v1 = &f.vcpu[1];

	a15_vm(2);
	fx_init(v0, 0);
	fx_init(v1, 0);
	TAP_EQ(get_or(v0, KVM_REG_ARM_PSCI_VERSION, 0), PSCI_0_1,
	       "PSCI_VERSION without PSCI_0_2 = 0.1");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, PSCI_0_2), -EINVAL,
	       "without PSCI_0_2: SET 0.2 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, PSCI_1_0), -EINVAL,
	       "without PSCI_0_2: SET 1.0 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, PSCI_0_1), 0, "without PSCI_0_2: SET 0.1");

	a15_vm(2);
	fx_init(v0, FEAT(KVM_ARM_VCPU_PSCI_0_2));
	fx_init(v1, FEAT(KVM_ARM_VCPU_PSCI_0_2));
	TAP_EQ(get_or(v0, KVM_REG_ARM_PSCI_VERSION, 0), PSCI_1_0,
	       "PSCI_VERSION with PSCI_0_2 = 1.0");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, PSCI_0_1), -EINVAL,
	       "with PSCI_0_2: SET 0.1 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, 0x10001), -EINVAL, "SET PSCI 1.1 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, 0), -EINVAL, "SET PSCI 0 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_PSCI_VERSION, PSCI_0_2), 0, "with PSCI_0_2: SET 0.2");
	TAP_EQ(get_or(v0, KVM_REG_ARM_PSCI_VERSION, 0), PSCI_0_2, "PSCI_VERSION reads back 0.2");
	TAP_EQ(get_or(v1, KVM_REG_ARM_PSCI_VERSION, 0), PSCI_0_2, "PSCI_VERSION is VM-wide");
	TAP_EQ(fx_init(v0, FEAT(KVM_ARM_VCPU_PSCI_0_2)), 0, "re-INIT");
	TAP_EQ(get_or(v0, KVM_REG_ARM_PSCI_VERSION, 0), PSCI_0_2,
	       "re-INIT keeps the VM's PSCI version");

	TAP_EQ(get_or(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 9), 0,
	       "A15 WORKAROUND_1 = NOT_AVAIL (hypv7 does not harden the branch predictor)");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 0), 0, "WORKAROUND_1 SET 0");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 1), -EINVAL,
	       "A15 WORKAROUND_1 SET 1 (above the level) -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 2), -EINVAL,
	       "A15 WORKAROUND_1 SET 2 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 0x10), -EINVAL,
	       "WORKAROUND_1 SET 0x10 -> EINVAL");
	TAP_EQ(get_or(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 9), 0,
	       "WORKAROUND_1 SET stores nothing");

	TAP_EQ(get_or(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 9), 1, "WORKAROUND_2 = UNKNOWN");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 0), 0, "WORKAROUND_2 SET 0");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 1), 0, "WORKAROUND_2 SET 1");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 2), -EINVAL,
	       "WORKAROUND_2 SET 2 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 3), -EINVAL,
	       "WORKAROUND_2 SET 3 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 0x11), -EINVAL,
	       "WORKAROUND_2 SET ENABLED|1 -> EINVAL");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 0x20), -EINVAL,
	       "WORKAROUND_2 SET 0x20 -> EINVAL");

	f.ids.invariant[INVARIANT_MIDR] = 0x410fc090; /* not A15/A7: KVM does not know it */
	TAP_EQ(get_or(v0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 9), 0,
	       "other CPU WORKAROUND_1 = NOT_AVAIL");
}

static void test_timer(void)
{
	struct abi_vcpu *v0 = &f.vcpu[0], *v1 = &f.vcpu[1];

	a15_vm(2);
	fx_phys_counter = 1000;
	fx_init(v0, 0);
	fx_init(v1, 0);
	TAP_EQ(fx_set(v0, KVM_REG_ARM_TIMER_CNT, 400), 0, "TIMER_CNT SET");
	TAP_EQ(f.vm.cntvoff, 600, "TIMER_CNT SET sets cntvoff = phys - val");
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CNT, 0), 400, "TIMER_CNT reads phys - cntvoff");
	fx_phys_counter = 1100;
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CNT, 0), 500, "TIMER_CNT follows the physical counter");
	TAP_EQ(get_or(v1, KVM_REG_ARM_TIMER_CNT, 0), 500, "TIMER_CNT is VM-wide");

	TAP_EQ(fx_set(v0, KVM_REG_ARM_TIMER_CVAL, 10000), 0, "TIMER_CVAL SET");
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CVAL, 0), 10000, "TIMER_CVAL is storage");
	TAP_EQ(fx_set(v0, KVM_REG_ARM_TIMER_CTL, 0x7), 0, "TIMER_CTL SET with ISTATUS");
	TAP_EQ(f.bank[0].cntv_ctl, 0x3, "TIMER_CTL SET drops ISTATUS");
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CTL, 0), 0x3,
	       "TIMER_CTL: no ISTATUS while CVAL > count");
	fx_set(v0, KVM_REG_ARM_TIMER_CVAL, 500);
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CTL, 0), 0x7, "TIMER_CTL: ISTATUS when CVAL == count");
	fx_set(v0, KVM_REG_ARM_TIMER_CVAL, 501);
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CTL, 0), 0x3,
	       "TIMER_CTL: no ISTATUS when CVAL = count + 1");
	fx_set(v0, KVM_REG_ARM_TIMER_CVAL, 499);
	fx_set(v0, KVM_REG_ARM_TIMER_CTL, 0);
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CTL, 0), ISTATUS,
	       "TIMER_CTL: ISTATUS even when disabled");
	fx_set(v0, KVM_REG_ARM_TIMER_CVAL, 1234);
	fx_init(v0, 0);
	TAP_EQ(get_or(v0, KVM_REG_ARM_TIMER_CVAL, 0), 1234, "re-INIT keeps TIMER_CVAL");
	fx_phys_counter = 0;
}

static void test_ttbr_views(void)
{
	struct abi_vcpu *v = &f.vcpu[0];

	a15_vm(1);
	fx_init(v, 0);
	TAP_EQ(fx_set(v, ID_TTBR0_64, 0x1122334455667788ull), 0, "TTBR0_64 SET");
	TAP_EQ(get_or(v, ID_TTBR0, 0), 0x55667788, "TTBR0 32-bit view is the low word");
	TAP_EQ(fx_set(v, ID_TTBR0, 0xaabbccdd), 0, "TTBR0 32-bit SET");
	TAP_EQ(get_or(v, ID_TTBR0_64, 0), 0x11223344aabbccddull,
	       "TTBR0 32-bit SET keeps the high word");
	TAP_EQ(fx_set(v, ID_TTBR1, 0x1000), 0, "TTBR1 32-bit SET");
	TAP_EQ(get_or(v, ID_TTBR1_64, 0), 0xd0c0ffee00001000ull,
	       "TTBR1 64-bit view after a 32-bit SET");
}

static void test_invariants(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	const struct cpu_ids *ids = &abi_qemu_a15_ids;
	struct {
		uint64_t id;
		uint32_t host;
		const char *name;
	} cases[] = {
		{ ID_MIDR, ids->invariant[INVARIANT_MIDR], "MIDR" },
		{ ARM_CP15_REG32(1, 0, 0, 1), ids->invariant[INVARIANT_CLIDR], "CLIDR" },
		{ ARM_CP15_REG32(0, 0, 2, 5), ids->invariant[INVARIANT_ID_ISAR5], "ID_ISAR5" },
		{ ID_VFP32(KVM_REG_ARM_VFP_MVFR0), ids->mvfr0, "MVFR0" },
		{ ID_VFP32(KVM_REG_ARM_VFP_MVFR1), ids->mvfr1, "MVFR1" },
		{ ID_VFP32(KVM_REG_ARM_VFP_FPSID), ids->fpsid, "FPSID" },
		{ ID_CCSIDR(0), ids->ccsidr[0], "CCSIDR[0]" },
		{ ID_CCSIDR(2), ids->ccsidr[2], "CCSIDR[2]" },
	};

	a15_vm(1);
	fx_init(v, 0);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TAP_EQ(get_or(v, cases[i].id, 0), cases[i].host, "%s reads the host value",
		       cases[i].name);
		TAP_EQ(fx_set(v, cases[i].id, cases[i].host), 0, "%s SET of the host value",
		       cases[i].name);
		TAP_EQ(fx_set(v, cases[i].id, cases[i].host ^ 1), -EINVAL,
		       "%s SET of another value -> EINVAL", cases[i].name);
		TAP_EQ(get_or(v, cases[i].id, 0), cases[i].host, "%s unchanged", cases[i].name);
	}
	TAP_EQ(fx_set(v, ID_MPIDR, 0x12345678), 0, "MPIDR is writable through SET_ONE_REG");
	TAP_EQ(get_or(v, ID_MPIDR, 0), 0x12345678, "MPIDR SET stored");
}

/* -------------------------------------------- values the CPU can hold */

/* A SET of `bad` is -EINVAL and leaves `good` (set first) in place. */
static void expect_refused(struct abi_vcpu *v, uint64_t id, uint64_t good, uint64_t bad,
			   const char *what)
{
	TAP_EQ(fx_set(v, id, good), 0, "%s: 0x%" PRIx64 " accepted", what, good);
	TAP_EQ(fx_set(v, id, bad), -EINVAL, "%s: 0x%" PRIx64 " -> EINVAL", what, bad);
	TAP_EQ(get_or(v, id, 0), good, "%s: unchanged", what);
}

static void test_fixed_bits(void)
{
	struct abi_vcpu *v = &f.vcpu[0];

	a15_vm(1);
	f.ids.cp15_fixed[CP15_SLOT_CSSELR] = (struct fixed_bits32){ ~0xfu, 0 };
	f.ids.cp15_fixed[CP15_SLOT_SCTLR] = (struct fixed_bits32){ 0x18u, 0x18u };
	f.ids.cp15_64_fixed[CP15_64_SLOT_TTBR0_64] =
	    (struct fixed_bits64){ 0xff00000000000001ull, 0 };
	f.ids.vfp_fixed[VFP_SLOT_FPSCR] = (struct fixed_bits32){ 0x0008ff60u, 0 };
	fx_init(v, 0);
	TAP_EQ(get_or(v, ID_CSSELR, 0), 0xdecafbadu & 0xfu, "reset fill limited to CSSELR's bits");
	expect_refused(v, ID_CSSELR, 0x3, 0x13, "CSSELR with a RAZ bit");
	expect_refused(v, ID_SCTLR, 0x00c5187d, 0x00c50865, "SCTLR without a RAO bit");
	expect_refused(v, ID_TTBR0_64, 0x0012345678abcdeeull, 0x0112345678abcdeeull,
		       "TTBR0_64 with a RAZ high bit");
	expect_refused(v, ID_TTBR0, 0x78abcdee, 0x78abcdef, "TTBR0 32-bit view with a RAZ bit");
	expect_refused(v, ID_FPSCR, 0x03000000, 0x03000100, "FPSCR with a trap-enable bit");
	/* Cortex-A15 and A7: the null VFP subarchitecture, no FPINST. */
	expect_refused(v, ID_FPEXC, 0x40000000u, FPEXC_EX_EN, "FPEXC.EX without FPINST");
	expect_refused(v, ID_FPINST, 0, 0xee000a10u, "FPINST that does not exist");
	expect_refused(v, ID_FPINST2, 0, 1, "FPINST2 that does not exist");
	expect_refused(v, ID_CPSR, 0x1d3, 0x1d3 | CPSR_J, "CPSR.J (no Jazelle, no ThumbEE)");
	expect_refused(v, ID_CPSR, 0x1d3, 0x1d3 | CPSR_BIT20, "CPSR reserved bit 20");
	expect_refused(v, ID_CPSR, 0x1f3 | CPSR_IT_LOW, 0x1d3 | CPSR_IT_LOW,
		       "CPSR IT bits in ARM state");
	fx_set(v, KVM_REG_ARM_TIMER_CVAL, 1000); /* not yet due: no ISTATUS */
	expect_refused(v, KVM_REG_ARM_TIMER_CTL, 0x3, 0x8, "TIMER_CTL bit 3");
	f.ids.fpsid = (f.ids.fpsid & ~FPSID_SUBARCH_FIELD) | FPSID_VFPV2_COMMON;
	TAP_EQ(fx_set(v, ID_FPEXC, FPEXC_EX_EN), 0, "FPEXC.EX on a VFP with FPINST");
}

/* Every writable reference id keeps what is written, at its own size. */
static bool is_invariant(const struct csv_reg *r)
{
	return strstr(r->note, "invariant") != NULL;
}

static bool is_special(const struct csv_reg *r)
{
	return !strcmp(r->group, "fw") || !strcmp(r->group, "timer") || r->id == ID_CPSR;
}

static void test_round_trips(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	unsigned writable = 0, invariant = 0;
	bool ok = true;

	a15_vm(1);
	/* A VFPv2 of the common subarchitecture: FPEXC and FPINST hold any value. */
	f.ids.fpsid = (f.ids.fpsid & ~FPSID_SUBARCH_FIELD) | FPSID_VFPV2_COMMON;
	fx_init(v, 0);
	for (int i = 0; i < n_csv; i++) {
		uint64_t mask = csv[i].bits == 64 ? UINT64_MAX : UINT32_MAX;
		uint64_t pattern = (PATTERN64 + (uint64_t)i * 0x1111) & mask, got = 0, host = 0;

		if (is_special(&csv[i]))
			continue;
		if (is_invariant(&csv[i])) {
			invariant++;
			fx_get(v, csv[i].id, &host);
			if (fx_set(v, csv[i].id, host ^ 1) != -EINVAL ||
			    fx_set(v, csv[i].id, host)) {
				tap_diag("%s: invariant SET rules", csv[i].name);
				ok = false;
			}
			continue;
		}
		writable++;
		if (fx_set(v, csv[i].id, pattern | ~mask) || fx_get(v, csv[i].id, &got) ||
		    got != pattern) {
			tap_diag("%s: wrote 0x%" PRIx64 " read 0x%" PRIx64, csv[i].name, pattern,
				 got);
			ok = false;
		}
	}
	tap_ok(ok, "round trip of %u writable and %u invariant reference ids", writable, invariant);
	TAP_EQ(writable + invariant, n_csv - 7,
	       "every reference id but FW, timer and CPSR covered");
	TAP_EQ(fx_overruns, 0, "no GET wrote past its size");
	/* The 32-bit SETs above only saw their own 4 bytes: pattern | ~mask was cut. */
}

static void test_core_layout(void)
{
	struct abi_vcpu *v = &f.vcpu[0];

	a15_vm(1);
	fx_init(v, 0);
	fx_set(v, ID_CORE(KVM_REG_ARM_CORE_REG(usr_regs.ARM_pc)), 0x40000000);
	fx_set(v, ID_CORE(KVM_REG_ARM_CORE_REG(KVM_ARM_FIQ_spsr)), 0x11);
	fx_set(v, ID_CORE(KVM_REG_ARM_CORE_REG(KVM_ARM_SVC_sp)), 0x8000);
	TAP_EQ(f.bank[0].core.usr_regs.ARM_pc, 0x40000000, "PC lands in bank.core.usr_regs.ARM_pc");
	TAP_EQ(f.bank[0].core.KVM_ARM_FIQ_spsr, 0x11, "SPSR_fiq lands in fiq_regs[7]");
	TAP_EQ(f.bank[0].core.KVM_ARM_SVC_sp, 0x8000, "SP_svc lands in svc_regs[0]");
}

/* A GET through abi_reg_storage() is the same as abi_get_reg(). */
static void test_storage(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	unsigned plain = 0, computed = 0;
	bool ok = true;

	a15_vm(1);
	fx_init(v, 0);
	for (int i = 0; i < n_csv; i++) {
		size_t offset = 0;
		int size = abi_reg_storage(v, csv[i].id, &offset);
		uint64_t want = 0, got = 0;

		if (size < 0) {
			tap_diag("%s: abi_reg_storage %d", csv[i].name, size);
			ok = false;
			continue;
		}
		if (!size) {
			computed++;
			continue;
		}
		plain++;
		fx_set(v, csv[i].id, PATTERN64 + (uint64_t)i);
		fx_get(v, csv[i].id, &want);
		memcpy(&got, (const uint8_t *)v->bank + offset, (size_t)size);
		if (got != want || (unsigned)size * 8 != csv[i].bits) {
			tap_diag("%s: bank bytes 0x%" PRIx64 ", GET 0x%" PRIx64, csv[i].name, got,
				 want);
			ok = false;
		}
	}
	tap_ok(ok, "%u ids read straight from the bank match GET", plain);
	/* FW 3, timer CTL and CNT 2 (CVAL is storage), invariants 21 +
	 * MVFR0/MVFR1/FPSID 3, CCSIDR 3, and the 32-bit TTBR0/TTBR1 views 2 are
	 * worked out on each GET. */
	TAP_EQ(computed, 3 + 2 + 21 + 3 + 3 + 2, "the others are worked out on each GET");
	size_t offset;
	TAP_EQ(abi_reg_storage(v, 0x6030000000100000ull, &offset), -EINVAL,
	       "an arm64 id is -EINVAL here too");
}

/*
 * The hypervisor's per-position accessors (hyp/hypercall.c) trust these:
 * a plain SET stores exactly what abi_set_reg() stores and refuses what it
 * refuses; a host value is what GET reads and what SET must repeat.
 */
static void test_plain_set_and_host_values(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	unsigned plain = 0, host = 0;
	bool ok = true;

	a15_vm(1);
	fx_init(v, 0);
	for (int i = 0; i < n_csv; i++) {
		size_t offset = 0, storage = 0;
		struct fixed_bits64 fixed;
		uint64_t value = 0, got = 0;
		int size = abi_reg_plain_set(v, csv[i].id, &offset, &fixed);
		int host_size = abi_reg_host_value(v, csv[i].id, &value);

		if (size < 0 || host_size < 0 || (size && host_size)) {
			tap_diag("%s: plain set %d, host %d", csv[i].name, size, host_size);
			ok = false;
			continue;
		}
		if (host_size) {
			host++;
			fx_get(v, csv[i].id, &got);
			ok &= got == value && abi_set_reg(v, csv[i].id, &value) == 0;
			value ^= 1;
			ok &= abi_set_reg(v, csv[i].id, &value) == -EINVAL;
			continue;
		}
		if (!size)
			continue;
		plain++;
		ok &= abi_reg_storage(v, csv[i].id, &storage) == size && storage == offset;
		/* A value with the fixed bits right is stored as it is; one with
		 * them wrong (where any are fixed) is refused. */
		uint64_t x = ((PATTERN64 + (uint64_t)i) & ~fixed.mask) | fixed.value;
		ok &= abi_set_reg(v, csv[i].id, &x) == 0;
		memcpy(&got, (const uint8_t *)v->bank + offset, (size_t)size);
		ok &= got == (size == 4 ? (uint32_t)x : x);
		if (fixed.mask) {
			uint64_t bad = x ^ (fixed.mask & -fixed.mask);
			ok &= abi_set_reg(v, csv[i].id, &bad) == -EINVAL;
		}
		if (!ok)
			tap_diag("%s: a plain SET differs from abi_set_reg", csv[i].name);
	}
	tap_ok(ok, "%u plain SETs and %u host values agree with SET and GET", plain, host);
	/* Every stored register but CPSR and the two TTBR views; invariants 21
	 * + MVFR0/MVFR1/FPSID 3 + CCSIDR 3 are the host's. */
	TAP_EQ(host, 21 + 3 + 3, "the host's registers");
	size_t offset;
	struct fixed_bits64 fixed;
	TAP_EQ(
	    abi_reg_plain_set(v, ID_CORE(KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr)), &offset, &fixed),
	    0, "CPSR has rules of its own: no plain SET");
}

static void test_endianness(void)
{
	struct abi_vcpu *v = &f.vcpu[0];
	uint8_t buf[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
	uint8_t out[8];

	a15_vm(1);
	fx_init(v, 0);
	abi_set_reg(v, ID_VFP64(3), buf);
	TAP_EQ(f.bank[0].vfp_d[3], 0x0807060504030201ull, "val buffers are little-endian (SET)");
	memset(out, 0, sizeof(out));
	abi_get_reg(v, ID_VFP64(3), out);
	tap_ok(!memcmp(out, buf, sizeof(buf)), "val buffers are little-endian (GET)");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		tap_ok(false, "usage: test_abi reglist-a15.csv");
		return tap_exit();
	}
	n_csv = csv_load(argv[1], csv, CSV_MAX_REGS);
	tap_ok(n_csv > 0, "reference CSV loaded");
	test_create_and_target();
	test_init_rules();
	test_reset_values();
	test_target_sctlr();
	test_smp_resets();
	test_id_errors();
	test_cpsr();
	test_fw();
	test_timer();
	test_ttbr_views();
	test_invariants();
	test_storage();
	test_plain_set_and_host_values();
	test_fixed_bits();
	test_round_trips();
	test_core_layout();
	test_endianness();
	return tap_exit();
}
