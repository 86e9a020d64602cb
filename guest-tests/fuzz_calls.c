/*
 * The fuzzer's calls (fuzz_calls.h): generate, predict, call, check, and
 * move the world model on. Also the helpers the control VM uses around
 * them: snapshots of a stopped VM's registers, and their verification.
 */
#include <stdio.h>
#include <string.h>

#include <hypv7/regname.h>

#include "ctl.h"
#include "fuzz_call_types.h"
#include "fuzz_print.h"
#include "guest.h"

#define MAX_ATTEMPTS 6    /* tries before falling back to a call that is always safe */
#define PRESERVED_FIRST 4 /* SMCCC: r4-r14 come back unchanged */
#define ALTS_TEXT_MAX 120
#define VALUE_BYTES 8u
#define LOW_WORD 0xffffffffull

#define KIND_NAME(name, text) text,
static const char *const kind_names[] = { FUZZ_KINDS(KIND_NAME) };
#undef KIND_NAME

static const char *const mix_names[FUZZ_NR_MIXES] = {
	[FUZZ_MIX_MIXED] = "mixed", [FUZZ_MIX_REGS] = "registers", [FUZZ_MIX_STORM] = "storm",
	[FUZZ_MIX_SMCCC] = "smccc", [FUZZ_MIX_MEMORY] = "memory",
};

void fuzz_print_kind_counts(const struct fuzz_ctx *c)
{
	for (unsigned k = 0; k < FUZZ_NR_KINDS; k++)
		fuzz_printf("fuzz calls %-16s %7lu, r0 = 0: %7lu, -EFAULT: %7lu\n", kind_names[k],
			    (unsigned long)c->kind_calls[k], (unsigned long)c->kind_zero[k],
			    (unsigned long)c->kind_efault[k]);
}

const char *fuzz_mix_name(enum fuzz_mix mix)
{
	return mix < FUZZ_NR_MIXES ? mix_names[mix] : "?";
}

uint64_t fuzz_virtual_count(void)
{
	return guest_counter();
}

static const char *reg_name(uint64_t id)
{
	const char *name = regname_short(id);

	return name ? name : "?";
}

/* ------------------------------------------------------------ words */

#define HEX64_CHARS 20

/* "0x1234" or "0x1_00001234": a u64 without leading zeroes. */
static const char *hex64(char *buf, uint64_t v)
{
	if (v >> 32)
		snprintf(buf, HEX64_CHARS, "0x%lx_%08lx", (unsigned long)(v >> 32),
			 (unsigned long)v);
	else
		snprintf(buf, HEX64_CHARS, "0x%lx", (unsigned long)v);
	return buf;
}

/* What a ONE_REG / MULTI call's (first) kvm_one_reg says, after `n` chars. */
static void describe_one_reg(const struct fuzz_ctx *c, const struct fuzz_call *call, int n)
{
	struct kvm_one_reg reg;
	uint8_t value[VALUE_BYTES] = { 0 };
	bool set = call->kind == FUZZ_K_SET_ONE_REG || call->kind == FUZZ_K_SET_MULTI;

	if (n <= 0 || (unsigned)n >= sizeof(fuzz_run.desc) ||
	    !fuzz_mem_read(c->mem, call->regs.in[2], &reg, sizeof(reg)))
		return;
	uint32_t size = fuzz_reg_size(reg.id) <= VALUE_BYTES ? fuzz_reg_size(reg.id) : VALUE_BYTES;
	bool have = set && fuzz_mem_read(c->mem, reg.addr, value, size);
	uint64_t v = fuzz_le_value(value, size);
	char addr[HEX64_CHARS], val[HEX64_CHARS];
	snprintf(fuzz_run.desc + n, sizeof(fuzz_run.desc) - (unsigned)n,
		 " {%s 0x%08lx%08lx @%s%s%s}", reg_name(reg.id), (unsigned long)(reg.id >> 32),
		 (unsigned long)reg.id, hex64(addr, reg.addr), have ? " = " : "",
		 have ? hex64(val, v) : "");
}

