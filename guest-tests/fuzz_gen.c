/*
 * The fuzzer's call generator: function ids over the whole SMCCC space,
 * handles, register ids, values, sizes, counts and pointers of every class
 * (good, unaligned, across pages, into the hole or the read-only page, off
 * the end of RAM, NULL, MMIO, above RAM, 64-bit), the structures they point
 * at written into the arena. It only draws from its own generator, so the
 * same seed makes the same call whatever the VMs did before.
 */
#include <string.h>

#include "ctl.h"
#include "fuzz_call_types.h"
#include "guest.h"

#define PAGE FUZZ_PAGE
#define ARENA_GOOD_PAGES (FUZZ_ARENA_RW_LAST + 1)
#define ALIGN8 (~7u)
#define ONE_REG_BYTES 16u
#define INIT_BYTES ((uint32_t)sizeof(struct kvm_vcpu_init))
#define MULTI_GENERATED_MAX 24u /* entries written beyond that: whatever memory holds */
#define VALUE_BUF_MAX 8u
#define BIG_WINDOW_MAX (ARENA_GOOD_PAGES * PAGE)

#define UART_IPA 0x09000000u
#define GIC_IPA 0x08000000u
#define GICD_SPAN 0x10000u
#define GICC_IPA 0x08010000u
#define GICC_SPAN 0x2000u
#define HIGH_HALF 0x80000000u
#define TOP_OF_SPACE 0xfffffff0u
#define ABOVE_RAM_SPAN 0x100000u
#define NEAR_MAX_SPAN 16u
#define NO_VM UINT32_MAX /* gen_value() of a handle naming no VM */

#define CPSR_MODE_MASK 0x1fu
#define CPSR_RESERVED 0x00f00000u
#define CPSR_J 0x01000000u
#define CPSR_IT 0x0600fc00u
#define CPSR_T 0x00000020u
#define CPSR_FLAGS_MASK 0xf80003e0u /* NZCVQ, E, A, I, F, T */
#define FPEXC_EN 0x40000000u
#define FPEXC_EX 0x80000000u
#define FPINST_SAMPLE 0xee000a10u
#define TIMER_CVAL_SAFE_MASK ((1ull << 40) - 1)
#define RESET_FILL 0xdecafbadu
#define PSCI_VERSION_BAD 0x00010001u
/* KVM_REG_ARM_CORE_REG(usr_regs.ARM_pc), which is its list position too */
#define CORE_PC_INDEX 15u
/* SMCCC function ids: owners 0..6 have services; low numbers and the
 * 0xff00.. service queries are where the calls are. */
#define OWNERS_DEFINED 7u
#define FN_LOW_SPAN 0x40u
#define FN_QUERIES_FIRST 0xff00u
#define FN_QUERIES_SPAN 0x100u
#define FN_SPACE 0x10000u
#define SMCCC_64 (1u << 30) /* the SMC64 calling convention bit */

/* Function ids hypv7 serves (hypercalls.def): made only as structured calls. */
static const uint16_t hcall_numbers[] = {
#define HCALL(name, nr, summary) nr,
#include <hypv7/hypercalls.def>
};
#define NR_HCALLS (sizeof(hcall_numbers) / sizeof(hcall_numbers[0]))

static const uint8_t mix_weights[FUZZ_NR_MIXES][FUZZ_NR_KINDS] = {
	[FUZZ_MIX_MIXED] = {
		[FUZZ_K_RAW_SMCCC] = 12, [FUZZ_K_PSCI] = 4, [FUZZ_K_DISCOVERY] = 3,
		[FUZZ_K_CHECK_EXTENSION] = 2, [FUZZ_K_SELF] = 2, [FUZZ_K_VM_INFO] = 4,
		[FUZZ_K_VCPU_INIT] = 5, [FUZZ_K_PREFERRED_TARGET] = 3, [FUZZ_K_GET_ONE_REG] = 12,
		[FUZZ_K_SET_ONE_REG] = 12, [FUZZ_K_GET_REG_LIST] = 4, [FUZZ_K_GET_MULTI] = 6,
		[FUZZ_K_SET_MULTI] = 6, [FUZZ_K_VCPU_PAUSE] = 4, [FUZZ_K_VCPU_RESUME] = 3,
		[FUZZ_K_VCPU_STATE] = 5, [FUZZ_K_VM_READ_MEM] = 6, [FUZZ_K_VM_WRITE_MEM] = 5,
		[FUZZ_K_DEVICE_ATTR] = 5,
	},
	[FUZZ_MIX_REGS] = {
		[FUZZ_K_GET_ONE_REG] = 25, [FUZZ_K_SET_ONE_REG] = 40, [FUZZ_K_GET_MULTI] = 10,
		[FUZZ_K_SET_MULTI] = 12, [FUZZ_K_GET_REG_LIST] = 3, [FUZZ_K_VCPU_STATE] = 2,
	},
	[FUZZ_MIX_STORM] = {
		[FUZZ_K_VCPU_PAUSE] = 25, [FUZZ_K_VCPU_RESUME] = 20, [FUZZ_K_VCPU_STATE] = 15,
		[FUZZ_K_SET_ONE_REG] = 15, [FUZZ_K_VCPU_INIT] = 15, [FUZZ_K_GET_ONE_REG] = 5,
		[FUZZ_K_SET_MULTI] = 5,
	},
	[FUZZ_MIX_SMCCC] = {
		[FUZZ_K_RAW_SMCCC] = 60, [FUZZ_K_PSCI] = 20, [FUZZ_K_DISCOVERY] = 10,
		[FUZZ_K_CHECK_EXTENSION] = 5, [FUZZ_K_SELF] = 5,
	},
	[FUZZ_MIX_MEMORY] = {
		[FUZZ_K_VM_READ_MEM] = 40, [FUZZ_K_VM_WRITE_MEM] = 35, [FUZZ_K_GET_REG_LIST] = 10,
		[FUZZ_K_PREFERRED_TARGET] = 10, [FUZZ_K_VM_INFO] = 5, [FUZZ_K_DEVICE_ATTR] = 15,
	},
};

