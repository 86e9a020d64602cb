/*
 * The oracle, part 2: for one call, every answer docs/abi.md and the guest
 * contract (README) allow, in hypv7's documented order of checks (access
 * -EACCES, handle -ENOENT, -ENOEXEC, -EBUSY, then pointers -EFAULT and the
 * call's own rules), with the bytes a successful call writes into the
 * caller's memory and what it does to the target. Where a rule depends on
 * the CPU in ways the oracle cannot know (cp15 and FPSCR bits the CPU
 * fixes), a SET may answer 0 or -EINVAL; fuzz_calls.c then checks with a
 * GET that the register holds the new value or the old one. A VM that may
 * be running or stopped (the victim, after it was resumed) may answer
 * either way.
 */
#include <string.h>

#include "ctl.h"
#include "fuzz_call_types.h"

#define ERR(name) ((uint32_t) - (LNX_##name))
#define PSCI_ERR(v) ((uint32_t)(int32_t)(v))
#define ONE_REG_BYTES 16u
#define LIST_HEADER_BYTES 8u
#define WORD_BITS 32u
#define MPIDR_AFF_MASK 0x00ffffffu
#define MPIDR_HIGH_BYTE 0xff000000u
#define FEATURE_BITS (sizeof(((struct kvm_vcpu_init *)0)->features) * 8)
#define KVM_MAX_FEATURES 2u
#define CPSR_MODE_MASK 0x1fu
#define CPSR_RESERVED 0x00f00000u
#define CPSR_J 0x01000000u
#define CPSR_IT 0x0600fc00u
#define CPSR_T 0x00000020u
#define FPEXC_EN 0x40000000u
#define FW_LEVEL_MASK 0xfull
#define WA2_ACCEPTED_MAX 1u /* UNKNOWN: only 0 and 1 (docs/abi.md 4.1) */
#define TIMER_CTL_SETTABLE 7u
#define TIMER_CVAL_SAFE (1ull << 62)
#define SMCCC_ARCH_WORKAROUND_1_FID 0x80008000u
#define SMCCC_ARCH_WORKAROUND_2_FID 0x80007fffu
#define SMCCC_RET_NOT_REQUIRED ((uint32_t)-2)

struct fuzz_entry fuzz_entries[HYPV7_MULTI_MAX + 1];

/* ------------------------------------------------------------ answers */

static struct fuzz_alt *add_alt(struct fuzz_pred *p, uint32_t r0, uint16_t actions)
{
	static struct fuzz_alt spare;

	if (p->nalt >= FUZZ_MAX_ALTS) {
		p->unpredictable = true; /* too many: make another call */
		return &spare;
	}
	struct fuzz_alt *a = &p->alt[p->nalt++];
	memset(a, 0, sizeof(*a));
	a->r0 = r0;
	a->actions = actions;
	return a;
}

static void expect_reg(struct fuzz_alt *a, unsigned n, uint32_t v)
{
	a->check |= (uint8_t)(1u << n);
	a->r[n] = v;
}

/* Reads what hypv7 would read at va into buf; if it cannot, the answer is
 * -EFAULT (or the oracle does not know the bytes: another call). */
static bool read_in(struct fuzz_ctx *c, uint64_t va, void *buf, uint32_t len, struct fuzz_pred *p,
		    uint16_t actions)
{
	if (fuzz_mem_read(c->mem, va, buf, len))
		return true;
	if (fuzz_mem_access(c->mem, va, len) == FUZZ_ACC_NONE)
		add_alt(p, ERR(EFAULT), actions);
	else
		p->unpredictable = true;
	return false;
}

/* A destination hypv7 may write must be in a zone: nothing else of this VM. */
static bool writable_dest(struct fuzz_ctx *c, uint64_t va, uint32_t len, struct fuzz_pred *p)
{
	if (fuzz_mem_access(c->mem, va, len) != FUZZ_ACC_RW)
		return false;
	if (len && !fuzz_mem_in_zone(c->mem, va, len))
		p->unsafe = true;
	return true;
}

/* ------------------------------------------------------------ SMCCC, PSCI */

static void predict_arch_features(uint32_t fid, struct fuzz_pred *p)
{
	/* docs: SMCCC_ARCH_FEATURES exists; what it says of each id they do not say. */
	if (fid == SMCCC_ARCH_FEATURES || fid == SMCCC_VERSION) {
		add_alt(p, 0, 0);
		add_alt(p, SMCCC_NOT_SUPPORTED, 0);
		return;
	}
	add_alt(p, SMCCC_NOT_SUPPORTED, 0);
	add_alt(p, 0, 0);
	if (fid == SMCCC_ARCH_WORKAROUND_1_FID || fid == SMCCC_ARCH_WORKAROUND_2_FID)
		add_alt(p, SMCCC_RET_NOT_REQUIRED, 0);
}

static bool psci_feature_known(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION: return true;
	default: return false;
	}
}

/* PSCI 1.0 for a VM with one vCPU (README, "PSCI"); where PSCI leaves a
 * choice the docs do not make (reserved MPIDR bits, affinity levels,
 * power states) both answers are allowed. */