/* What a DEVICE_ATTR call's kvm_device_attr says, and a SET's value. */
static void describe_device_attr(const struct fuzz_ctx *c, const struct fuzz_call *call, int n)
{
	struct kvm_device_attr a;
	uint64_t v = 0;

	if (n <= 0 || (unsigned)n >= sizeof(fuzz_run.desc) ||
	    !fuzz_mem_read(c->mem, call->regs.in[2], &a, sizeof(a)))
		return;
	bool have = call->regs.in[0] == HYPV7_HC(DEVICE_ATTR_SET) &&
		    fuzz_mem_read(c->mem, a.addr, &v, sizeof(v));
	char attr[HEX64_CHARS], addr[HEX64_CHARS], val[HEX64_CHARS];
	snprintf(fuzz_run.desc + n, sizeof(fuzz_run.desc) - (unsigned)n,
		 " {flags 0x%lx group %lu attr %s @%s%s%s}", (unsigned long)a.flags,
		 (unsigned long)a.group, hex64(attr, a.attr), hex64(addr, a.addr),
		 have ? " = " : "", have ? hex64(val, v) : "");
}

/* fuzz_run.desc: the call, its registers, and the struct it points at. */
static void describe(const struct fuzz_ctx *c, const struct fuzz_call *call)
{
	const uint32_t *in = call->regs.in;
	int n = call->kind == FUZZ_K_RAW_SMCCC || call->kind == FUZZ_K_PSCI ||
			call->kind == FUZZ_K_DISCOVERY
		    ? snprintf(fuzz_run.desc, sizeof(fuzz_run.desc), "HVC 0x%08lx(",
			       (unsigned long)in[0])
		: call->kind == FUZZ_K_DEVICE_ATTR
		    ? snprintf(fuzz_run.desc, sizeof(fuzz_run.desc), "DEVICE_ATTR_%s(",
			       in[0] == HYPV7_HC(DEVICE_ATTR_SET)   ? "SET"
			       : in[0] == HYPV7_HC(DEVICE_ATTR_HAS) ? "HAS"
								    : "GET")
		    : snprintf(fuzz_run.desc, sizeof(fuzz_run.desc), "%s(", kind_names[call->kind]);
	if (n > 0 && (unsigned)n < sizeof(fuzz_run.desc))
		n += snprintf(fuzz_run.desc + n, sizeof(fuzz_run.desc) - (unsigned)n,
			      "0x%lx, 0x%lx, 0x%lx, 0x%lx)", (unsigned long)in[1],
			      (unsigned long)in[2], (unsigned long)in[3], (unsigned long)in[4]);
	if (call->kind == FUZZ_K_GET_ONE_REG || call->kind == FUZZ_K_SET_ONE_REG ||
	    call->kind == FUZZ_K_GET_MULTI || call->kind == FUZZ_K_SET_MULTI)
		describe_one_reg(c, call, n);
	if (call->kind == FUZZ_K_DEVICE_ATTR)
		describe_device_attr(c, call, n);
}

static void alts_text(const struct fuzz_pred *p, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < p->nalt && used < len; i++) {
		const struct fuzz_alt *a = &p->alt[i];
		int n =
		    snprintf(buf + used, len - used, "%s%s0x%08lx (%ld)%s", i ? " or " : "",
			     a->r0_positive ? ">0, e.g. " : "", (unsigned long)a->r0,
			     (long)(int32_t)a->r0, a->any_uncertain ? " at an unsure entry" : "");
		if (n < 0)
			break;
		used += (size_t)n;
		for (unsigned r = 1; r <= 3 && used < len; r++)
			if (a->check & (1u << r)) {
				n = snprintf(buf + used, len - used, " r%u=0x%08lx", r,
					     (unsigned long)a->r[r]);
				used += n > 0 ? (size_t)n : 0;
			}
	}
}

static void trace(const struct fuzz_ctx *c, const struct fuzz_call *call)
{
	uint32_t n = fuzz_run.call;
	const uint32_t *out = call->regs.out;

	if (n < c->trace_from || n - c->trace_from >= c->trace_count)
		return;
	fuzz_printf("fuzz call %lu: %s\n", (unsigned long)n, fuzz_run.desc);
	fuzz_printf("  -> r0 0x%08lx r1 0x%08lx r2 0x%08lx r3 0x%08lx\n", (unsigned long)out[0],
		    (unsigned long)out[1], (unsigned long)out[2], (unsigned long)out[3]);
}

/* ------------------------------------------------------------ checking */