struct gen {
	struct fuzz_ctx *c;
	struct fuzz_rng *r;
	enum fuzz_mix mix;
	struct fuzz_call *call;
	uint32_t *in;
};

/* Where "good" buffers go: a range of the arena's first RW pages. */
struct area {
	uint32_t first_page, last_page;
};
static const struct area AREA_ANY = { 0, FUZZ_ARENA_RW_LAST };
static const struct area AREA_ARRAYS = { 0, 7 };
static const struct area AREA_VALUES = { 8, FUZZ_ARENA_RW_LAST };

enum ptr_use { PTR_SRC, PTR_DST };

static uint32_t rnd(struct gen *g)
{
	return fuzz_rand32(g->r);
}

static uint32_t below(struct gen *g, uint32_t n)
{
	return fuzz_below(g->r, n ? n : 1);
}

static bool one_in(struct gen *g, uint32_t n)
{
	return fuzz_one_in(g->r, n);
}

static uint32_t arena_page(uint32_t page)
{
	return fuzz_arena_base() + page * PAGE;
}

/* ------------------------------------------------------------ pointers */

static uint32_t good_ptr(struct gen *g, uint32_t len, struct area a)
{
	uint32_t lo = arena_page(a.first_page), hi = arena_page(a.last_page + 1);
	uint32_t room = hi - lo;

	if (len >= room)
		return lo;
	uint32_t off = below(g, room - len + 1);
	if (!one_in(g, 3))
		off &= ALIGN8;
	return lo + off;
}

/* A buffer of len bytes starting before the end of `page` and running
 * into the next one (len >= 2). */
static uint32_t across(struct gen *g, uint32_t page, uint32_t len)
{
	uint32_t span = len - 1 < PAGE - 1 ? len - 1 : PAGE - 1;

	return arena_page(page + 1) - 1 - below(g, span);
}

/* Inside one page, whole (len <= PAGE). */
static uint32_t inside(struct gen *g, uint32_t page, uint32_t len)
{
	return arena_page(page) + below(g, PAGE - len + 1);
}

static uint32_t off_ram_end(struct gen *g, uint32_t len)
{
	uint32_t span = len + 64 < FUZZ_TOP_PAGES * PAGE ? len + 64 : FUZZ_TOP_PAGES * PAGE;

	return g->c->mem->ram_end - 1 - below(g, span);
}

static uint64_t bad_ptr(struct gen *g, uint32_t pick)
{
	const struct fuzz_mem *m = g->c->mem;

	switch (pick % 8) {
	case 0: return 0;
	case 1: return below(g, PAGE);
	case 2: return UART_IPA + below(g, PAGE);
	case 3: /* the GIC; its CPU interface page is the board's GICV once touched */
		return g->c->gicc_pointers && one_in(g, 2) ? GICC_IPA + below(g, GICC_SPAN)
							   : GIC_IPA + below(g, GICD_SPAN);
	case 4: return below(g, m->ram_base);
	case 5: return m->ram_end + below(g, ABOVE_RAM_SPAN);
	case 6: return one_in(g, 2) ? HIGH_HALF : TOP_OF_SPACE + below(g, NEAR_MAX_SPAN);
	default: return m->ram_end + below(g, 0u - m->ram_end);
	}
}

/*
 * A pointer of some class for a buffer of `len` bytes (len > 0). Every
 * class keeps what hypv7 could write inside the arena or the top zone, or
 * is refused whole: nothing else of this VM is ever a destination.
 * `wide`: the pointer is a u64 (kvm_one_reg.addr), so its high half may be set.
 */
static uint64_t gen_ptr(struct gen *g, uint32_t len, enum ptr_use use, struct area a, bool wide)
{
	const struct fuzz_mem *m = g->c->mem;
	uint32_t pick = below(g, 100);
	bool small = len <= PAGE;

	if (pick < 55 || (!small && pick < 90))
		return good_ptr(g, len, a);
	if (pick < 60 && len >= 2)
		return across(g, a.first_page + below(g, a.last_page - a.first_page), len);
	if (pick < 64 && small)
		return len >= 2 ? across(g, FUZZ_ARENA_RW_LAST, len) : arena_page(FUZZ_ARENA_HOLE);
	if (pick < 67 && small)
		return inside(g, FUZZ_ARENA_HOLE, len);
	if (pick < 71 && small)
		return inside(g, FUZZ_ARENA_RO, len);
	if (pick < 73 && small && len >= 2)
		return across(g, FUZZ_ARENA_RW_B, len);
	if (pick < 75 && small && len >= 2)
		return across(g, FUZZ_ARENA_RO, len);
	if (pick < 77 && small)
		return inside(g, one_in(g, 2) ? FUZZ_ARENA_RW_B : FUZZ_ARENA_RW_C, len);
	if (pick < 81 && m->nzones > 1)
		return off_ram_end(g, len);
	if (pick < 93)
		return bad_ptr(g, pick);
	if (pick < 96 && use == PTR_SRC && len < m->stable_end - m->stable_first)
		return m->stable_first + below(g, m->stable_end - m->stable_first - len);
	if (wide)
		return good_ptr(g, len, a) | ((uint64_t)(1 + below(g, UINT32_MAX)) << 32);
	return good_ptr(g, len, a);
}

/* The buffer and its guards get this call's pattern (large ones only
 * around their start: calls that take them must refuse them). */
static void window(struct gen *g, uint64_t va, uint64_t len)
{
	fuzz_mem_window(g->c->mem, va, len < BIG_WINDOW_MAX ? len : PAGE);
}

static void poke(struct gen *g, uint64_t va, const void *data, uint32_t len)
{
	if (va < (1ull << 32))
		fuzz_mem_poke(g->c->mem, (uint32_t)va, data, len);
}