static void predict_psci(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p)
{
	const struct fuzz_facts *f = &c->w->facts;
	bool own = (in[1] & MPIDR_AFF_MASK) == f->own_mpidr_aff;
	bool odd_bits = in[1] & MPIDR_HIGH_BYTE;

	switch (in[0]) {
	case PSCI_VERSION: add_alt(p, PSCI_VERSION_1_0, 0); break;
	case PSCI_CPU_SUSPEND:
		add_alt(p, PSCI_SUCCESS, 0);
		if (in[1])
			add_alt(p, PSCI_ERR(PSCI_E_INVALID_PARAMETERS), 0);
		break;
	case PSCI_CPU_ON:
		add_alt(p, own ? PSCI_ERR(PSCI_E_ALREADY_ON) : PSCI_ERR(PSCI_E_INVALID_PARAMETERS),
			0);
		if (own && odd_bits)
			add_alt(p, PSCI_ERR(PSCI_E_INVALID_PARAMETERS), 0);
		break;
	case PSCI_AFFINITY_INFO:
		add_alt(p, own ? PSCI_AFFINITY_ON : PSCI_ERR(PSCI_E_INVALID_PARAMETERS), 0);
		if (own && (odd_bits || in[2]))
			add_alt(p, PSCI_ERR(PSCI_E_INVALID_PARAMETERS), 0);
		break;
	case PSCI_MIGRATE_INFO_TYPE: add_alt(p, PSCI_TOS_NOT_PRESENT_MP, 0); break;
	case PSCI_FEATURES:
		add_alt(p, psci_feature_known(in[1]) ? PSCI_SUCCESS : SMCCC_NOT_SUPPORTED, 0);
		break;
	default: add_alt(p, SMCCC_NOT_SUPPORTED, 0); break;
	}
}

static void predict_smccc(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p)
{
	struct fuzz_alt *a;

	if (in[0] >= PSCI_FN_FIRST && in[0] <= PSCI_FN_LAST) {
		predict_psci(c, in, p);
		return;
	}
	switch (in[0]) {
	case SMCCC_VERSION: add_alt(p, SMCCC_VERSION_1_1, 0); break;
	case SMCCC_ARCH_FEATURES: predict_arch_features(in[1], p); break;
	case HYPV7_HC(CALL_COUNT): add_alt(p, HYPV7_HC_NR_CALLS, 0); break;
	case HYPV7_HC(UID):
		a = add_alt(p, HYPV7_UID_R0, 0);
		expect_reg(a, 1, HYPV7_UID_R1);
		expect_reg(a, 2, HYPV7_UID_R2);
		expect_reg(a, 3, HYPV7_UID_R3);
		break;
	case HYPV7_HC(REVISION):
		a = add_alt(p, HYPV7_HC_REVISION_MAJOR, 0);
		expect_reg(a, 1, HYPV7_HC_REVISION_MINOR);
		break;
	default: add_alt(p, SMCCC_NOT_SUPPORTED, 0); break; /* 0x86000000 included */
	}
}

/* ------------------------------------------------------------ simple calls */

static void predict_check_extension(uint32_t cap, struct fuzz_pred *p)
{
	switch (cap) {
	case KVM_CAP_ONE_REG:
	case KVM_CAP_ARM_PSCI:
	case KVM_CAP_ARM_PSCI_0_2: add_alt(p, 1, 0); break;
	case KVM_CAP_NR_VCPUS:
	case KVM_CAP_MAX_VCPUS:
		/* "the capability's value ... as Linux": a vCPU count */
		add_alt(p, 0, 0)->r0_positive = true;
		break;
	default: add_alt(p, 0, 0); break;
	}
}

static void predict_self(struct fuzz_ctx *c, struct fuzz_pred *p)
{
	expect_reg(add_alt(p, 0, 0), 1, HYPV7_HANDLE(c->w->caller, 0));
}

static void predict_vm_info(struct fuzz_ctx *c, uint32_t vm, struct fuzz_pred *p)
{
	const struct fuzz_world *w = c->w;

	if (w->caller != HYPV7_CONTROL_VM && vm != w->caller) {
		add_alt(p, ERR(EACCES), 0);
		return;
	}
	if (vm >= w->nr_vms) {
		add_alt(p, ERR(ENOENT), 0);
		return;
	}
	struct fuzz_alt *a = add_alt(p, 0, 0);
	expect_reg(a, 1, 1);
	expect_reg(a, 2, GUEST_RAM_IPA);
	expect_reg(a, 3, w->vm[vm].ram_size);
}

/* The access rule, then the handle (docs/abi.md 1.1, 1.2). */
static int handle_error(const struct fuzz_world *w, uint32_t handle, int *vm)
{
	uint32_t id = HYPV7_HANDLE_VM(handle);

	if (w->caller != HYPV7_CONTROL_VM && id != w->caller)
		return -LNX_EACCES;
	if (id >= w->nr_vms || HYPV7_HANDLE_VCPU(handle) != 0)
		return -LNX_ENOENT;
	*vm = (int)id;
	return 0;
}

int fuzz_handle_vm(const struct fuzz_world *w, uint32_t handle)
{
	int vm = -1;

	return handle_error(w, handle, &vm) ? -1 : vm;
}

