/*
 * VM 0 of the fuzz image (fuzz.h, docs/fuzzing.md): the hostile control
 * VM. It makes FUZZ_CALLS hypercalls from its seed, in phases of
 * PHASE_CALLS calls that each lean one way (fuzz_calls.h), every one checked
 * against the oracle. Between phases it
 *   - pauses the victim (VM 2) if it was running, and after a "registers"
 *     phase (random values SET into it) resumes it: it may fault, only it;
 *   - has the hostile VM (VM 1) do one fatal action, and every
 *     STORM_EVERY phases a storm of random calls, and checks how each
 *     ended (fuzz_actions.def), re-initialising it when it stopped;
 *   - checks the canary (VM 3): its heartbeat goes on, it found no damage;
 *   - compares its whole arena with the shadow.
 * At the end: the actions not yet done, the last checks, a summary line
 * with the number of calls and calls per second, and TAP results.
 *
 * An image may have a bystander as VM 5 (test "fuzz_linux": Linux): the
 * calls name it too, but only calls that cannot change it are made (it is
 * never paused, resumed, written or set). It must still be running after
 * the run's calls; the fuzz then goes on, phase after phase, until it
 * powers itself off, so that the whole of its run is beside the fuzz.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "fuzz_calls.h"
#include "fuzz_print.h"
#include "fuzz_rng.h"
#include "guest.h"
#include "tap.h"

#define PHASE_CALLS 256u
#define STORM_EVERY 4u
#define STORM_CALLS 200u
#define CANARY_EVERY 8u
#define PROGRESS_STEPS 10u
#define NR_TESTS 5
#define NR_BYSTANDER_TESTS 2
/* How long the fuzz goes on past its calls for a bystander still running:
 * this many times as long as the calls took, or this many seconds if more. */
#define BYSTANDER_EXTRA_TIMES 4u
#define BYSTANDER_EXTRA_SECONDS 120u
/* Yields a wait for another VM lasts at least (on one CPU each gives the
 * other VMs a time slice; ctl.h's patience adds a minimum time). */
#define WAIT_YIELDS 6000u
#define VICTIM_RUN_ONE_IN 6u /* phases other than "registers" that also let it run */
#define VICTIM_RESTART_ONE_IN 4u
#define VICTIM_TO_ENTRY_ONE_IN 3u
#define GUEST_ENTRY GUEST_RAM_IPA /* linker/guest.ld: _start at the RAM base */
#define ENTRY_R1 0xffffffffu
#define RESET_CPSR 0x1d3u
#define CORE_ID(field) \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(field))
#define ID_PC CORE_ID(usr_regs.ARM_pc)
#define ID_CPSR CORE_ID(usr_regs.ARM_cpsr)
#define ID_R0 CORE_ID(usr_regs.ARM_r0)
#define ID_R1 CORE_ID(usr_regs.ARM_r1)
#define ID_R2 CORE_ID(usr_regs.ARM_r2)
#define GICC_IIDR_IPA (GUEST_GICC_IPA + 0xfcu)
#define HVC_NEXT_INSN 4u /* an HVC is reported at the instruction after it */
#define NR_OUTCOMES 11u
#define TRACE_BEFORE 16u /* calls traced before the first failing one */

/* The run's seed and length: tools/run-fuzz patches this section. */
volatile struct fuzz_params fuzz_params __attribute__((section(FUZZ_PARAMS_SECTION), used)) = {
	.magic = FUZZ_PARAMS_MAGIC,
	.calls = FUZZ_DEFAULT_CALLS,
	.seed_lo = (uint32_t)FUZZ_DEFAULT_SEED,
	.seed_hi = (uint32_t)(FUZZ_DEFAULT_SEED >> 32),
	.trace_from = FUZZ_NO_TRACE,
	.trace_count = 0,
	.options = FUZZ_DEFAULT_OPTIONS,
};
static uint32_t options; /* enum fuzz_option, of this run */

static const struct {
	const char *name, *text;
	uint32_t allowed;
} actions[] = {
#define FUZZ_ACTION(name, text, allowed) { #name, text, allowed },
#include "fuzz_actions.def"
};
#define NR_ACTIONS (sizeof(actions) / sizeof(actions[0]))

static const char *const outcome_names[NR_OUTCOMES] = {
	"stopped by hypv7",   "its own undefined instruction",
	"its own SVC",        "its own prefetch abort",
	"its own data abort", "ran to its end",
	"powered off",        "restarted",
	"paused itself",      "something else",
	"no end (hang)",
};

static struct fuzz_world world;
static struct fuzz_mem mem;
static struct fuzz_ctx ctx;
static uint8_t fresh_copy[FUZZ_FRESH_WINDOW_SIZE];

static struct {
	uint32_t setup_failures, hostile_failures, canary_failures, victim_failures;
	uint32_t actions, outcomes[NR_OUTCOMES], storms, storm_calls, storm_failures;
	bool action_done[NR_ACTIONS], hostile_lost, gicc_touched;
	uint32_t victim_runs, victim_ended[HYPV7_VCPU_FAULTED + 1], victim_restarts;
	bool victim_out; /* resumed since the last settle */
	uint32_t canary_checks, canary_heartbeat, canary_passes, canary_damage;
	int bystander_after_calls, bystander_end; /* its VCPU_STATE then */
	uint64_t extra_until;                     /* virtual count: the fuzz ends then at last */
} stats;