/* ------------------------------------------------------------ handles, VMs */

/*
 * The VMs calls aim at, by weight (the tables below): the victim, the
 * canary, the fresh VM, the hostile VM, the caller itself and, when the
 * image has one, the bystander. Without a bystander its weight is left out,
 * so the draws are those of an image without it.
 */
enum aim { AIM_VICTIM, AIM_CANARY, AIM_FRESH, AIM_HOSTILE, AIM_CALLER, AIM_BYSTANDER, NR_AIMS };

static bool has_bystander(const struct gen *g)
{
	return g->c->w->nr_vms > FUZZ_VM_BYSTANDER;
}

static uint32_t pick_vm(struct gen *g, const uint8_t *weights)
{
	static const uint8_t vm_of[NR_AIMS] = {
		[AIM_VICTIM] = FUZZ_VM_VICTIM,       [AIM_CANARY] = FUZZ_VM_CANARY,
		[AIM_FRESH] = FUZZ_VM_FRESH,         [AIM_HOSTILE] = FUZZ_VM_HOSTILE,
		[AIM_BYSTANDER] = FUZZ_VM_BYSTANDER,
	};
	unsigned k = fuzz_weighted(g->r, weights, has_bystander(g) ? NR_AIMS : AIM_BYSTANDER);

	return k == AIM_CALLER ? g->c->w->caller : vm_of[k];
}

/* A VM id with no VM: just past the last, or further. */
static uint32_t missing_vm(struct gen *g)
{
	static const uint32_t far[] = { 7, 8, 0xff, 0x100, 0xffff };
	uint32_t nr = g->c->w->nr_vms;
	uint32_t k = below(g, 2 + sizeof(far) / sizeof(far[0]));

	return k < 2 ? nr + k : far[k - 2] < nr ? nr : far[k - 2];
}

static uint32_t gen_handle(struct gen *g)
{
	static const uint8_t common[NR_AIMS] = { 30, 12, 12, 8, 8, 6 };
	static const uint8_t storm[NR_AIMS] = { 30, 25, 12, 15, 3, 6 };
	static const uint8_t regs[NR_AIMS] = { 85, 5, 4, 3, 3, 2 };
	const uint8_t *w = g->mix == FUZZ_MIX_STORM  ? storm
			   : g->mix == FUZZ_MIX_REGS ? regs
						     : common;
	uint32_t pick = below(g, 100);

	if (pick < 86)
		return HYPV7_HANDLE(pick_vm(g, w), 0);
	if (pick < 93)
		return HYPV7_HANDLE(missing_vm(g), below(g, 2) ? 0 : rnd(g));
	if (pick < 97)
		return HYPV7_HANDLE(below(g, g->c->w->nr_vms),
				    one_in(g, 2) ? 1 : 1 + below(g, 0xffff));
	return rnd(g);
}

static uint32_t gen_vm_id(struct gen *g)
{
	static const uint8_t w[NR_AIMS] = { 25, 20, 25, 10, 10, 8 };
	uint32_t pick = below(g, 100);

	if (pick < 85)
		return pick_vm(g, w);
	if (pick < 95)
		return missing_vm(g);
	return rnd(g);
}

/* ------------------------------------------------------------ register ids */

static const uint64_t odd_ids[] = {
	0x4020000000100026ull, /* core index 38 */
	0x4030000000100000ull, /* core r0 as u64 */
	0x4010000000100000ull, /* core r0 as u16 */
	0x40300000000f7181ull, /* TIMER_CTL as u64 */
	0x4020000000120000ull, /* D0 as u32 */
	0x40200000000f7101ull, /* PTIMER_CTL */
	0x40300000000f0700ull, /* PTIMER_CNT */
	0x4020000000000000ull, /* MIDR with coproc 0 (Linux's alias) */
	0x40200000000f0040ull, /* ID_PFR0 with Op1 8 (Linux's alias) */
	0x4020000010100000ull, /* bit 28 */
	0x4030000000140003ull, /* FW_REG(3) */
	0x4080000000140000ull, /* PSCI_VERSION as u2048: a buffer overflow in Linux */
	0x402000000011000cull, /* CCSIDR csselr 12 */
	0x4020000000121002ull, /* VFP control 0x1002 */
	0x6030000000100000ull, /* arm64 */
	0x4020000100100000ull, /* bit 32 */
	0x4028000000100000ull, /* bit 51 */
	0x40200000000f8000ull, /* bit 15 of a cp15 id */
};

static uint64_t gen_reg_id(struct gen *g)
{
	const struct fuzz_facts *f = &g->c->w->facts;
	uint32_t pick = below(g, 100);
	uint64_t listed = f->list[below(g, f->nlist)];

	if (pick < 72)
		return listed;
	if (pick < 84)
		return listed ^ (1ull << below(g, 64));
	if (pick < 92)
		return odd_ids[below(g, sizeof(odd_ids) / sizeof(odd_ids[0]))];
	uint64_t id = ((uint64_t)rnd(g) << 32) | rnd(g);
	if (one_in(g, 2))
		id = (id & 0xffffffffull) | (one_in(g, 2) ? KVM_REG_SIZE_U32 : KVM_REG_SIZE_U64) |
		     KVM_REG_ARM;
	return id;
}

/* ------------------------------------------------------------ values */

static uint32_t gen_cpsr(struct gen *g)
{
	static const uint8_t modes[] = { 0x10, 0x11, 0x12, 0x13, 0x17, 0x1b,
					 0x1f, 0x1a, 0x16, 0x00, 0x03, 0x1e };
	uint32_t v = modes[below(g, sizeof(modes))] | (rnd(g) & CPSR_FLAGS_MASK);

	switch (below(g, 8)) {
	case 0: return v | CPSR_RESERVED;
	case 1: return v | CPSR_J;
	case 2: return v | (rnd(g) & CPSR_IT);
	case 3: return v | CPSR_T | (rnd(g) & CPSR_IT);
	case 4: return rnd(g);
	default: return v & ~CPSR_T;
	}
}