/* The target of a vCPU call, or false with its error answered. */
static bool target(struct fuzz_ctx *c, uint32_t handle, struct fuzz_pred *p)
{
	int err = handle_error(c->w, handle, &p->vm);

	if (err) {
		p->vm = -1;
		add_alt(p, (uint32_t)err, 0);
	}
	return !err;
}

static struct fuzz_vm_model *model(struct fuzz_ctx *c, const struct fuzz_pred *p)
{
	return &c->w->vm[p->vm];
}

static void predict_pause(struct fuzz_ctx *c, uint32_t handle, struct fuzz_pred *p)
{
	if (!target(c, handle, p))
		return;
	if (model(c, p)->protect & FUZZ_PROT_PAUSE)
		p->unsafe = true;
	add_alt(p, 0, FUZZ_MA_PAUSE);
}

static void predict_resume(struct fuzz_ctx *c, uint32_t handle, struct fuzz_pred *p)
{
	if (!target(c, handle, p))
		return;
	if (model(c, p)->protect & FUZZ_PROT_RESUME)
		p->unsafe = true;
	add_alt(p, model(c, p)->initialised ? 0 : ERR(ENOEXEC),
		model(c, p)->initialised ? FUZZ_MA_RESUME : 0);
}

static void predict_state(struct fuzz_ctx *c, uint32_t handle, struct fuzz_pred *p)
{
	if (!target(c, handle, p))
		return;
	for (uint32_t s = HYPV7_VCPU_RUNNABLE; s <= HYPV7_VCPU_FAULTED; s++)
		if (model(c, p)->possible & FUZZ_ST(s))
			expect_reg(add_alt(p, 0, FUZZ_MA_STATE), 1, s);
}

static void predict_preferred_target(struct fuzz_ctx *c, uint32_t at, struct fuzz_pred *p)
{
	static struct kvm_vcpu_init preferred;

	if (!writable_dest(c, at, sizeof(preferred), p)) {
		add_alt(p, ERR(EFAULT), 0);
		return;
	}
	memset(&preferred, 0, sizeof(preferred));
	preferred.target = c->w->facts.target;
	fuzz_mem_expect_src(c->mem, at, (const uint8_t *)&preferred, sizeof(preferred));
	add_alt(p, 0, FUZZ_MA_MEM);
}

/* ------------------------------------------------------------ VCPU_INIT */

static bool feature_set(const struct kvm_vcpu_init *init, unsigned bit)
{
	return init->features[bit / WORD_BITS] & (1u << (bit % WORD_BITS));
}

/* docs/abi.md 3.4: bits in ascending order, OR-ed in as they are seen. */
static int feature_loop(const struct fuzz_vm_model *m, const struct kvm_vcpu_init *init,
			uint32_t *features)
{
	*features = m->features;
	for (unsigned bit = 0; bit < FEATURE_BITS; bit++) {
		bool set = feature_set(init, bit);
		if (set && bit >= KVM_MAX_FEATURES)
			return -LNX_ENOENT;
		if (m->initialised && bit < KVM_MAX_FEATURES && ((*features >> bit) & 1u) != set)
			return -LNX_EINVAL;
		if (set)
			*features |= 1u << bit;
	}
	return 0;
}

static void predict_init_stopped(struct fuzz_ctx *c, uint32_t at, struct fuzz_pred *p,
				 uint16_t stopped)
{
	struct fuzz_vm_model *m = model(c, p);
	struct kvm_vcpu_init init;

	if (!read_in(c, at, &init, sizeof(init), p, stopped))
		return;
	if (init.target != c->w->facts.target) {
		add_alt(p, ERR(EINVAL), stopped);
		return;
	}
	int err = feature_loop(m, &init, &p->features);
	if (err) {
		add_alt(p, (uint32_t)err, stopped | (m->initialised ? 0 : FUZZ_MA_FEATURES));
		return;
	}
	if (m->protect & (FUZZ_PROT_REGS | FUZZ_PROT_INIT))
		p->unsafe = true;
	add_alt(p, 0, stopped | FUZZ_MA_INIT);
}

static void predict_vcpu_init(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p)
{
	if (!target(c, in[1], p))
		return;
	uint8_t possible = model(c, p)->possible;
	if (possible & FUZZ_ST_STOPPED)
		predict_init_stopped(c, in[2], p, possible & FUZZ_ST_RUN ? FUZZ_MA_STOPPED : 0);
	if (possible & FUZZ_ST_RUN)
		add_alt(p, ERR(EBUSY), 0);
}

/* ------------------------------------------------------------ GET_REG_LIST */

static void predict_reg_list(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p)
{
	const struct fuzz_facts *f = &c->w->facts;
	uint32_t list = in[2];
	uint64_t n, total = f->nlist;

	if (!target(c, in[1], p))
		return;
	if (!model(c, p)->initialised) {
		add_alt(p, ERR(ENOEXEC), 0);
		return;
	}
	if (!read_in(c, list, &n, sizeof(n), p, 0))
		return;
	bool fits = n >= total;
	uint32_t bytes = LIST_HEADER_BYTES + (fits ? (uint32_t)total * sizeof(uint64_t) : 0);
	/* The total is written back, the ids only if they fit; all or nothing. */
	if (!writable_dest(c, list, bytes, p)) {
		add_alt(p, ERR(EFAULT), 0);
		return;
	}
	fuzz_mem_expect_bytes(c->mem, list, &total, sizeof(total));
	if (fits)
		fuzz_mem_expect_src(c->mem, list + LIST_HEADER_BYTES, (const uint8_t *)f->list,
				    (uint32_t)total * sizeof(uint64_t));
	add_alt(p, fits ? 0 : ERR(E2BIG), FUZZ_MA_MEM);
}