static uint32_t handle_of(unsigned vm)
{
	return HYPV7_HANDLE(vm, 0);
}

static void describe(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void describe(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fuzz_run.desc, sizeof(fuzz_run.desc), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ set up */

static void model(unsigned vm, bool initialised, uint8_t possible, uint8_t protect, uint8_t wanders)
{
	struct fuzz_vm_model *m = &world.vm[vm];

	m->exists = true;
	m->initialised = initialised;
	m->possible = possible;
	m->protect = protect;
	m->wanders = wanders;
	m->features = initialised ? 1u << KVM_ARM_VCPU_PSCI_0_2 : 0;
	m->ram_size = vm == FUZZ_VM_CONTROL ? FUZZ_CONTROL_MEM : FUZZ_OTHER_MEM;
}

/* The bystander, if the image has one: its RAM size, else 0. */
static uint32_t bystander_ram(void)
{
	struct hv_vm_info info;

	return hv_vm_info(FUZZ_VM_BYSTANDER, &info) ? 0 : info.ram_size;
}

static bool have_bystander(void)
{
	return world.nr_vms > FUZZ_VM_BYSTANDER;
}

static void setup_world(uint32_t bystander_mem)
{
	const uint8_t off = FUZZ_ST(HYPV7_VCPU_POWERED_OFF);

	fuzz_facts_init(&world.facts);
	world.caller = FUZZ_VM_CONTROL;
	world.nr_vms = bystander_mem ? FUZZ_MAX_VMS : FUZZ_NR_VMS;
	model(FUZZ_VM_CONTROL, true, FUZZ_ST_RUN, FUZZ_PROT_PAUSE | FUZZ_PROT_REGS, 0);
	model(FUZZ_VM_HOSTILE, true, FUZZ_ST_RUN, FUZZ_PROT_REGS | FUZZ_PROT_RAM, 0);
	model(FUZZ_VM_VICTIM, true, FUZZ_ST_ANY, 0, FUZZ_ST_ANY);
	model(FUZZ_VM_CANARY, true, FUZZ_ST_RUN, FUZZ_PROT_REGS | FUZZ_PROT_RAM, 0);
	model(FUZZ_VM_FRESH, false, FUZZ_ST(HYPV7_VCPU_PAUSED), FUZZ_PROT_INIT, 0);
	if (!bystander_mem)
		return;
	/* Running, until it powers itself off (Linux's init does at its end). */
	model(FUZZ_VM_BYSTANDER, true, FUZZ_ST_RUN | off,
	      FUZZ_PROT_PAUSE | FUZZ_PROT_RESUME | FUZZ_PROT_REGS | FUZZ_PROT_RAM, off);
	world.vm[FUZZ_VM_BYSTANDER].ram_size = bystander_mem;
}

/* VM_INFO of every VM as fuzz.h has them (tests.list and tools/run-fuzz
 * must build the image that way). */
static void check_layout(void)
{
	struct hv_vm_info info;

	for (unsigned vm = 0; vm < FUZZ_NR_VMS; vm++)
		if (hv_vm_info(vm, &info) || info.ram_size != world.vm[vm].ram_size)
			fuzz_fail("VM %u is not as fuzz.h says (%lu bytes of RAM)", vm,
				  (unsigned long)world.vm[vm].ram_size);
	if (hv_vm_info(world.nr_vms, &info) != -LNX_ENOENT)
		fuzz_fail("there is a VM %u: the image has more VMs than fuzz.h", world.nr_vms);
}

static bool wait_magic(unsigned vm, uint32_t magic)
{
	uint32_t got = 0;

	for (struct ctl_patience p = ctl_patience_begin(CTL_WAIT_YIELDS); ctl_patience_left(&p);) {
		if (!hv_vm_read_mem(vm, MBOX_ADDR, &got, sizeof(got)) && got == magic)
			return true;
		guest_wfi();
	}
	fuzz_fail("VM %u never came up (mailbox magic 0x%08lx)", vm, (unsigned long)got);
	return false;
}

/* The list hypv7 gives is the one docs/abi.md 4.2 makes of the reference. */
static void check_reg_list(void)
{
	uint64_t *ids = NULL;
	uint32_t n = 0;
	int err = ctl_reg_list(handle_of(FUZZ_VM_VICTIM), &ids, &n);

	if (err || n != world.facts.nlist)
		fuzz_fail("GET_REG_LIST: %d, %lu ids; docs/abi.md 4.2 gives %u", err,
			  (unsigned long)n, world.facts.nlist);
	for (uint32_t i = 0; !err && i < n && i < world.facts.nlist; i++)
		if (ids[i] != world.facts.list[i]) {
			fuzz_fail("GET_REG_LIST: id %lu is 0x%08lx%08lx, docs say 0x%08lx%08lx",
				  (unsigned long)i, (unsigned long)(ids[i] >> 32),
				  (unsigned long)ids[i], (unsigned long)(world.facts.list[i] >> 32),
				  (unsigned long)world.facts.list[i]);
			break;
		}
	free(ids);
}

/* The fresh VM's window gets random bytes; the model keeps a copy. */
static void fill_fresh_window(void)
{
	struct fuzz_rng r = fuzz_rng_for(ctx.seed, FUZZ_STREAM_SALT, 0);

	for (uint32_t i = 0; i < sizeof(fresh_copy); i += sizeof(uint32_t)) {
		uint32_t w = fuzz_rand32(&r);
		memcpy(&fresh_copy[i], &w, sizeof(w));
	}
	for (uint32_t off = 0; off < sizeof(fresh_copy); off += HYPV7_MEM_XFER_MAX)
		if (hv_vm_write_mem(FUZZ_VM_FRESH, FUZZ_FRESH_WINDOW_IPA + off, fresh_copy + off,
				    HYPV7_MEM_XFER_MAX))
			fuzz_fail("VM_WRITE_MEM into the fresh VM's window failed");
	world.fresh = fresh_copy;
}

static bool hostile_wait_ready(uint32_t after_boot);

static void set_up(uint32_t bystander_mem)
{
	uint32_t before = fuzz_run.failures;

	describe("setting up");
	setup_world(bystander_mem);
	if (fuzz_mem_init(&mem, GUEST_RAM_IPA, FUZZ_CONTROL_MEM, true))
		fuzz_fail("cannot make the arena's hole and read-only page");
	if (!hv_is_hypv7())
		fuzz_fail("UID is not hypv7's");
	check_layout();
	wait_magic(FUZZ_VM_HOSTILE, FUZZ_HOSTILE_MAGIC);
	/* Its magic is up before it reads its first cmd_seq: a command posted
	 * in between would go unseen (it waits for cmd_seq to change). */
	hostile_wait_ready(0);
	wait_magic(FUZZ_VM_VICTIM, FUZZ_VICTIM_MAGIC);
	wait_magic(FUZZ_VM_CANARY, FUZZ_CANARY_MAGIC);
	check_reg_list();
	fill_fresh_window();
	stats.setup_failures = fuzz_run.failures - before;
	tap_ok(stats.setup_failures == 0,
	       "the fuzz image's VMs are up; VM_INFO and GET_REG_LIST (%u ids) as documented",
	       world.facts.nlist);
	if (have_bystander())
		fuzz_printf("fuzz: VM %u (%lu MiB) is a bystander: calls name it, none may change "
			    "it\n",
			    FUZZ_VM_BYSTANDER, (unsigned long)(bystander_mem / FUZZ_MIB));
}

/* ------------------------------------------------------------ the victim */

/* The victim ran: pause it and learn how its run ended. */
static void victim_settle(void)
{
	struct fuzz_vm_model *m = &world.vm[FUZZ_VM_VICTIM];

	if (!stats.victim_out && !(m->possible & FUZZ_ST_RUN))
		return; /* neither resumed by us nor by a fuzz call since */
	stats.victim_out = false;
	describe("pausing the victim after its run");
	int err = hv_vcpu_pause(handle_of(FUZZ_VM_VICTIM));
	int state = ctl_state(handle_of(FUZZ_VM_VICTIM));
	if (err || state <= HYPV7_VCPU_RUNNABLE || state > HYPV7_VCPU_FAULTED) {
		fuzz_fail("VCPU_PAUSE %d, then VCPU_STATE %d", err, state);
		stats.victim_failures++;
		m->possible = FUZZ_ST_ANY;
		return;
	}
	stats.victim_ended[state]++;
	m->possible = (uint8_t)FUZZ_ST(state);
	fuzz_model_forget_regs(m);
}

/* A SET the model must know of (its snapshot then checks the rest). */
static int set_known(unsigned vm, uint64_t id, uint64_t value)
{
	struct fuzz_reg r;
	int err = ctl_set(handle_of(vm), id, value);

	if (!err && !fuzz_classify(&world.facts, id, &r)) {
		world.vm[vm].value[r.pos] = value;
		world.vm[vm].known[r.pos] = true;
	}
	return err;
}

/* VCPU_INIT (the model takes docs/abi.md 3.4's reset values, which the
 * next snapshot checks) and the guest contract's entry registers: it runs
 * its program again when resumed. */
static void victim_restart(void)
{
	struct fuzz_vm_model *m = &world.vm[FUZZ_VM_VICTIM];
	struct kvm_vcpu_init init = { .target = world.facts.target };

	describe("re-initialising the victim");
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	int err = hv_vcpu_init(handle_of(FUZZ_VM_VICTIM), &init);
	if (err) {
		fuzz_fail("VCPU_INIT of the stopped victim: %d", err);
		m->possible = FUZZ_ST_ANY;
		fuzz_model_forget_regs(m);
		return;
	}
	m->possible = FUZZ_ST(HYPV7_VCPU_PAUSED);
	fuzz_model_reset(&world.facts, m);
	err = set_known(FUZZ_VM_VICTIM, ID_PC, GUEST_ENTRY);
	err = err ? err : set_known(FUZZ_VM_VICTIM, ID_CPSR, RESET_CPSR);
	err = err ? err : set_known(FUZZ_VM_VICTIM, ID_R1, ENTRY_R1);
	if (err)
		fuzz_fail("SET of the victim's entry registers: %d", err);
	stats.victim_restarts++;
}

static void victim_prepare(struct fuzz_rng *r)
{
	victim_settle();
	if (fuzz_one_in(r, VICTIM_RESTART_ONE_IN))
		victim_restart();
	describe("reading all of the victim's registers");
	int err = fuzz_snapshot(&ctx, FUZZ_VM_VICTIM);
	if (err)
		fuzz_fail("GET_MULTI of the victim's whole list: %d", err);
}

/* Its entry registers, the rest (cp15, VFP, banked registers) as the
 * random SETs left it: its start-up code runs on that state at once
 * (it sets up VFP, its MMU, its vectors). */
static void victim_to_entry(void)
{
	uint32_t h = handle_of(FUZZ_VM_VICTIM);
	int err = ctl_set(h, ID_PC, GUEST_ENTRY);

	err = err ? err : ctl_set(h, ID_CPSR, RESET_CPSR);
	if (err)
		fuzz_fail("SET of the victim's PC and CPSR: %d", err);
}

static void victim_release(struct fuzz_rng *r)
{
	struct fuzz_vm_model *m = &world.vm[FUZZ_VM_VICTIM];

	if (stats.victim_out || (m->possible & FUZZ_ST_RUN))
		return;
	describe("resuming the victim");
	if (fuzz_one_in(r, VICTIM_TO_ENTRY_ONE_IN))
		victim_to_entry();
	int err = hv_vcpu_resume(handle_of(FUZZ_VM_VICTIM));
	if (err)
		fuzz_fail("VCPU_RESUME of the victim: %d", err);
	m->possible = FUZZ_ST_ANY;
	fuzz_model_forget_regs(m);
	stats.victim_runs++;
	stats.victim_out = true;
}

/* ------------------------------------------------------------ the hostile VM */

static int hostile_read(struct fuzz_hostile_mbox *m)
{
	return hv_vm_read_mem(FUZZ_VM_HOSTILE, MBOX_ADDR, m, sizeof(*m));
}

/* Resumes it if the fuzz calls left it paused (nothing may have changed). */
static void hostile_runnable(void)
{
	struct fuzz_vm_model *m = &world.vm[FUZZ_VM_HOSTILE];

	if (!(m->possible & FUZZ_ST_RUN)) {
		if (m->snapshot)
			fuzz_snapshot_verify(&ctx, FUZZ_VM_HOSTILE, "while paused");
		if (hv_vcpu_resume(handle_of(FUZZ_VM_HOSTILE)))
			fuzz_fail("VCPU_RESUME of the hostile VM failed");
	}
	m->possible = FUZZ_ST_RUN;
	fuzz_model_forget_regs(m);
}

static bool hostile_wait_ready(uint32_t after_boot)
{
	struct fuzz_hostile_mbox m;

	for (struct ctl_patience p = ctl_patience_begin(WAIT_YIELDS); ctl_patience_left(&p);) {
		if (!hostile_read(&m) && m.boots > after_boot && m.ready_boot == m.boots &&
		    m.ack_seq == m.cmd_seq)
			return true;
		guest_wfi();
	}
	fuzz_fail("the hostile VM is not ready (boot %lu, ready %lu)", (unsigned long)m.boots,
		  (unsigned long)m.ready_boot);
	return false;
}

/* cmd, arg and the seed first, then cmd_seq, which VM 1 waits for. */
static bool hostile_post(uint32_t cmd, uint32_t arg, uint64_t seed, uint32_t *seq)
{
	struct fuzz_hostile_mbox m;
	uint32_t words[] = { cmd, arg, (uint32_t)seed, (uint32_t)(seed >> 32) };

	if (hostile_read(&m))
		return false;
	*seq = m.cmd_seq + 1;
	return !hv_vm_write_mem(FUZZ_VM_HOSTILE,
				MBOX_ADDR + offsetof(struct fuzz_hostile_mbox, cmd), words,
				sizeof(words)) &&
	       !hv_vm_write_mem(FUZZ_VM_HOSTILE,
				MBOX_ADDR + offsetof(struct fuzz_hostile_mbox, cmd_seq), seq,
				sizeof(*seq));
}

/* VCPU_INIT, the entry registers, RESUME: it boots again. */
static bool hostile_reboot(uint32_t boots)
{
	struct kvm_vcpu_init init = { .target = world.facts.target };
	uint32_t h = handle_of(FUZZ_VM_HOSTILE);

	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	int err = hv_vcpu_init(h, &init);
	err = err ? err : ctl_set(h, ID_CPSR, RESET_CPSR);
	err = err ? err : ctl_set(h, ID_PC, GUEST_ENTRY);
	err = err ? err : ctl_set(h, ID_R0, 0);
	err = err ? err : ctl_set(h, ID_R1, ENTRY_R1);
	err = err ? err : ctl_set(h, ID_R2, 0);
	err = err ? err : hv_vcpu_resume(h);
	if (err) {
		fuzz_fail("re-initialising the hostile VM: %d", err);
		return false;
	}
	world.vm[FUZZ_VM_HOSTILE].possible = FUZZ_ST_RUN;
	fuzz_model_forget_regs(&world.vm[FUZZ_VM_HOSTILE]);
	return hostile_wait_ready(boots);
}

static uint32_t exception_outcome(uint32_t kind)
{
	switch (kind) {
	case FUZZ_EXC_UND: return FUZZ_OB_UND;
	case FUZZ_EXC_SVC: return FUZZ_OB_SVC;
	case FUZZ_EXC_PABT: return FUZZ_OB_PABT;
	case FUZZ_EXC_DABT: return FUZZ_OB_DABT;
	default: return FUZZ_OB_OTHER;
	}
}

/* How the command `seq` ended (one FUZZ_OB_* bit); *m the mailbox then. */
static uint32_t hostile_wait_end(uint32_t seq, uint32_t boots, bool storm,
				 struct fuzz_hostile_mbox *m)
{
	bool paused_itself = false;

	for (struct ctl_patience p = ctl_patience_begin(WAIT_YIELDS); ctl_patience_left(&p);) {
		int state = ctl_state(handle_of(FUZZ_VM_HOSTILE));
		if (hostile_read(m))
			return FUZZ_OB_OTHER;
		bool done = m->done_seq == seq;
		if (m->boots > boots && m->ready_boot == m->boots)
			return FUZZ_OB_RESTART;
		if (state == HYPV7_VCPU_FAULTED)
			return done ? FUZZ_OB_OTHER : FUZZ_OB_FAULT;
		if (state == HYPV7_VCPU_POWERED_OFF && !done)
			return FUZZ_OB_OFF;
		if (state == HYPV7_VCPU_POWERED_OFF || (storm && done))
			return m->outcome == FUZZ_HOUT_EXCEPTION ? exception_outcome(m->detail)
			       : paused_itself                   ? FUZZ_OB_SELF_PAUSE
								 : FUZZ_OB_DONE;
		if (state == HYPV7_VCPU_PAUSED && m->ack_seq == seq && !paused_itself) {
			paused_itself = true;
			hv_vcpu_resume(handle_of(FUZZ_VM_HOSTILE));
		}
		guest_wfi();
	}
	return FUZZ_OB_HANG;
}

static unsigned outcome_index(uint32_t bit)
{
	unsigned i = 0;

	while (i + 1 < NR_OUTCOMES && !(bit & (1u << i)))
		i++;
	return i;
}

/* A stop hypv7 reports must name the instruction that stopped it. */
static void check_fault_pc(const struct fuzz_hostile_mbox *m)
{
	uint64_t pc = 0;

	if (!m->fault_pc)
		return;
	int err = ctl_get(handle_of(FUZZ_VM_HOSTILE), ID_PC, &pc);
	if (err || (pc != m->fault_pc && pc != m->fault_pc + HVC_NEXT_INSN))
		fuzz_fail("stopped with PC 0x%08lx (GET: %d), the action stopped at 0x%08lx",
			  (unsigned long)pc, err, (unsigned long)m->fault_pc);
}

static void judge_action(unsigned i, uint32_t outcome, const struct fuzz_hostile_mbox *m)
{
	if (!(actions[i].allowed & outcome))
		fuzz_fail("it ended as \"%s\", which the docs do not allow for it",
			  outcome_names[outcome_index(outcome)]);
	else if ((outcome & (FUZZ_OB_DONE | FUZZ_OB_SELF_PAUSE)) && m->detail)
		fuzz_fail("it ran to its end but found 0x%08lx wrong", (unsigned long)m->detail);
	if (outcome == FUZZ_OB_FAULT)
		check_fault_pc(m);
}

/*
 * Once VM 1 has shown that the board has a GIC (its first GICC access ran),
 * VM 0 touches its own GICC too: hypv7 then maps the board's GICV into VM
 * 0's stage 2, and pointers into that page are a class of their own (they
 * must stay -EFAULT: buffers are RAM, and Hyp must not copy into a device).
 */
static void touch_own_gicc(unsigned action, uint32_t outcome)
{
	if (!(options & FUZZ_OPT_GICV_BUFFERS) || strcmp(actions[action].name, "gicc_first_word") ||
	    outcome != FUZZ_OB_DONE || stats.gicc_touched)
		return;
	(void)*(volatile uint32_t *)GICC_IIDR_IPA;
	stats.gicc_touched = true;
	fuzz_printf("fuzz: the board has a GIC: VM 0's GICC page is now the board's GICV\n");
}

static void hostile_action(unsigned i)
{
	struct fuzz_hostile_mbox m;
	uint32_t seq;

	describe("hostile action %s (%s)", actions[i].name, actions[i].text);
	hostile_runnable();
	if (hostile_read(&m) || !hostile_post(FUZZ_HCMD_ACTION, i, 0, &seq)) {
		fuzz_fail("cannot post to the hostile VM");
		stats.hostile_lost = true;
		return;
	}
	uint32_t boots = m.boots;
	uint32_t outcome = hostile_wait_end(seq, boots, false, &m);
	judge_action(i, outcome, &m);
	touch_own_gicc(i, outcome);
	stats.actions++;
	stats.action_done[i] = true;
	stats.outcomes[outcome_index(outcome)]++;
	fuzz_printf("hostile action %s: %s\n", actions[i].name,
		    outcome_names[outcome_index(outcome)]);
	if (outcome == FUZZ_OB_RESTART)
		return;
	if (outcome == FUZZ_OB_HANG)
		hv_vcpu_pause(handle_of(FUZZ_VM_HOSTILE));
	if (!hostile_reboot(m.boots))
		stats.hostile_lost = true;
}

static void hostile_storm(uint32_t step)
{
	struct fuzz_hostile_mbox m;
	uint32_t seq;
	struct fuzz_rng r = fuzz_rng_for(ctx.seed, FUZZ_STREAM_HOSTILE, step);
	uint64_t seed = fuzz_rng_next(&r);

	describe("hostile storm %lu (seed 0x%08lx%08lx)", (unsigned long)step,
		 FUZZ_SEED_ARGS(seed));
	hostile_runnable();
	if (hostile_read(&m) ||
	    hv_vm_write_mem(FUZZ_VM_HOSTILE,
			    MBOX_ADDR + offsetof(struct fuzz_hostile_mbox, options), &options,
			    sizeof(options)) ||
	    !hostile_post(FUZZ_HCMD_STORM, STORM_CALLS, seed, &seq)) {
		fuzz_fail("cannot post to the hostile VM");
		stats.hostile_lost = true;
		return;
	}
	uint32_t calls_before = m.storm_calls, failures_before = m.storm_failures;
	uint32_t outcome = hostile_wait_end(seq, m.boots, true, &m);
	stats.storms++;
	if (outcome != FUZZ_OB_DONE) {
		fuzz_fail("the storm ended as \"%s\"", outcome_names[outcome_index(outcome)]);
		if (outcome == FUZZ_OB_HANG)
			hv_vcpu_pause(handle_of(FUZZ_VM_HOSTILE));
		if (!hostile_reboot(m.boots))
			stats.hostile_lost = true;
		return;
	}
	stats.storm_calls += m.storm_calls - calls_before;
	stats.storm_failures += m.storm_failures - failures_before;
}

static void hostile_step(uint32_t phase, const uint8_t *order)
{
	uint32_t before = fuzz_run.failures;

	if (stats.hostile_lost)
		return;
	hostile_action(order[phase % NR_ACTIONS]);
	if (phase % STORM_EVERY == STORM_EVERY - 1 && !stats.hostile_lost)
		hostile_storm(phase);
	stats.hostile_failures += fuzz_run.failures - before;
}

/* The actions in an order of the seed's. */
static void shuffle_actions(uint8_t *order)
{
	struct fuzz_rng r = fuzz_rng_for(ctx.seed, FUZZ_STREAM_HOSTILE, UINT32_MAX);

	for (unsigned i = 0; i < NR_ACTIONS; i++)
		order[i] = (uint8_t)i;
	for (unsigned i = NR_ACTIONS - 1; i > 0; i--) {
		unsigned j = fuzz_below(&r, i + 1);
		uint8_t t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* ------------------------------------------------------------ the canary */

static void canary_check(void)
{
	struct fuzz_vm_model *m = &world.vm[FUZZ_VM_CANARY];
	struct fuzz_canary_mbox c;
	uint32_t before = fuzz_run.failures;

	describe("canary check %lu", (unsigned long)stats.canary_checks);
	if (!(m->possible & FUZZ_ST_RUN)) {
		if (m->snapshot)
			fuzz_snapshot_verify(&ctx, FUZZ_VM_CANARY, "while paused");
		if (hv_vcpu_resume(handle_of(FUZZ_VM_CANARY)))
			fuzz_fail("VCPU_RESUME of the canary failed");
		m->possible = FUZZ_ST_RUN;
		fuzz_model_forget_regs(m);
	}
	int state = ctl_state(handle_of(FUZZ_VM_CANARY));
	bool moved = false;
	for (struct ctl_patience p = ctl_patience_begin(WAIT_YIELDS);
	     !moved && ctl_patience_left(&p);) {
		if (hv_vm_read_mem(FUZZ_VM_CANARY, MBOX_ADDR, &c, sizeof(c)))
			break;
		moved = c.heartbeat != stats.canary_heartbeat;
		if (!moved)
			guest_wfi();
	}
	if (state != HYPV7_VCPU_RUNNABLE || !moved)
		fuzz_fail("the canary's heartbeat stopped at %lu (VCPU_STATE %d)",
			  (unsigned long)c.heartbeat, state);
	if (c.damage != stats.canary_damage)
		fuzz_fail("the canary found damage: %lu things (first: kind %lu at 0x%08lx)",
			  (unsigned long)c.damage, (unsigned long)c.first_damage_what,
			  (unsigned long)c.first_damage_where);
	stats.canary_damage = c.damage;
	stats.canary_heartbeat = c.heartbeat;
	stats.canary_passes = c.ram_passes;
	stats.canary_checks++;
	stats.canary_failures += fuzz_run.failures - before;
}

/* ------------------------------------------------------------ phases */

static enum fuzz_mix phase_mix(struct fuzz_rng *r)
{
	static const uint8_t weights[FUZZ_NR_MIXES] = {
		[FUZZ_MIX_MIXED] = 40, [FUZZ_MIX_REGS] = 20,   [FUZZ_MIX_STORM] = 15,
		[FUZZ_MIX_SMCCC] = 15, [FUZZ_MIX_MEMORY] = 10,
	};

	return (enum fuzz_mix)fuzz_weighted(r, weights, FUZZ_NR_MIXES);
}

static void between_phases(uint32_t phase, enum fuzz_mix mix, struct fuzz_rng *r,
			   const uint8_t *order)
{
	uint32_t before = fuzz_run.failures;

	if (mix == FUZZ_MIX_REGS)
		victim_prepare(r);
	stats.victim_failures += fuzz_run.failures - before;
	hostile_step(phase, order);
	if (phase % CANARY_EVERY == 0)
		canary_check();
	describe("arena check after phase %lu", (unsigned long)phase);
	fuzz_mem_check_all(&mem);
}

/* The victim's run (if it had one) ends with the phase; after a phase of
 * random SETs, or now and then, it runs through the next one. */
static void after_phase(enum fuzz_mix mix, struct fuzz_rng *r)
{
	uint32_t before = fuzz_run.failures;

	victim_settle();
	if (mix == FUZZ_MIX_REGS || fuzz_one_in(r, VICTIM_RUN_ONE_IN))
		victim_release(r);
	stats.victim_failures += fuzz_run.failures - before;
}

static void progress(uint32_t done, uint32_t total)
{
	fuzz_printf("fuzz progress %lu/%lu calls%s, %lu failures, canary heartbeat %lu\n",
		    (unsigned long)done, (unsigned long)total,
		    done > total ? " (the bystander still runs)" : "",
		    (unsigned long)fuzz_run.failures, (unsigned long)stats.canary_heartbeat);
}

/*
 * Whether to make another phase of calls: until `total` calls, then, with a
 * bystander, for as long as it runs (within BYSTANDER_EXTRA_*), so that the
 * whole of its run is beside the fuzz. `start`: the virtual count then.
 */
static bool go_on(uint32_t n, uint32_t total, uint64_t start)
{
	if (n < total)
		return true;
	if (!have_bystander())
		return false;
	int state = ctl_state(handle_of(FUZZ_VM_BYSTANDER));
	uint64_t now = fuzz_virtual_count();

	if (!stats.extra_until) {
		uint64_t floor = (uint64_t)BYSTANDER_EXTRA_SECONDS * guest_counter_hz();
		uint64_t extra = (now - start) * BYSTANDER_EXTRA_TIMES;
		stats.bystander_after_calls = state;
		stats.extra_until = now + (extra > floor ? extra : floor);
		if (state == HYPV7_VCPU_RUNNABLE)
			fuzz_printf(
			    "fuzz: %lu calls made, the bystander still runs: going on until it "
			    "powers itself off\n",
			    (unsigned long)n);
	}
	stats.bystander_end = state;
	return state == HYPV7_VCPU_RUNNABLE && now < stats.extra_until;
}

static void run_calls(uint32_t total, const uint8_t *order)
{
	uint32_t step = total / PROGRESS_STEPS ? total / PROGRESS_STEPS : 1, next = step;
	uint64_t start = fuzz_virtual_count();

	for (uint32_t n = 0, phase = 0; go_on(n, total, start); phase++) {
		struct fuzz_rng r = fuzz_rng_for(ctx.seed, FUZZ_STREAM_PHASE, phase);
		enum fuzz_mix mix = phase_mix(&r);
		uint32_t end = n < total && total - n < PHASE_CALLS ? total : n + PHASE_CALLS;
		between_phases(phase, mix, &r, order);
		for (; n < end; n++)
			fuzz_one_call(&ctx, n, mix);
		after_phase(mix, &r);
		if (n >= next) {
			progress(n, total);
			next += step;
		}
	}
}

/* ------------------------------------------------------------ the end */

static void finish(void)
{
	uint32_t before = fuzz_run.failures;

	victim_settle();
	for (unsigned i = 0; i < NR_ACTIONS && !stats.hostile_lost; i++)
		if (!stats.action_done[i])
			hostile_action(i);
	stats.hostile_failures += fuzz_run.failures - before;
	hostile_runnable();
	canary_check();
	describe("the last arena check");
	fuzz_mem_check_all(&mem);
}

static void report(uint32_t calls, uint64_t ticks)
{
	uint32_t freq = guest_counter_hz();
	uint32_t ms = freq ? (uint32_t)(ticks * 1000u / freq) : 0;
	uint32_t call_failures = fuzz_run.failures - stats.setup_failures - stats.hostile_failures -
				 stats.canary_failures - stats.victim_failures;

	tap_ok(call_failures == 0 && ctx.calls >= calls,
	       "%lu calls (seed 0x%08lx%08lx), each answered as docs/abi.md says, every guard "
	       "and r4-r14 intact",
	       (unsigned long)ctx.calls, FUZZ_SEED_ARGS(ctx.seed));
	fuzz_printf("fuzz: %lu calls made again (the first try was unsafe), %lu snapshots of "
		    "stopped VMs, %lu of them checked unchanged before a resume\n",
		    (unsigned long)ctx.regenerated, (unsigned long)ctx.snapshots,
		    (unsigned long)ctx.verifications);
	tap_ok(stats.hostile_failures == 0 && !stats.hostile_lost && stats.storm_failures == 0,
	       "hostile VM: %lu actions (%lu kinds) each ended as allowed, only VM 1 stopped; "
	       "%lu storms, %lu calls from VM 1, %lu mismatches",
	       (unsigned long)stats.actions, (unsigned long)NR_ACTIONS, (unsigned long)stats.storms,
	       (unsigned long)stats.storm_calls, (unsigned long)stats.storm_failures);
	tap_ok(stats.victim_failures == 0,
	       "victim: %lu runs with random registers (ended runnable %lu, paused %lu, off %lu, "
	       "faulted %lu), %lu re-initialisations",
	       (unsigned long)stats.victim_runs, (unsigned long)stats.victim_ended[0],
	       (unsigned long)stats.victim_ended[1], (unsigned long)stats.victim_ended[2],
	       (unsigned long)stats.victim_ended[3], (unsigned long)stats.victim_restarts);
	tap_ok(stats.canary_failures == 0 && stats.canary_damage == 0,
	       "canary: heartbeat %lu, %lu passes over its RAM, no damage",
	       (unsigned long)stats.canary_heartbeat, (unsigned long)stats.canary_passes);
	fuzz_print_kind_counts(&ctx);
	fuzz_printf("fuzz done: %lu calls in %lu.%03lu s (%lu calls/s), %lu failures, seed "
		    "0x%08lx%08lx\n",
		    (unsigned long)ctx.calls, (unsigned long)(ms / 1000),
		    (unsigned long)(ms % 1000),
		    (unsigned long)(ms ? (uint64_t)ctx.calls * 1000u / ms : 0),
		    (unsigned long)fuzz_run.failures, FUZZ_SEED_ARGS(ctx.seed));
	if (fuzz_run.failures)
		fuzz_printf("fuzz: to reproduce: make fuzz FUZZ_SEED=0x%08lx%08lx FUZZ_CALLS=%lu%s "
			    "FUZZ_TRACE_FROM=%lu (the first failure was at call %lu)\n",
			    FUZZ_SEED_ARGS(ctx.seed), (unsigned long)calls,
			    have_bystander() ? " FUZZ_LINUX=1" : "",
			    (unsigned long)(fuzz_run.first_failed_call > TRACE_BEFORE
						? fuzz_run.first_failed_call - TRACE_BEFORE
						: 0),
			    (unsigned long)fuzz_run.first_failed_call);
}

/* ------------------------------------------------------------ the bystander */

/* It ran through the run's calls, and powered itself off beside the fuzz. */
static void report_bystander(uint32_t calls)
{
	tap_ok(stats.bystander_after_calls == HYPV7_VCPU_RUNNABLE,
	       "bystander (VM %u): still running after the %lu calls (VCPU_STATE %d); %lu calls "
	       "reached it, none could change it",
	       FUZZ_VM_BYSTANDER, (unsigned long)calls, stats.bystander_after_calls,
	       (unsigned long)ctx.vm_calls[FUZZ_VM_BYSTANDER]);
	tap_ok(stats.bystander_end == HYPV7_VCPU_POWERED_OFF,
	       "bystander: powered itself off while the fuzz went on (VCPU_STATE %d, %lu calls "
	       "past the %lu)",
	       stats.bystander_end, (unsigned long)(ctx.calls - calls), (unsigned long)calls);
}

int main(void)
{
	uint64_t seed = ((uint64_t)fuzz_params.seed_hi << 32) | fuzz_params.seed_lo;
	uint32_t calls = fuzz_params.calls;
	static uint8_t order[NR_ACTIONS];

	options = fuzz_params.options;
	if (fuzz_params.magic != FUZZ_PARAMS_MAGIC) {
		seed = FUZZ_DEFAULT_SEED;
		calls = FUZZ_DEFAULT_CALLS;
		options = FUZZ_DEFAULT_OPTIONS;
	}
	fuzz_run.seed = seed;
	ctx = (struct fuzz_ctx){ .w = &world,
				 .mem = &mem,
				 .seed = seed,
				 .trace_from = fuzz_params.trace_from,
				 .trace_count = fuzz_params.trace_count,
				 .gicc_pointers = true };
	fuzz_printf("fuzz seed 0x%08lx%08lx, %lu calls\n", FUZZ_SEED_ARGS(seed),
		    (unsigned long)calls);
	fuzz_printf("fuzz options 0x%lx: buffers in the GICV page %s\n", (unsigned long)options,
		    options & FUZZ_OPT_GICV_BUFFERS ? "on" : "off");
	uint32_t bystander_mem = bystander_ram();
	tap_plan(NR_TESTS + (bystander_mem ? NR_BYSTANDER_TESTS : 0));
	set_up(bystander_mem);
	shuffle_actions(order);
	uint64_t start = fuzz_virtual_count();
	run_calls(calls, order);
	finish();
	report(calls, fuzz_virtual_count() - start);
	if (have_bystander())
		report_bystander(calls);
	return tap_done();
}