static uint64_t class_value(struct gen *g, const struct fuzz_reg *reg, uint64_t host)
{
	static const uint32_t psci[] = { PSCI_VERSION_0_1, PSCI_VERSION_0_2, PSCI_VERSION_1_0,
					 PSCI_VERSION_BAD, 3 };
	static const uint32_t fpexc[] = { FPEXC_EN, 0, FPEXC_EX | FPEXC_EN, FPEXC_EX, 0xffffffffu };

	switch (reg->cls) {
	case FUZZ_RC_CPSR: return gen_cpsr(g);
	case FUZZ_RC_HOST: return one_in(g, 2) ? host : host ^ (1u << below(g, 32));
	case FUZZ_RC_FPEXC: return fpexc[below(g, sizeof(fpexc) / sizeof(fpexc[0]))];
	case FUZZ_RC_FPINST: return one_in(g, 2) ? 0 : FPINST_SAMPLE;
	case FUZZ_RC_PSCI_VERSION: return psci[below(g, sizeof(psci) / sizeof(psci[0]))];
	case FUZZ_RC_WA1:
	case FUZZ_RC_WA2: return below(g, 4) | (one_in(g, 4) ? 0x10 : 0);
	case FUZZ_RC_TIMER_CTL: return one_in(g, 4) ? rnd(g) : below(g, 9);
	case FUZZ_RC_CORE:
		return one_in(g, 2) ? g->c->mem->ram_base + (rnd(g) & 0xfffffcu) : rnd(g);
	default: return one_in(g, 2) ? RESET_FILL : g->c->mem->ram_base + (rnd(g) & 0xffffu);
	}
}

/* A PC a run gets somewhere with: in the VM's RAM (ARM or Thumb), or its
 * entry point. */
static uint64_t gen_pc(struct gen *g)
{
	uint32_t pc = GUEST_RAM_IPA + below(g, FUZZ_OTHER_MEM);

	switch (below(g, 4)) {
	case 0: return GUEST_RAM_IPA;
	case 1: return pc | 1u; /* Thumb */
	default: return pc & ~3u;
	}
}

/*
 * A value for a SET of `reg`: the one it holds, random, all zeroes or ones,
 * one bit flipped, or one its class makes interesting. Timer values are
 * kept where QEMU 7.2 survives them (docs/fuzzing.md): TIMER_CNT no larger
 * than this VM's own virtual count (the target's virtual offset stays small),
 * TIMER_CVAL below 2^40.
 */
static uint64_t gen_value(struct gen *g, unsigned vm, const struct fuzz_reg *reg)
{
	uint64_t current = 0, v;
	bool known = vm < g->c->w->nr_vms && fuzz_expected_value(g->c->w, vm, reg, &current);

	switch (below(g, 8)) {
	case 0: v = known ? current : 0; break;
	case 1: v = ((uint64_t)rnd(g) << 32) | rnd(g); break;
	case 2: v = 0; break;
	case 3: v = UINT64_MAX; break;
	case 4: v = current ^ (1ull << below(g, 64)); break;
	default: v = class_value(g, reg, reg->host); break;
	}
	if (reg->cls == FUZZ_RC_CORE && reg->pos == CORE_PC_INDEX && !one_in(g, 3))
		v = gen_pc(g);
	if (reg->cls == FUZZ_RC_TIMER_CNT)
		v %= fuzz_virtual_count() + 1;
	else if (reg->cls == FUZZ_RC_TIMER_CVAL)
		v &= TIMER_CVAL_SAFE_MASK;
	return v;
}

/* ------------------------------------------------------------ SMCCC ids */

static bool is_hcall(uint32_t fid)
{
	if ((fid & ~HYPV7_HC_NR_MASK) != HYPV7_HC_BASE)
		return false;
	for (unsigned i = 0; i < NR_HCALLS; i++)
		if ((fid & HYPV7_HC_NR_MASK) == hcall_numbers[i])
			return true;
	return false;
}

/* Never made on purpose (docs/fuzzing.md): they would power off or reset
 * the caller (VM 0: the board), or stop the run. */
static bool ends_the_run(uint32_t fid)
{
	return fid == PSCI_CPU_OFF || fid == PSCI_SYSTEM_OFF || fid == PSCI_SYSTEM_RESET;
}

static uint32_t known_fid(struct gen *g)
{
	static const uint32_t fids[] = {
		SMCCC_VERSION,
		SMCCC_ARCH_FEATURES,
		0x80008000u,
		0x80007fffu,
		PSCI_VERSION,
		PSCI_CPU_SUSPEND,
		PSCI_CPU_ON,
		PSCI_AFFINITY_INFO,
		PSCI_MIGRATE_INFO_TYPE,
		PSCI_FEATURES,
		0x84000005u,
		0x84000007u,
		0x8400000bu,
		PSCI_FN_LAST,
		HYPV7_HC(CALL_COUNT),
		HYPV7_HC(UID),
		HYPV7_HC(REVISION),
		HYPV7_HC_BASE,
		HYPV7_HC_BASE | 0xff02u,
		HYPV7_HC_BASE | 0xffffu,
		HYPV7_HC(VM_WRITE_MEM) + 1,
	};
	uint32_t fid = fids[below(g, sizeof(fids) / sizeof(fids[0]))];

	switch (below(g, 4)) {
	case 0: return fid ^ (1u << below(g, 32));
	case 1: return fid + below(g, 7) - 3;
	default: return fid;
	}
}