/* ------------------------------------------------------------ register transfers */

static bool cpsr_ok(uint32_t cpsr)
{
	switch (cpsr & CPSR_MODE_MASK) {
	case 0x10:
	case 0x11:
	case 0x12:
	case 0x13:
	case 0x17:
	case 0x1b: break;
	default: return false;
	}
	if (cpsr & (CPSR_RESERVED | CPSR_J))
		return false;
	return (cpsr & CPSR_T) || !(cpsr & CPSR_IT);
}

static uint8_t verdict_of(bool ok)
{
	return ok ? FUZZ_E_OK : FUZZ_E_FAIL;
}

/* docs/abi.md 3.6 and 4.1: may a SET of `reg` to v succeed? */
static uint8_t set_verdict(struct fuzz_ctx *c, unsigned vm, const struct fuzz_reg *reg, uint64_t v)
{
	const struct fuzz_facts *f = &c->w->facts;
	const struct fuzz_vm_model *m = &c->w->vm[vm];
	uint64_t current;
	bool same = fuzz_expected_value(c->w, vm, reg, &current) && current == v;

	switch (reg->cls) {
	case FUZZ_RC_CORE:
	case FUZZ_RC_VFP_D:
	case FUZZ_RC_TIMER_CNT:
	case FUZZ_RC_TIMER_CVAL: return FUZZ_E_OK;
	case FUZZ_RC_CPSR: return verdict_of(cpsr_ok((uint32_t)v));
	case FUZZ_RC_HOST: return verdict_of(v == reg->host);
	case FUZZ_RC_FPEXC:
		if (f->has_fpinst)
			return same ? FUZZ_E_OK : FUZZ_E_UNCERTAIN;
		return verdict_of(!(v & ~(uint64_t)FPEXC_EN));
	case FUZZ_RC_FPINST:
		if (f->has_fpinst)
			return same ? FUZZ_E_OK : FUZZ_E_UNCERTAIN;
		return verdict_of(v == 0);
	case FUZZ_RC_PSCI_VERSION:
		if (m->features & (1u << KVM_ARM_VCPU_PSCI_0_2))
			return verdict_of(v == PSCI_VERSION_0_2 || v == PSCI_VERSION_1_0);
		return verdict_of(v == PSCI_VERSION_0_1);
	case FUZZ_RC_WA1: return verdict_of(!(v & ~FW_LEVEL_MASK) && v <= f->wa1_level);
	case FUZZ_RC_WA2: return verdict_of(v <= WA2_ACCEPTED_MAX);
	case FUZZ_RC_TIMER_CTL: return verdict_of(!(v & ~(uint64_t)TIMER_CTL_SETTABLE));
	default: /* banked cp15, TTBR views, FPSCR: the CPU's fixed bits decide */
		return same ? FUZZ_E_OK : FUZZ_E_UNCERTAIN;
	}
}

/* Values QEMU 7.2 cannot take (docs/fuzzing.md): never on purpose. */
static bool timer_hazard(const struct fuzz_reg *reg, uint64_t v)
{
	if (reg->cls == FUZZ_RC_TIMER_CVAL)
		return v >= TIMER_CVAL_SAFE;
	if (reg->cls == FUZZ_RC_TIMER_CNT)
		return v > fuzz_virtual_count();
	return false;
}

static int entry_fails(struct fuzz_entry *e, int err)
{
	e->verdict = FUZZ_E_FAIL;
	return err;
}

static int predict_get_value(struct fuzz_ctx *c, struct fuzz_pred *p, unsigned vm,
			     struct fuzz_entry *e)
{
	uint32_t size = e->reg.size;
	uint64_t v;

	if (!writable_dest(c, e->addr, size, p))
		return entry_fails(e, -LNX_EFAULT);
	if (e->addr >= (1ull << 32))
		return entry_fails(e, -LNX_EFAULT);
	if (fuzz_expected_value(c->w, vm, &e->reg, &v))
		fuzz_mem_expect_bytes(c->mem, (uint32_t)e->addr, &v, size);
	else
		fuzz_mem_expect_dontcare(c->mem, (uint32_t)e->addr, size);
	e->verdict = FUZZ_E_OK;
	return 0;
}

static int predict_set_value(struct fuzz_ctx *c, struct fuzz_pred *p, unsigned vm,
			     struct fuzz_entry *e)
{
	uint8_t buf[sizeof(uint64_t)];
	uint32_t size = e->reg.size;

	if (fuzz_mem_access(c->mem, e->addr, size) == FUZZ_ACC_NONE)
		return entry_fails(e, -LNX_EFAULT);
	if (!fuzz_mem_read(c->mem, e->addr, buf, size)) {
		p->unpredictable = true;
		return 0;
	}
	e->value = fuzz_le_value(buf, size);
	e->verdict = set_verdict(c, vm, &e->reg, e->value);
	if (timer_hazard(&e->reg, e->value))
		p->unsafe = true;
	return e->verdict == FUZZ_E_FAIL ? -LNX_EINVAL : 0;
}