static bool alt_matches(const struct fuzz_alt *a, const uint32_t *out, const struct fuzz_pred *p)
{
	if (a->r0_positive ? (out[0] == 0 || out[0] > FUZZ_COUNT_MAX) : out[0] != a->r0)
		return false;
	for (unsigned r = 1; r <= 3; r++)
		if ((a->check & (1u << r)) && out[r] != a->r[r])
			return false;
	if (a->any_uncertain) {
		uint32_t j = p->multi ? out[1] : 0;
		return j < p->nentries && fuzz_entries[j].verdict == FUZZ_E_UNCERTAIN;
	}
	return true;
}

static void check_preserved(const struct fuzz_call *call)
{
	const struct fuzz_hvc_regs *r = &call->regs;

	for (unsigned i = PRESERVED_FIRST; i < FUZZ_HVC_REGS; i++)
		if (r->out[i] != r->in[i])
			fuzz_fail("%s changed from 0x%08lx to 0x%08lx (r4-r14 are preserved)",
				  i == FUZZ_HVC_LR ? "lr"
				  : i == 4         ? "r4"
						   : "a register r5-r12",
				  (unsigned long)r->in[i], (unsigned long)r->out[i]);
	if (r->sp_out != r->sp_in)
		fuzz_fail("sp changed from 0x%08lx to 0x%08lx", (unsigned long)r->sp_in,
			  (unsigned long)r->sp_out);
}

/* ------------------------------------------------------------ the model */

static void model_set(struct fuzz_vm_model *m, const struct fuzz_entry *e)
{
	uint64_t v = e->reg.size == sizeof(uint32_t) ? e->value & LOW_WORD : e->value;

	switch (e->reg.cls) {
	case FUZZ_RC_TTBR_VIEW:
		m->value[e->reg.link] = (m->value[e->reg.link] & ~LOW_WORD) | (v & LOW_WORD);
		break; /* the high word stays what it was, known or not */
	case FUZZ_RC_PSCI_VERSION: m->psci_version = (uint32_t)v; break;
	case FUZZ_RC_HOST:
	case FUZZ_RC_WA1:
	case FUZZ_RC_WA2:
	case FUZZ_RC_TIMER_CTL:
	case FUZZ_RC_TIMER_CNT: break; /* nothing stored, or it moves by itself */
	default:
		m->value[e->reg.pos] = v;
		m->known[e->reg.pos] = true;
		break;
	}
}

static void apply_sets(struct fuzz_vm_model *m, const struct fuzz_pred *p)
{
	for (unsigned k = 0; k < p->nentries; k++)
		model_set(m, &fuzz_entries[k]);
}

/* GET_ONE_REG of a register the model did not know: now it does. */
static void learn(struct fuzz_vm_model *m, const struct fuzz_pred *p)
{
	const struct fuzz_entry *e = &fuzz_entries[0];
	uint8_t buf[VALUE_BYTES];

	if (p->nentries != 1 || fuzz_reg_volatile(&e->reg) || e->reg.cls == FUZZ_RC_TTBR_VIEW ||
	    e->addr >= (1ull << 32) || m->known[e->reg.pos])
		return;
	memcpy(buf, (const void *)(uintptr_t)e->addr, e->reg.size);
	m->value[e->reg.pos] = fuzz_le_value(buf, e->reg.size);
	m->known[e->reg.pos] = e->reg.cls != FUZZ_RC_HOST && e->reg.cls != FUZZ_RC_PSCI_VERSION &&
			       e->reg.cls != FUZZ_RC_WA1 && e->reg.cls != FUZZ_RC_WA2;
}

/* VM_WRITE_MEM into the fresh VM's window: keep the copy. */
static void wrote_fresh(struct fuzz_ctx *c, const struct fuzz_pred *p)
{
	uint32_t win = FUZZ_FRESH_WINDOW_IPA;

	if (p->vm != FUZZ_VM_FRESH || !c->w->fresh)
		return;
	for (uint32_t i = 0; i < p->len; i++) {
		uint32_t ipa = p->ipa + i;
		if (ipa >= win && ipa - win < FUZZ_FRESH_WINDOW_SIZE)
			fuzz_mem_read(c->mem, p->buf + i, &c->w->fresh[ipa - win], 1);
	}
}