static uint32_t structured_fid(struct gen *g)
{
	uint32_t owner = one_in(g, 2) ? below(g, OWNERS_DEFINED) : below(g, SMCCC_OWNER_MASK + 1);
	uint32_t fn = one_in(g, 2)   ? below(g, FN_LOW_SPAN)
		      : one_in(g, 2) ? FN_QUERIES_FIRST + below(g, FN_QUERIES_SPAN)
				     : below(g, FN_SPACE);
	uint32_t bits = (one_in(g, 5) ? 0 : SMCCC_FAST_CALL) | (one_in(g, 3) ? SMCCC_64 : 0);

	return bits | (owner << SMCCC_OWNER_SHIFT) | fn;
}

static uint32_t gen_fid(struct gen *g)
{
	uint32_t pick = below(g, 10);
	uint32_t fid = pick < 3 ? rnd(g) : pick < 7 ? structured_fid(g) : known_fid(g);

	if (is_hcall(fid) || ends_the_run(fid))
		fid ^= SMCCC_64; /* its SMC64 twin: unknown to an AArch32 guest */
	return fid;
}

/* ------------------------------------------------------------ per kind */

static void set_args(struct gen *g, uint32_t fid, uint32_t a1, uint32_t a2, uint32_t a3,
		     uint32_t a4)
{
	g->in[0] = fid;
	g->in[1] = a1;
	g->in[2] = a2;
	g->in[3] = a3;
	g->in[4] = a4;
}

static void gen_raw(struct gen *g)
{
	set_args(g, gen_fid(g), rnd(g), rnd(g), rnd(g), rnd(g));
}

static uint32_t gen_psci_fid(struct gen *g)
{
	static const uint32_t fids[] = { PSCI_VERSION,       PSCI_CPU_SUSPEND,       PSCI_CPU_ON,
					 PSCI_AFFINITY_INFO, PSCI_MIGRATE_INFO_TYPE, PSCI_FEATURES,
					 SMCCC_VERSION,      SMCCC_ARCH_FEATURES };
	uint32_t fid = fids[below(g, sizeof(fids) / sizeof(fids[0]))];

	return one_in(g, 8) ? PSCI_FN_FIRST + below(g, PSCI_FN_LAST - PSCI_FN_FIRST + 1) : fid;
}

static uint32_t gen_psci_arg(struct gen *g)
{
	const struct fuzz_facts *f = &g->c->w->facts;

	switch (below(g, 6)) {
	case 0: return f->own_mpidr_aff;
	case 1: return f->own_mpidr_aff | (rnd(g) & 0xff000000u);
	case 2: return gen_psci_fid(g);
	case 3: return known_fid(g);
	case 4: return 0;
	default: return rnd(g);
	}
}

static void gen_psci(struct gen *g)
{
	uint32_t fid = gen_psci_fid(g);

	if (ends_the_run(fid))
		fid = PSCI_VERSION;
	set_args(g, fid, gen_psci_arg(g), one_in(g, 2) ? 0 : rnd(g), rnd(g), rnd(g));
}

static void gen_discovery(struct gen *g)
{
	static const uint32_t fids[] = { HYPV7_HC(CALL_COUNT), HYPV7_HC(UID), HYPV7_HC(REVISION) };

	set_args(g, fids[below(g, 3)], rnd(g), rnd(g), rnd(g), rnd(g));
}

static void gen_check_extension(struct gen *g)
{
	static const uint32_t caps[] = { 0,
					 1,
					 KVM_CAP_NR_VCPUS,
					 KVM_CAP_MAX_VCPUS,
					 KVM_CAP_ONE_REG,
					 KVM_CAP_ARM_PSCI,
					 KVM_CAP_ARM_PSCI_0_2,
					 103,
					 0xffff,
					 0xffffffffu };
	uint32_t cap = one_in(g, 4) ? rnd(g) : caps[below(g, sizeof(caps) / sizeof(caps[0]))];

	set_args(g, HYPV7_HC(CHECK_EXTENSION), cap, rnd(g), rnd(g), rnd(g));
}

static void gen_init_struct(struct gen *g, uint64_t at)
{
	struct kvm_vcpu_init init;
	uint32_t pick = below(g, 10);

	memset(&init, 0, sizeof(init));
	init.target = pick < 8   ? g->c->w->facts.target
		      : pick < 9 ? g->c->w->facts.target ^ 1
				 : rnd(g);
	pick = below(g, 10);
	if (pick < 7)
		init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	else if (pick < 8)
		init.features[0] = (1u << KVM_ARM_VCPU_PSCI_0_2) | (1u << KVM_ARM_VCPU_POWER_OFF);
	else if (pick < 9) {
		uint32_t bit = below(g, sizeof(init.features) * 8);
		init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
		init.features[bit / 32] |= 1u << (bit % 32);
	}
	poke(g, at, &init, sizeof(init));
}

static void gen_vcpu_init(struct gen *g)
{
	uint64_t at = gen_ptr(g, INIT_BYTES, PTR_SRC, AREA_ANY, false);

	window(g, at, INIT_BYTES);
	gen_init_struct(g, at);
	set_args(g, HYPV7_HC(VCPU_INIT), gen_handle(g), (uint32_t)at, rnd(g), rnd(g));
}

static void gen_preferred_target(struct gen *g)
{
	uint64_t at = gen_ptr(g, INIT_BYTES, PTR_DST, AREA_ANY, false);

	window(g, at, INIT_BYTES);
	set_args(g, HYPV7_HC(PREFERRED_TARGET), (uint32_t)at, rnd(g), rnd(g), rnd(g));
}