/* One kvm_one_reg at `at`: read, id, value buffer, value. 0 or its error. */
static int predict_entry(struct fuzz_ctx *c, struct fuzz_pred *p, unsigned vm, uint64_t at,
			 bool set, struct fuzz_entry *e)
{
	struct kvm_one_reg reg;

	memset(e, 0, sizeof(*e));
	if (!fuzz_mem_read(c->mem, at, &reg, sizeof(reg))) {
		if (fuzz_mem_access(c->mem, at, sizeof(reg)) == FUZZ_ACC_NONE)
			return entry_fails(e, -LNX_EFAULT);
		p->unpredictable = true;
		return 0;
	}
	e->id = reg.id;
	e->addr = reg.addr;
	int err = fuzz_classify(&c->w->facts, reg.id, &e->reg);
	if (err)
		return entry_fails(e, err);
	return set ? predict_set_value(c, p, vm, e) : predict_get_value(c, p, vm, e);
}

/* A GET_MULTI whose values land on its own array would read entries
 * hypv7 has changed: the oracle does not follow that. */
static void values_clear_of_array(struct fuzz_ctx *c, uint32_t array, unsigned n,
				  struct fuzz_pred *p)
{
	uint64_t lo = array, hi = (uint64_t)array + (uint64_t)n * ONE_REG_BYTES;

	for (unsigned k = 0; k < n; k++) {
		const struct fuzz_entry *e = &fuzz_entries[k];
		if (e->verdict == FUZZ_E_OK && e->addr < hi && e->addr + e->reg.size > lo)
			p->unpredictable = true;
	}
	(void)c;
}

static void predict_entries(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p, bool set,
			    uint16_t stopped)
{
	uint32_t count = p->multi ? in[3] : 1;
	unsigned vm = (unsigned)p->vm;
	bool uncertain = false;
	int err = 0;
	unsigned k;

	if (p->multi && count > HYPV7_MULTI_MAX) {
		expect_reg(add_alt(p, ERR(EINVAL), stopped), 1, 0);
		return;
	}
	for (k = 0; k < count && !err && !p->unpredictable; k++) {
		err = predict_entry(c, p, vm, in[2] + (uint64_t)k * ONE_REG_BYTES, set,
				    &fuzz_entries[k]);
		uncertain |= fuzz_entries[k].verdict == FUZZ_E_UNCERTAIN;
	}
	p->nentries = k;
	if (p->unpredictable)
		return;
	if (!set && p->multi)
		values_clear_of_array(c, in[2], k, p);
	struct fuzz_alt *a =
	    add_alt(p, (uint32_t)err,
		    stopped | (set ? 0 : FUZZ_MA_MEM) | (set && !err ? FUZZ_MA_SET : 0) |
			(!set && !err && !p->multi ? FUZZ_MA_LEARN : 0));
	if (err && p->multi)
		expect_reg(a, 1, k - 1);
	if (set && uncertain)
		add_alt(p, ERR(EINVAL), stopped)->any_uncertain = true;
	if (set && !err && (model(c, p)->protect & FUZZ_PROT_REGS))
		p->unsafe = true;
}

static void predict_transfer(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p, bool set)
{
	if (!target(c, in[1], p))
		return;
	if (!model(c, p)->initialised) {
		add_alt(p, ERR(ENOEXEC), 0);
		return;
	}
	uint8_t possible = model(c, p)->possible;
	if (possible & FUZZ_ST_STOPPED)
		predict_entries(c, in, p, set, possible & FUZZ_ST_RUN ? FUZZ_MA_STOPPED : 0);
	if (possible & FUZZ_ST_RUN)
		add_alt(p, ERR(EBUSY), 0);
}

/* ------------------------------------------------------------ VM memory */

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static void predict_read_effects(struct fuzz_ctx *c, struct fuzz_pred *p)
{
	struct fuzz_mem *m = c->mem;
	uint32_t ipa = p->ipa, len = p->len, buf = p->buf;
	uint32_t win = FUZZ_FRESH_WINDOW_IPA;

	if ((unsigned)p->vm == c->w->caller) {
		if (overlaps(ipa, len, buf, len))
			p->unpredictable = true;
		else if (fuzz_mem_in_zone(m, ipa, len))
			fuzz_mem_expect_copy(m, buf, ipa, len);
		else
			fuzz_mem_expect_dontcare(m, buf, len);
	} else if (p->vm == FUZZ_VM_CANARY && fuzz_canary_patterned(ipa, len)) {
		fuzz_mem_expect_canary(m, buf, ipa, len);
	} else if (p->vm == FUZZ_VM_FRESH && c->w->fresh && ipa >= win &&
		   (uint64_t)ipa + len <= (uint64_t)win + FUZZ_FRESH_WINDOW_SIZE) {
		fuzz_mem_expect_src(m, buf, c->w->fresh + (ipa - win), len);
	} else {
		fuzz_mem_expect_dontcare(m, buf, len);
	}
}