static void apply_state(struct fuzz_vm_model *m, uint32_t state)
{
	m->possible = (uint8_t)(FUZZ_ST(state) | (state == HYPV7_VCPU_RUNNABLE ? m->wanders : 0));
}

static void apply_alt(struct fuzz_ctx *c, const struct fuzz_call *call, const struct fuzz_pred *p,
		      const struct fuzz_alt *a)
{
	if (!(a->actions & FUZZ_MA_MEM))
		fuzz_mem_forget_effects(c->mem);
	if (a->actions & FUZZ_MA_VGIC)
		c->w->vgic = FUZZ_VGIC_PRESENT;
	if (a->actions & FUZZ_MA_NO_VGIC)
		c->w->vgic = FUZZ_VGIC_ABSENT;
	if (p->vm < 0 || (call->kind == FUZZ_K_VM_READ_MEM || call->kind == FUZZ_K_VM_WRITE_MEM)) {
		if (a->actions & FUZZ_MA_WROTE_VM)
			wrote_fresh(c, p);
		return;
	}
	struct fuzz_vm_model *m = &c->w->vm[p->vm];
	if (a->actions & FUZZ_MA_STOPPED)
		m->possible &= (uint8_t)~FUZZ_ST_RUN;
	if (a->actions & FUZZ_MA_SET)
		apply_sets(m, p);
	if (a->actions & FUZZ_MA_LEARN)
		learn(m, p);
	if (a->actions & (FUZZ_MA_INIT | FUZZ_MA_FEATURES))
		m->features = p->features;
	if (a->actions & FUZZ_MA_INIT) {
		m->initialised = true;
		m->possible = p->features & (1u << KVM_ARM_VCPU_POWER_OFF)
				  ? FUZZ_ST(HYPV7_VCPU_POWERED_OFF)
				  : FUZZ_ST(HYPV7_VCPU_PAUSED);
		fuzz_model_reset(&c->w->facts, m);
	}
	if ((a->actions & FUZZ_MA_PAUSE) && (m->possible & FUZZ_ST_RUN))
		m->possible = (uint8_t)((m->possible & ~FUZZ_ST_RUN) | FUZZ_ST(HYPV7_VCPU_PAUSED));
	if (a->actions & FUZZ_MA_RESUME) {
		apply_state(m, HYPV7_VCPU_RUNNABLE);
		fuzz_model_forget_regs(m);
	}
	if (a->actions & FUZZ_MA_STATE)
		apply_state(m, call->regs.out[1]);
}

/* After an answer the oracle did not allow: assume nothing about the
 * target, and take the caller's memory as it is (reported once). */
static void resync(struct fuzz_ctx *c, const struct fuzz_call *call, const struct fuzz_pred *p)
{
	fuzz_mem_forget_effects(c->mem);
	fuzz_mem_check(c->mem); /* reports what changed, then takes it */
	if (p->vm < 0)
		return;
	struct fuzz_vm_model *m = &c->w->vm[p->vm];
	if (call->kind == FUZZ_K_VM_WRITE_MEM && p->vm == FUZZ_VM_FRESH && c->w->fresh) {
		for (uint32_t off = 0; off < FUZZ_FRESH_WINDOW_SIZE; off += HYPV7_MEM_XFER_MAX)
			hv_vm_read_mem(FUZZ_VM_FRESH, FUZZ_FRESH_WINDOW_IPA + off,
				       c->w->fresh + off, HYPV7_MEM_XFER_MAX);
		return;
	}
	if (call->kind == FUZZ_K_VM_READ_MEM || call->kind == FUZZ_K_VM_WRITE_MEM)
		return;
	if (call->kind == FUZZ_K_VCPU_INIT && call->regs.out[0] == 0)
		m->initialised = true; /* whatever it read: one report, not one per later call */
	m->possible = FUZZ_ST_ANY;
	fuzz_model_forget_regs(m);
}

/* A SET the oracle could not decide: the register now holds the new value
 * (it said 0) or the old one (-EINVAL); a GET must agree with the model. */