/* One kvm_one_reg at `at` (if it is writable) and its value buffer. */
static void gen_one_reg_entry(struct gen *g, uint64_t at, uint32_t handle, bool set,
			      bool mostly_good)
{
	uint64_t id = gen_reg_id(g);
	uint32_t size = fuzz_reg_size(id);
	uint32_t room = size <= VALUE_BUF_MAX ? size : VALUE_BUF_MAX;
	uint64_t addr = mostly_good && !one_in(g, 8)
			    ? good_ptr(g, room, AREA_VALUES)
			    : gen_ptr(g, room, set ? PTR_SRC : PTR_DST, AREA_VALUES, true);
	struct kvm_one_reg reg = { id, addr };

	window(g, addr, room);
	if (set) {
		struct fuzz_reg r;
		int vm = fuzz_handle_vm(g->c->w, handle);
		if (!fuzz_classify(&g->c->w->facts, id, &r)) {
			uint64_t v = gen_value(g, vm < 0 ? NO_VM : (unsigned)vm, &r);
			poke(g, addr, &v, r.size);
		}
	}
	poke(g, at, &reg, sizeof(reg));
}

static void gen_one_reg(struct gen *g, bool set)
{
	uint32_t handle = gen_handle(g);
	uint64_t at = gen_ptr(g, ONE_REG_BYTES, PTR_SRC, AREA_ARRAYS, false);

	window(g, at, ONE_REG_BYTES);
	gen_one_reg_entry(g, at, handle, set, g->mix == FUZZ_MIX_REGS);
	set_args(g, set ? HYPV7_HC(SET_ONE_REG) : HYPV7_HC(GET_ONE_REG), handle, (uint32_t)at,
		 rnd(g), rnd(g));
}

static uint64_t gen_list_n(struct gen *g)
{
	uint32_t total = g->c->w->facts.nlist;

	switch (below(g, 8)) {
	case 0: return 0;
	case 1: return total - 1;
	case 2: return total + 1;
	case 3: return UINT64_MAX;
	case 4: return 1ull << 32 | total;
	case 5: return below(g, total);
	default: return total;
	}
}

static void gen_reg_list(struct gen *g)
{
	uint32_t bytes = sizeof(uint64_t) * (1 + g->c->w->facts.nlist);
	uint64_t at = gen_ptr(g, bytes, PTR_DST, AREA_ANY, false);
	uint64_t n = gen_list_n(g);

	window(g, at, bytes);
	poke(g, at, &n, sizeof(n));
	set_args(g, HYPV7_HC(GET_REG_LIST), gen_handle(g), (uint32_t)at, rnd(g), rnd(g));
}

static uint32_t gen_count(struct gen *g)
{
	uint32_t total = g->c->w->facts.nlist;

	switch (below(g, 12)) {
	case 0: return 0;
	case 1: return HYPV7_MULTI_MAX;
	case 2: return HYPV7_MULTI_MAX + 1;
	case 3: return one_in(g, 2) ? UINT32_MAX : HIGH_HALF;
	case 4: return total;
	case 5: return rnd(g);
	default: return 1 + below(g, MULTI_GENERATED_MAX);
	}
}

/* The whole list in its own order: hypv7's fast path for snapshots. */
static void gen_list_run(struct gen *g, uint64_t at, bool set, uint32_t handle)
{
	const struct fuzz_facts *f = &g->c->w->facts;
	int vm = fuzz_handle_vm(g->c->w, handle);

	for (unsigned k = 0; k < f->nlist; k++) {
		struct fuzz_reg r;
		fuzz_classify(f, f->list[k], &r);
		uint64_t addr = good_ptr(g, r.size, AREA_VALUES);
		struct kvm_one_reg reg = { f->list[k], addr };
		window(g, addr, r.size);
		if (set) {
			uint64_t v = gen_value(g, vm < 0 ? NO_VM : (unsigned)vm, &r);
			poke(g, addr, &v, r.size);
		}
		poke(g, at + k * ONE_REG_BYTES, &reg, sizeof(reg));
	}
}

/* A SET_MULTI on a protected VM must fail somewhere: one entry's id is bad. */
static void spoil_one_entry(struct gen *g, uint64_t at, uint32_t n)
{
	uint64_t bad = odd_ids[below(g, sizeof(odd_ids) / sizeof(odd_ids[0]))];

	poke(g, at + below(g, n) * ONE_REG_BYTES, &bad, sizeof(bad));
}

static void gen_multi(struct gen *g, bool set)
{
	uint32_t handle = gen_handle(g);
	bool run = one_in(g, 5);
	uint32_t count = run ? g->c->w->facts.nlist : gen_count(g);
	uint32_t n = run ? count : count < MULTI_GENERATED_MAX ? count : MULTI_GENERATED_MAX;
	uint64_t at = gen_ptr(g, (n ? n : 1) * ONE_REG_BYTES, PTR_SRC, AREA_ARRAYS, false);

	window(g, at, (uint64_t)(n ? n : 1) * ONE_REG_BYTES);
	if (run)
		gen_list_run(g, at, set, handle);
	else
		for (uint32_t k = 0; k < n; k++)
			gen_one_reg_entry(g, at + k * ONE_REG_BYTES, handle, set, true);
	int vm = fuzz_handle_vm(g->c->w, handle);
	if (set && n && vm >= 0 && (g->c->w->vm[vm].protect & FUZZ_PROT_REGS) && !one_in(g, 5))
		spoil_one_entry(g, at, n);
	set_args(g, set ? HYPV7_HC(SET_MULTI) : HYPV7_HC(GET_MULTI), handle, (uint32_t)at, count,
		 rnd(g));
}

static void gen_vcpu_call(struct gen *g, uint32_t fid)
{
	set_args(g, fid, gen_handle(g), rnd(g), rnd(g), rnd(g));
}

static uint32_t gen_mem_len(struct gen *g)
{
	switch (below(g, 20)) {
	case 0: return 0;
	case 1: return HYPV7_MEM_XFER_MAX;
	case 2: return HYPV7_MEM_XFER_MAX + 1;
	case 3: return one_in(g, 2) ? UINT32_MAX : HIGH_HALF;
	case 4:
	case 5: return PAGE + below(g, HYPV7_MEM_XFER_MAX - PAGE);
	case 6:
	case 7:
	case 8: return 65 + below(g, PAGE - 64);
	default: return 1 + below(g, 64);
	}
}