/* The canary may only get its own pattern back. */
static bool writes_canary_pattern(struct fuzz_ctx *c, const struct fuzz_pred *p)
{
	if (!fuzz_canary_patterned(p->ipa, p->len))
		return false;
	for (uint32_t i = 0; i < p->len; i++) {
		uint32_t a = p->ipa + i;
		uint8_t b;
		if (!fuzz_mem_read(c->mem, p->buf + i, &b, 1) ||
		    b != (uint8_t)(fuzz_canary_word(a & ~3u) >> ((a & 3u) * 8)))
			return false;
	}
	return true;
}

static void predict_write_effects(struct fuzz_ctx *c, struct fuzz_pred *p)
{
	struct fuzz_mem *m = c->mem;
	const struct fuzz_vm_model *target_vm = model(c, p);

	if ((unsigned)p->vm == c->w->caller) {
		/* its own RAM by IPA (= VA): only into a zone, never onto the source */
		if (!fuzz_mem_in_zone(m, p->ipa, p->len) ||
		    overlaps(p->ipa, p->len, p->buf, p->len))
			p->unsafe = true;
		else
			fuzz_mem_expect_copy(m, p->ipa, p->buf, p->len);
		return;
	}
	if ((target_vm->protect & FUZZ_PROT_RAM) && !writes_canary_pattern(c, p))
		p->unsafe = true;
	if (p->vm == FUZZ_VM_FRESH) {
		uint8_t b;
		if (p->len && !fuzz_mem_read(m, p->buf, &b, 1))
			p->unpredictable = true; /* the fresh window's copy would not know */
	}
}

/* The rule of calls only VM 0 makes on a VM by id (VM memory, device
 * attributes): -EACCES from another caller, then -ENOENT; true if the
 * call ends there. */
static bool vm_call_refused(const struct fuzz_world *w, uint32_t vm, struct fuzz_pred *p)
{
	if (w->caller != HYPV7_CONTROL_VM) {
		add_alt(p, ERR(EACCES), 0);
		return true;
	}
	if (vm >= w->nr_vms) {
		add_alt(p, ERR(ENOENT), 0);
		return true;
	}
	return false;
}

static void predict_vm_mem(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p, bool write)
{
	const struct fuzz_world *w = c->w;
	uint32_t vm = in[1], ipa = in[2], len = in[3], buf = in[4];

	if (vm_call_refused(w, vm, p))
		return;
	bool range_ok = ipa >= GUEST_RAM_IPA &&
			(uint64_t)ipa + len <= (uint64_t)GUEST_RAM_IPA + w->vm[vm].ram_size;
	bool buf_ok = fuzz_mem_access(c->mem, buf, len) >= (write ? FUZZ_ACC_RO : FUZZ_ACC_RW);
	if (len > HYPV7_MEM_XFER_MAX) {
		/* the order of the length rule and the pointers is not documented */
		add_alt(p, ERR(EINVAL), 0);
		if (!range_ok || !buf_ok)
			add_alt(p, ERR(EFAULT), 0);
		return;
	}
	if (!range_ok || !buf_ok) {
		add_alt(p, ERR(EFAULT), 0);
		return;
	}
	p->vm = (int)vm;
	p->ipa = ipa;
	p->len = len;
	p->buf = buf;
	if (len && !write && !writable_dest(c, buf, len, p))
		p->unsafe = true;
	if (len && write)
		predict_write_effects(c, p);
	else if (len)
		predict_read_effects(c, p);
	add_alt(p, 0, FUZZ_MA_MEM | (write ? FUZZ_MA_WROTE_VM : 0));
}

/* ------------------------------------------------------------ device attributes */

#define ATTR_GICD_IPA 0x08000000u /* docs/abi.md 3.14: GRP_ADDR's fixed bases */
#define ATTR_GICC_IPA 0x08010000u
#define ATTR_ADDR_ALIGN_MASK 0xfffull
#define ATTR_NR_IRQS 64u
#define ATTR_NR_IRQS_STEP 32u
#define ATTR_NR_IRQS_MAX 1023u
#define ATTR_CPU_IIDR 0x04b2043bu
#define ATTR_GICD_CTLR 0x000u
#define ATTR_GICD_IIDR 0x008u
#define ATTR_GICD_ENABLE 1u
#define ATTR_VCPU_INDEX_MASK 0xffu
#define GICC_APR0 0xd0u
#define GICC_APR3 0xdcu
#define GICC_IIDR 0xfcu