static void verify_unsure_set(struct fuzz_ctx *c, const struct fuzz_pred *p)
{
	const struct fuzz_entry *e = &fuzz_entries[0];
	uint64_t want, got = 0;

	if (p->multi || p->nentries != 1 || e->verdict != FUZZ_E_UNCERTAIN)
		return;
	if (!fuzz_expected_value(c->w, (unsigned)p->vm, &e->reg, &want))
		return;
	int err = ctl_get(HYPV7_HANDLE(p->vm, 0), e->id, &got);
	if (err || got != want)
		fuzz_fail("after it, GET of %s gives %d, 0x%08lx%08lx; expected 0x%08lx%08lx",
			  reg_name(e->id), err, (unsigned long)(got >> 32), (unsigned long)got,
			  (unsigned long)(want >> 32), (unsigned long)want);
}

static void check_call(struct fuzz_ctx *c, const struct fuzz_call *call, const struct fuzz_pred *p)
{
	const uint32_t *out = call->regs.out;
	const struct fuzz_alt *match = NULL;

	for (unsigned i = 0; i < p->nalt && !match; i++)
		if (alt_matches(&p->alt[i], out, p))
			match = &p->alt[i];
	check_preserved(call);
	if (!match) {
		char want[ALTS_TEXT_MAX];
		alts_text(p, want, sizeof(want));
		fuzz_fail("answered r0 0x%08lx (%ld) r1 0x%08lx r2 0x%08lx r3 0x%08lx; docs say %s",
			  (unsigned long)out[0], (long)(int32_t)out[0], (unsigned long)out[1],
			  (unsigned long)out[2], (unsigned long)out[3], want);
		resync(c, call, p);
		return;
	}
	apply_alt(c, call, p, match);
	fuzz_mem_check(c->mem);
	if (call->kind == FUZZ_K_SET_ONE_REG && (match->actions & FUZZ_MA_STOPPED || p->vm >= 0) &&
	    !(c->w->vm[p->vm].possible & FUZZ_ST_RUN))
		verify_unsure_set(c, p);
}

/* ------------------------------------------------------------ snapshots */

static struct kvm_one_reg snap_regs[FUZZ_MAX_REGS];
static uint8_t snap_values[FUZZ_MAX_REGS][VALUE_BYTES];

static int read_all(struct fuzz_ctx *c, unsigned vm)
{
	const struct fuzz_facts *f = &c->w->facts;
	uint32_t failed = 0;

	memset(snap_values, 0, sizeof(snap_values));
	for (unsigned k = 0; k < f->nlist; k++) {
		snap_regs[k].id = f->list[k];
		snap_regs[k].addr = (uint32_t)(uintptr_t)snap_values[k];
	}
	return hv_get_multi(HYPV7_HANDLE(vm, 0), snap_regs, f->nlist, &failed);
}

int fuzz_snapshot(struct fuzz_ctx *c, unsigned vm)
{
	const struct fuzz_facts *f = &c->w->facts;
	struct fuzz_vm_model *m = &c->w->vm[vm];
	int err = read_all(c, vm);

	if (err)
		return err;
	for (unsigned k = 0; k < f->nlist; k++) {
		struct fuzz_reg r;
		uint64_t v = fuzz_le_value(snap_values[k], fuzz_reg_size(f->list[k])), want;
		fuzz_classify(f, f->list[k], &r);
		if (fuzz_reg_volatile(&r) || r.cls == FUZZ_RC_TTBR_VIEW)
			continue;
		if (r.cls == FUZZ_RC_HOST || r.cls == FUZZ_RC_WA1 || r.cls == FUZZ_RC_WA2 ||
		    r.cls == FUZZ_RC_PSCI_VERSION) {
			if (fuzz_expected_value(c->w, vm, &r, &want) && v != want)
				fuzz_fail("snapshot of VM %u: %s reads 0x%08lx%08lx, docs say "
					  "0x%08lx%08lx",
					  vm, reg_name(f->list[k]), (unsigned long)(v >> 32),
					  (unsigned long)v, (unsigned long)(want >> 32),
					  (unsigned long)want);
			continue;
		}
		if (m->known[k] && m->value[k] != v)
			fuzz_fail("snapshot of VM %u: %s reads 0x%08lx%08lx, last set or read "
				  "0x%08lx%08lx",
				  vm, reg_name(f->list[k]), (unsigned long)(v >> 32),
				  (unsigned long)v, (unsigned long)(m->value[k] >> 32),
				  (unsigned long)m->value[k]);
		m->value[k] = v;
		m->known[k] = true;
	}
	m->snapshot = true;
	c->snapshots++;
	return 0;
}