/* An IPA in the target VM's RAM with room for len, or one of the ways to
 * miss it (straddling its end, below, above, the UART, wrapping at 4 GiB). */
static uint32_t gen_ipa(struct gen *g, uint32_t vm, uint32_t len)
{
	uint32_t size = vm < g->c->w->nr_vms ? g->c->w->vm[vm].ram_size : FUZZ_OTHER_MEM;
	uint32_t base = GUEST_RAM_IPA, end = base + size, fit = len < size ? size - len : 0;

	switch (below(g, 20)) {
	case 0: return end - below(g, len ? len : 1);
	case 1: return end + below(g, PAGE);
	case 2: return below(g, base);
	case 3: return UART_IPA + below(g, PAGE);
	case 4: return UINT32_MAX - below(g, len ? len : 1);
	case 5: return rnd(g);
	case 6:
	case 7:
	case 8: return MBOX_ADDR + below(g, PAGE);
	default: break;
	}
	if (vm == FUZZ_VM_CANARY && one_in(g, 2))
		return FUZZ_CANARY_RAM_FIRST + below(g, FUZZ_CANARY_RAM_SIZE);
	if (vm == FUZZ_VM_FRESH && one_in(g, 2))
		return FUZZ_FRESH_WINDOW_IPA + below(g, FUZZ_FRESH_WINDOW_SIZE);
	if (vm == g->c->w->caller)
		return (uint32_t)gen_ptr(g, len ? len : 1, PTR_DST, AREA_ANY, false);
	return base + below(g, fit + 1);
}

/* What VM_WRITE_MEM writes into the canary: its own pattern back. */
static void canary_content(struct gen *g, uint64_t buf, uint32_t ipa, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		uint32_t a = ipa + i;
		uint8_t b = (uint8_t)(fuzz_canary_word(a & ~3u) >> ((a & 3u) * 8));
		poke(g, buf + i, &b, 1);
	}
}

static void gen_vm_mem(struct gen *g, bool write)
{
	uint32_t vm = gen_vm_id(g);
	uint32_t len = gen_mem_len(g);
	uint32_t ipa = gen_ipa(g, vm, len);
	uint32_t room = len ? len : 1;
	uint64_t buf = gen_ptr(g, room, write ? PTR_SRC : PTR_DST,
			       vm == g->c->w->caller ? AREA_VALUES : AREA_ANY, false);

	window(g, buf, room);
	if (write && vm == FUZZ_VM_CANARY && len <= PAGE && fuzz_canary_patterned(ipa, len))
		canary_content(g, buf, ipa, len);
	set_args(g, write ? HYPV7_HC(VM_WRITE_MEM) : HYPV7_HC(VM_READ_MEM), vm, ipa, len,
		 (uint32_t)buf);
}

/* ------------------------------------------------------------ device attributes */

#define ATTR_BYTES ((uint32_t)sizeof(struct kvm_device_attr))
#define ATTR_GROUPS 5u /* KVM_DEV_ARM_VGIC_GRP_ADDR .. _CTRL */
#define ATTR_VALUE_BYTES 8u
#define GIC_REG_SPAN 0x1000u
#define GICD_CTLR_ENABLE 1u
#define NR_IRQS_STEP 32u
#define NR_IRQS_LIMIT 1024u

/* Distributor blocks (docs/abi.md 3.14) and the CPU interface's registers. */
static const uint16_t dist_offsets[] = { 0x000, 0x004, 0x008, 0x080, 0x100, 0x180, 0x200,
					 0x280, 0x300, 0x380, 0x400, 0x800, 0xc00, 0xf00,
					 0xf10, 0xf20, 0x00c, 0xd00, 0xe00, 0xf30 };
static const uint16_t cpu_offsets[] = { 0x00, 0x04, 0x08, 0x0c, 0x10, 0x1c, 0x20,
					0xd0, 0xd4, 0xdc, 0xe0, 0xfc, 0x100 };

/* A register offset: one of the group's (or a word after it), any word,
 * anything below 4 KiB, or beyond. */
static uint32_t gen_attr_offset(struct gen *g, uint32_t group)
{
	uint32_t pick = below(g, 10);

	if (pick < 6 && group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS)
		return dist_offsets[below(g, sizeof(dist_offsets) / sizeof(dist_offsets[0]))] +
		       (one_in(g, 2) ? 4 * below(g, 20) : 0);
	if (pick < 6)
		return cpu_offsets[below(g, sizeof(cpu_offsets) / sizeof(cpu_offsets[0]))];
	if (pick < 8)
		return below(g, GIC_REG_SPAN) & ~3u;
	if (pick < 9)
		return below(g, GIC_REG_SPAN);
	return one_in(g, 2) ? GIC_REG_SPAN + below(g, GIC_REG_SPAN) : rnd(g);
}

static uint64_t gen_attr_attr(struct gen *g, uint32_t group)
{
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		return one_in(g, 6) ? ((uint64_t)rnd(g) << 32 | rnd(g)) : below(g, 3);
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS: {
		uint32_t pick = below(g, 10);
		uint64_t cpu = pick < 8 ? 0 : pick < 9 ? 1 + below(g, 0xff) : rnd(g);
		return cpu << KVM_DEV_ARM_VGIC_CPUID_SHIFT | gen_attr_offset(g, group);
	}
	case KVM_DEV_ARM_VGIC_GRP_CTRL: return one_in(g, 5) ? rnd(g) : KVM_DEV_ARM_VGIC_CTRL_INIT;
	default: return one_in(g, 2) ? 0 : ((uint64_t)rnd(g) << 32 | rnd(g));
	}
}