/* docs/abi.md 3.14: the distributor's registers for 64 interrupts. */
static bool attr_dist_reg(uint32_t off)
{
	static const struct {
		uint16_t first, bytes;
	} blocks[] = {
		{ 0x000, 12 },               /* CTLR, TYPER, IIDR */
		{ 0x080, ATTR_NR_IRQS / 8 }, /* IGROUPR */
		{ 0x100, ATTR_NR_IRQS / 8 }, /* ISENABLER */
		{ 0x180, ATTR_NR_IRQS / 8 }, /* ICENABLER */
		{ 0x200, ATTR_NR_IRQS / 8 }, /* ISPENDR */
		{ 0x280, ATTR_NR_IRQS / 8 }, /* ICPENDR */
		{ 0x300, ATTR_NR_IRQS / 8 }, /* ISACTIVER */
		{ 0x380, ATTR_NR_IRQS / 8 }, /* ICACTIVER */
		{ 0x400, ATTR_NR_IRQS },     /* IPRIORITYR */
		{ 0x800, ATTR_NR_IRQS },     /* ITARGETSR */
		{ 0xc00, ATTR_NR_IRQS / 4 }, /* ICFGR */
		{ 0xf00, 4 },                /* SGIR */
		{ 0xf10, 16 },               /* CPENDSGIR */
		{ 0xf20, 16 },               /* SPENDSGIR */
	};

	if (off & 3)
		return false;
	for (unsigned i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (off - blocks[i].first < blocks[i].bytes)
			return true;
	return false;
}

/* docs/abi.md 3.14: CTLR, PMR, BPR, ABPR, APR0-3, IIDR. */
static bool attr_cpu_reg(uint32_t off)
{
	return off == 0x00 || off == 0x04 || off == 0x08 || off == 0x1c || off == GICC_IIDR ||
	       (off >= GICC_APR0 && off <= GICC_APR3 && !(off & 3));
}

static uint32_t attr_value_size(uint32_t group)
{
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR: return sizeof(uint64_t);
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS:
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS: return sizeof(uint32_t);
	default: return 0; /* CTRL: no value */
	}
}

/* A GET's success: the value written to addr (known or not), or -EFAULT. */
static void attr_get_result(struct fuzz_ctx *c, struct fuzz_pred *p, uint64_t addr, uint32_t size,
			    const uint64_t *value, uint16_t actions)
{
	if (!size) {
		add_alt(p, 0, actions);
		return;
	}
	if (addr >= (1ull << 32) || !writable_dest(c, addr, size, p)) {
		add_alt(p, ERR(EFAULT), actions);
		return;
	}
	if (value)
		fuzz_mem_expect_bytes(c->mem, (uint32_t)addr, value, size);
	else
		fuzz_mem_expect_dontcare(c->mem, (uint32_t)addr, size);
	add_alt(p, 0, actions | FUZZ_MA_MEM);
}

/* DIST_REGS / CPU_REGS: vCPU index, offset, then -EBUSY while a vCPU of the
 * VM may run; a SET that could succeed only where the model allows it. */
static void predict_attr_reg(struct fuzz_ctx *c, struct fuzz_pred *p, unsigned vm, uint32_t fid,
			     const struct kvm_device_attr *a, uint64_t value, uint16_t actions)
{
	uint32_t cpu = (uint32_t)(a->attr >> KVM_DEV_ARM_VGIC_CPUID_SHIFT) & ATTR_VCPU_INDEX_MASK;
	uint32_t off = (uint32_t)a->attr;
	bool dist = a->group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
	const struct fuzz_vm_model *m = &c->w->vm[vm];

	if (cpu >= 1) { /* every VM of the fuzz image has one vCPU (VM_INFO) */
		add_alt(p, ERR(EINVAL), actions);
		return;
	}
	if (!(dist ? attr_dist_reg(off) : attr_cpu_reg(off))) {
		add_alt(p, ERR(ENXIO), actions);
		return;
	}
	if (fid == HYPV7_HC(DEVICE_ATTR_HAS)) {
		add_alt(p, 0, actions);
		return;
	}
	bool may_run = vm == c->w->caller || (m->possible & FUZZ_ST_RUN);
	bool may_stop = vm != c->w->caller && (m->possible & FUZZ_ST_STOPPED);
	if (may_run)
		add_alt(p, ERR(EBUSY), actions);
	if (!may_stop)
		return;
	if (fid == HYPV7_HC(DEVICE_ATTR_GET)) {
		uint64_t iidr = ATTR_CPU_IIDR;
		attr_get_result(c, p, a->addr, sizeof(uint32_t),
				!dist && off == GICC_IIDR ? &iidr : NULL, actions);
		return;
	}
	/* SET: the VM's vGIC changes. Only the victims' (whose distributor
	 * stays off: never GICD_CTLR's enable), never a protected VM's. */
	if ((m->protect & FUZZ_PROT_REGS) || (vm != FUZZ_VM_VICTIM && vm != FUZZ_VM_FRESH) ||
	    (dist && off == ATTR_GICD_CTLR && (value & ATTR_GICD_ENABLE)))
		p->unsafe = true;
	add_alt(p, 0, actions);
	if (dist && off == ATTR_GICD_IIDR) /* the value it reads: not one the docs give */
		add_alt(p, ERR(EINVAL), actions);
}