bool fuzz_snapshot_verify(struct fuzz_ctx *c, unsigned vm, const char *when)
{
	const struct fuzz_facts *f = &c->w->facts;
	const struct fuzz_vm_model *m = &c->w->vm[vm];
	bool ok = true;
	int err = read_all(c, vm);

	c->verifications++;
	if (err) {
		fuzz_fail("GET_MULTI of VM %u's registers %s: %d", vm, when, err);
		return false;
	}
	for (unsigned k = 0; k < f->nlist; k++) {
		uint64_t v = fuzz_le_value(snap_values[k], fuzz_reg_size(f->list[k]));
		if (!m->known[k] || v == m->value[k])
			continue;
		fuzz_fail("VM %u's %s changed %s: 0x%08lx%08lx, was 0x%08lx%08lx", vm,
			  reg_name(f->list[k]), when, (unsigned long)(v >> 32), (unsigned long)v,
			  (unsigned long)(m->value[k] >> 32), (unsigned long)m->value[k]);
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------------------ one call */

static bool touches_registers(enum fuzz_kind kind)
{
	return kind == FUZZ_K_GET_ONE_REG || kind == FUZZ_K_SET_ONE_REG ||
	       kind == FUZZ_K_GET_MULTI || kind == FUZZ_K_SET_MULTI || kind == FUZZ_K_VCPU_INIT;
}

/*
 * A protected VM (the canary, the hostile VM) that is paused has its
 * registers read before the first call that could change them, and read
 * again before it is resumed: failed SETs and VCPU_INITs must have changed
 * nothing.
 */
static void guard_protected(struct fuzz_ctx *c, const struct fuzz_call *call)
{
	int vm = fuzz_handle_vm(c->w, call->regs.in[1]);

	if (vm < 0 || vm == (int)c->w->caller)
		return;
	struct fuzz_vm_model *m = &c->w->vm[vm];
	if (!(m->protect & FUZZ_PROT_REGS) || !m->initialised || (m->possible & FUZZ_ST_RUN))
		return;
	if (touches_registers(call->kind) && !m->snapshot)
		fuzz_snapshot(c, (unsigned)vm);
	if (call->kind == FUZZ_K_VCPU_RESUME && m->snapshot)
		fuzz_snapshot_verify(c, (unsigned)vm, "while paused");
}

/* VCPU_STATE of the caller itself: always safe, always known. */
static void safe_call(struct fuzz_ctx *c, struct fuzz_call *call, struct fuzz_pred *p)
{
	fuzz_mem_begin(c->mem, 1);
	call->kind = FUZZ_K_VCPU_STATE;
	call->regs.in[0] = HYPV7_HC(VCPU_STATE);
	call->regs.in[1] = HYPV7_HANDLE(c->w->caller, 0);
	fuzz_predict(c, call, p);
}

void fuzz_one_call(struct fuzz_ctx *c, uint32_t n, enum fuzz_mix mix)
{
	static struct fuzz_call call;
	static struct fuzz_pred pred;
	struct fuzz_rng r = fuzz_rng_for(c->seed, FUZZ_STREAM_CALL, n);
	bool ok = false;

	fuzz_run.call = n;
	for (unsigned attempt = 0; attempt < MAX_ATTEMPTS && !ok; attempt++) {
		fuzz_mem_begin(c->mem, fuzz_rand32(&r));
		fuzz_generate(c, &r, mix, &call);
		guard_protected(c, &call);
		fuzz_predict(c, &call, &pred);
		ok = !pred.unsafe && !pred.unpredictable && pred.nalt > 0;
		c->regenerated += !ok;
	}
	if (!ok)
		safe_call(c, &call, &pred);
	describe(c, &call);
	fuzz_hvc(&call.regs);
	c->calls++;
	c->kind_calls[call.kind]++;
	c->kind_zero[call.kind] += call.regs.out[0] == 0;
	c->kind_efault[call.kind] += call.regs.out[0] == (uint32_t)-LNX_EFAULT;
	if (pred.vm >= 0 && pred.vm < FUZZ_MAX_VMS)
		c->vm_calls[pred.vm]++;
	check_call(c, &call, &pred);
	trace(c, &call);
}