static uint64_t gen_attr_value(struct gen *g, uint32_t group, uint64_t attr)
{
	uint64_t v = (uint64_t)rnd(g) << 32 | rnd(g);

	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		switch (below(g, 6)) {
		case 0:
		case 1: return attr == KVM_VGIC_V2_ADDR_TYPE_CPU ? GICC_IPA : GIC_IPA;
		case 2: return v & 0xfffff000u;
		case 3: return (v & 0xffffffffu) | 1;
		case 4: return v & ~(uint64_t)0xfff;
		default: return v;
		}
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
		switch (below(g, 5)) {
		case 0:
		case 1: return 64;
		case 2: return NR_IRQS_STEP * (2 + below(g, NR_IRQS_LIMIT / NR_IRQS_STEP - 2));
		case 3: return below(g, 2 * NR_IRQS_LIMIT);
		default: return v;
		}
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
		/* Never GICD_CTLR's enable: victims keep their distributor off,
		 * so what is set pending is not delivered. */
		if ((uint32_t)attr == 0)
			v &= ~(uint64_t)GICD_CTLR_ENABLE;
		return one_in(g, 4) ? 0 : one_in(g, 4) ? (v & ~(uint64_t)GICD_CTLR_ENABLE) : v;
	default: return one_in(g, 4) ? below(g, 0x20) : v;
	}
}

/* SET only where the model can account for it: the victims and the hostile
 * VM (or no VM); never the canary, the caller, the bystander. */
static bool attr_settable(const struct gen *g, uint32_t vm)
{
	return vm == FUZZ_VM_VICTIM || vm == FUZZ_VM_FRESH || vm == FUZZ_VM_HOSTILE ||
	       vm >= g->c->w->nr_vms;
}

static void gen_device_attr(struct gen *g)
{
	uint32_t vm = gen_vm_id(g);
	uint32_t pick = below(g, 10);
	uint32_t fid = pick < 4   ? HYPV7_HC(DEVICE_ATTR_GET)
		       : pick < 7 ? HYPV7_HC(DEVICE_ATTR_SET)
				  : HYPV7_HC(DEVICE_ATTR_HAS);
	bool set = fid == HYPV7_HC(DEVICE_ATTR_SET);

	if (set && !attr_settable(g, vm)) {
		fid = HYPV7_HC(DEVICE_ATTR_GET);
		set = false;
	}
	struct kvm_device_attr a;
	a.flags = one_in(g, 8) ? rnd(g) : 0;
	a.group = one_in(g, 10) ? (one_in(g, 2) ? ATTR_GROUPS + below(g, 4) : rnd(g))
				: below(g, ATTR_GROUPS);
	a.attr = gen_attr_attr(g, a.group);
	uint64_t at = gen_ptr(g, ATTR_BYTES, PTR_SRC, AREA_ARRAYS, false);
	a.addr = one_in(g, 3)
		     ? gen_ptr(g, ATTR_VALUE_BYTES, set ? PTR_SRC : PTR_DST, AREA_VALUES, true)
		     : good_ptr(g, ATTR_VALUE_BYTES, AREA_VALUES);
	window(g, at, ATTR_BYTES);
	window(g, a.addr, ATTR_VALUE_BYTES);
	if (set) {
		uint64_t v = gen_attr_value(g, a.group, a.attr);
		poke(g, a.addr, &v, ATTR_VALUE_BYTES);
	}
	poke(g, at, &a, ATTR_BYTES);
	set_args(g, fid, vm, (uint32_t)at, rnd(g), rnd(g));
}

static void gen_kind(struct gen *g, enum fuzz_kind kind)
{
	switch (kind) {
	case FUZZ_K_RAW_SMCCC: gen_raw(g); break;
	case FUZZ_K_PSCI: gen_psci(g); break;
	case FUZZ_K_DISCOVERY: gen_discovery(g); break;
	case FUZZ_K_CHECK_EXTENSION: gen_check_extension(g); break;
	case FUZZ_K_SELF: set_args(g, HYPV7_HC(SELF), rnd(g), rnd(g), rnd(g), rnd(g)); break;
	case FUZZ_K_VM_INFO:
		set_args(g, HYPV7_HC(VM_INFO), gen_vm_id(g), rnd(g), rnd(g), rnd(g));
		break;
	case FUZZ_K_VCPU_INIT: gen_vcpu_init(g); break;
	case FUZZ_K_PREFERRED_TARGET: gen_preferred_target(g); break;
	case FUZZ_K_GET_ONE_REG: gen_one_reg(g, false); break;
	case FUZZ_K_SET_ONE_REG: gen_one_reg(g, true); break;
	case FUZZ_K_GET_REG_LIST: gen_reg_list(g); break;
	case FUZZ_K_GET_MULTI: gen_multi(g, false); break;
	case FUZZ_K_SET_MULTI: gen_multi(g, true); break;
	case FUZZ_K_VCPU_PAUSE: gen_vcpu_call(g, HYPV7_HC(VCPU_PAUSE)); break;
	case FUZZ_K_VCPU_RESUME: gen_vcpu_call(g, HYPV7_HC(VCPU_RESUME)); break;
	case FUZZ_K_VCPU_STATE: gen_vcpu_call(g, HYPV7_HC(VCPU_STATE)); break;
	case FUZZ_K_VM_READ_MEM: gen_vm_mem(g, false); break;
	case FUZZ_K_DEVICE_ATTR: gen_device_attr(g); break;
	default: gen_vm_mem(g, true); break;
	}
}

void fuzz_generate(struct fuzz_ctx *c, struct fuzz_rng *r, enum fuzz_mix mix,
		   struct fuzz_call *call)
{
	struct gen g = { c, r, mix, call, call->regs.in };

	call->kind = (enum fuzz_kind)fuzz_weighted(r, mix_weights[mix], FUZZ_NR_KINDS);
	/* r5-r12 and lr are the call's to keep: random, so a change shows. */
	for (unsigned i = 5; i < FUZZ_HVC_REGS; i++)
		g.in[i] = rnd(&g);
	gen_kind(&g, call->kind);
}