/* The vGIC's answer once the struct (and a SET's value) was read. */
static void predict_attr_vgic(struct fuzz_ctx *c, struct fuzz_pred *p, unsigned vm, uint32_t fid,
			      const struct kvm_device_attr *a, uint64_t value, uint16_t actions)
{
	bool get = fid == HYPV7_HC(DEVICE_ATTR_GET), set = fid == HYPV7_HC(DEVICE_ATTR_SET);
	uint64_t v;

	switch (a->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		if (a->attr != KVM_VGIC_V2_ADDR_TYPE_DIST && a->attr != KVM_VGIC_V2_ADDR_TYPE_CPU) {
			add_alt(p, ERR(ENXIO), actions);
			return;
		}
		v = a->attr == KVM_VGIC_V2_ADDR_TYPE_DIST ? ATTR_GICD_IPA : ATTR_GICC_IPA;
		if (get)
			attr_get_result(c, p, a->addr, sizeof(uint64_t), &v, actions);
		else if (!set)
			add_alt(p, 0, actions);
		else if (value & ATTR_ADDR_ALIGN_MASK)
			add_alt(p, ERR(EINVAL), actions);
		else if (value >> 32)
			add_alt(p, ERR(E2BIG), actions);
		else
			add_alt(p, value == v ? 0 : ERR(EEXIST), actions);
		return;
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS:
		predict_attr_reg(c, p, vm, fid, a, value, actions);
		return;
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
		v = ATTR_NR_IRQS;
		if (get) {
			attr_get_result(c, p, a->addr, sizeof(uint32_t), &v, actions);
		} else if (!set) {
			add_alt(p, 0, actions);
		} else {
			uint32_t n = (uint32_t)value;
			bool valid =
			    !(n % ATTR_NR_IRQS_STEP) && n >= ATTR_NR_IRQS && n <= ATTR_NR_IRQS_MAX;
			add_alt(p,
				!valid              ? ERR(EINVAL)
				: n == ATTR_NR_IRQS ? 0
						    : ERR(EBUSY),
				actions);
		}
		return;
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		add_alt(p, a->attr == KVM_DEV_ARM_VGIC_CTRL_INIT ? 0 : ERR(ENXIO), actions);
		return;
	default: add_alt(p, ERR(ENXIO), actions); return;
	}
}

/*
 * docs/abi.md 3.14, in its order: -EACCES (not VM 0), -ENOENT, -EFAULT for
 * the struct and a SET's value, -ENODEV (a board without a vGIC), then the
 * group's rules; a GET's value last. The board is learnt from the first
 * answer that tells.
 */
static void predict_device_attr(struct fuzz_ctx *c, const uint32_t *in, struct fuzz_pred *p)
{
	const struct fuzz_world *w = c->w;
	uint32_t fid = in[0], vm = in[1];
	struct kvm_device_attr a;
	uint64_t value = 0;

	if (vm_call_refused(w, vm, p))
		return;
	p->vm = (int)vm;
	/* SET only on the victims and the hostile VM (the generator's rule) */
	if (fid == HYPV7_HC(DEVICE_ATTR_SET) && vm != FUZZ_VM_VICTIM && vm != FUZZ_VM_FRESH &&
	    vm != FUZZ_VM_HOSTILE)
		p->unsafe = true;
	if (!read_in(c, in[2], &a, sizeof(a), p, 0))
		return;
	uint32_t size = fid == HYPV7_HC(DEVICE_ATTR_SET) ? attr_value_size(a.group) : 0;
	if (size && !read_in(c, a.addr, &value, size, p, 0))
		return;
	if (w->vgic != FUZZ_VGIC_PRESENT)
		add_alt(p, ERR(ENODEV), FUZZ_MA_NO_VGIC);
	if (w->vgic != FUZZ_VGIC_ABSENT)
		predict_attr_vgic(c, p, vm, fid, &a, value, FUZZ_MA_VGIC);
}

/* ------------------------------------------------------------ dispatch */

void fuzz_predict(struct fuzz_ctx *c, const struct fuzz_call *call, struct fuzz_pred *p)
{
	const uint32_t *in = call->regs.in;

	memset(p, 0, sizeof(*p));
	p->vm = -1;
	p->multi = call->kind == FUZZ_K_GET_MULTI || call->kind == FUZZ_K_SET_MULTI;
	switch (call->kind) {
	case FUZZ_K_RAW_SMCCC:
	case FUZZ_K_PSCI:
	case FUZZ_K_DISCOVERY: predict_smccc(c, in, p); break;
	case FUZZ_K_CHECK_EXTENSION: predict_check_extension(in[1], p); break;
	case FUZZ_K_SELF: predict_self(c, p); break;
	case FUZZ_K_VM_INFO: predict_vm_info(c, in[1], p); break;
	case FUZZ_K_VCPU_INIT: predict_vcpu_init(c, in, p); break;
	case FUZZ_K_PREFERRED_TARGET: predict_preferred_target(c, in[1], p); break;
	case FUZZ_K_GET_ONE_REG:
	case FUZZ_K_GET_MULTI: predict_transfer(c, in, p, false); break;
	case FUZZ_K_SET_ONE_REG:
	case FUZZ_K_SET_MULTI: predict_transfer(c, in, p, true); break;
	case FUZZ_K_GET_REG_LIST: predict_reg_list(c, in, p); break;
	case FUZZ_K_VCPU_PAUSE: predict_pause(c, in[1], p); break;
	case FUZZ_K_VCPU_RESUME: predict_resume(c, in[1], p); break;
	case FUZZ_K_VCPU_STATE: predict_state(c, in[1], p); break;
	case FUZZ_K_VM_READ_MEM: predict_vm_mem(c, in, p, false); break;
	case FUZZ_K_DEVICE_ATTR: predict_device_attr(c, in, p); break;
	default: predict_vm_mem(c, in, p, true); break;
	}
}
