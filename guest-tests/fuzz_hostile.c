/*
 * VM 1 of the fuzz image (fuzz.h): a VM that is not the control VM and
 * tries what it must not get away with, one command of VM 0's at a time:
 *   STORM   random calls over the whole hypercall and SMCCC space, checked
 *           by the same oracle as VM 0's calls (every call naming another
 *           VM must be -EACCES, its own running vCPU -EBUSY, ...);
 *   ACTION  one action of fuzz_actions.def (SMC, undefined and debug
 *           instructions, accesses outside RAM, odd UART accesses, ERET in
 *           odd modes, VFP against CPACR, PSCI on itself).
 * After an action that did not stop it, it reports and powers itself off;
 * VM 0 re-initialises it (VCPU_INIT, SET_ONE_REG of PC and CPSR, RESUME)
 * and it starts again from its entry. So it prints straight to the UART
 * (fuzz_print.h) and keeps what must last in its mailbox page.
 */
#include <string.h>

#include "fuzz_calls.h"
#include "fuzz_print.h"
#include "guest.h"
#include "smccc.h"

typedef uint32_t fuzz_action_fn(void);

#define FUZZ_ACTION(name, text, allowed) \
	fuzz_action_fn fz_act_##name;    \
	extern char fz_act_##name##_at[];
#include "fuzz_actions.def"

static const struct {
	fuzz_action_fn *run;
	const char *stop_at;
	const char *text;
} actions[] = {
#define FUZZ_ACTION(name, text, allowed) { fz_act_##name, fz_act_##name##_at, text },
#include "fuzz_actions.def"
};
#define NR_ACTIONS (sizeof(actions) / sizeof(actions[0]))

#define UNKNOWN_ACTION 0xbad0u
#define STORM_MIX_CALLS 32u /* calls per mix before the next one */

/* fuzz_hostile_actions.S */
extern char fz_hostile_vectors[];
extern volatile uint32_t fz_landed_in_user;
void fuzz_hostile_exception(uint32_t kind, uint32_t lr, uint32_t spsr) __attribute__((noreturn));

static struct fuzz_world world;
static struct fuzz_mem mem;

static volatile struct fuzz_hostile_mbox *mbox(void)
{
	return (volatile struct fuzz_hostile_mbox *)MBOX_ADDR;
}

static void __attribute__((noreturn)) power_off(void)
{
	smccc_hvc0(PSCI_CPU_OFF);
	for (;;)
		guest_wfi();
}

static const char *exception_name(uint32_t kind)
{
	static const char *const names[] = { "reset",      "undefined instruction",
					     "SVC",        "prefetch abort",
					     "data abort", "?",
					     "IRQ",        "FIQ" };

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

/* An exception of its own ends the action (an SVC taken from User mode by
 * an ERET action's landing code is that action's normal end). */
void fuzz_hostile_exception(uint32_t kind, uint32_t lr, uint32_t spsr)
{
	volatile struct fuzz_hostile_mbox *m = mbox();

	if (kind == FUZZ_EXC_SVC && fz_landed_in_user) {
		fz_landed_in_user = 0;
		m->outcome = FUZZ_HOUT_DONE;
		m->detail = 0;
		fuzz_printf("hostile: the action ended in User mode\n");
	} else {
		m->outcome = FUZZ_HOUT_EXCEPTION;
		m->detail = kind;
		m->exc_pc = lr;
		fuzz_printf(
		    "hostile: the action took its own %s exception (lr 0x%08lx, spsr 0x%08lx)\n",
		    exception_name(kind), (unsigned long)lr, (unsigned long)spsr);
	}
	m->done_seq = m->ack_seq;
	power_off();
}

/* Its own view of the world: it may name only itself (docs/abi.md 1.2);
 * every other VM id, a bystander's included, is -EACCES before -ENOENT. */
static void setup_world(void)
{
	memset(&world, 0, sizeof(world));
	fuzz_facts_init(&world.facts);
	world.caller = FUZZ_VM_HOSTILE;
	world.nr_vms = FUZZ_NR_VMS;
	for (unsigned vm = 0; vm < FUZZ_NR_VMS; vm++)
		world.vm[vm].ram_size = vm == FUZZ_VM_CONTROL ? FUZZ_CONTROL_MEM : FUZZ_OTHER_MEM;
	struct fuzz_vm_model *self = &world.vm[FUZZ_VM_HOSTILE];
	self->exists = self->initialised = true;
	self->possible = FUZZ_ST_RUN;
	self->protect = FUZZ_PROT_PAUSE | FUZZ_PROT_REGS | FUZZ_PROT_RAM;
	self->features = 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (fuzz_mem_init(&mem, GUEST_RAM_IPA, FUZZ_OTHER_MEM, false))
		fuzz_printf("hostile: cannot set up its arena\n");
}

static void storm(volatile struct fuzz_hostile_mbox *m)
{
	struct fuzz_ctx ctx = { .w = &world, .mem = &mem, .trace_from = FUZZ_NO_TRACE };
	uint32_t before = fuzz_run.failures;

	ctx.seed = ((uint64_t)m->seed_hi << 32) | m->seed_lo;
	ctx.gicc_pointers = m->options & FUZZ_OPT_GICV_BUFFERS;
	fuzz_run.seed = ctx.seed;
	for (uint32_t n = 0; n < m->arg; n++)
		fuzz_one_call(&ctx, n, (enum fuzz_mix)(n / STORM_MIX_CALLS % FUZZ_NR_MIXES));
	fuzz_mem_check_all(&mem);
	m->storm_calls += m->arg;
	m->storm_failures += fuzz_run.failures - before;
	m->outcome = FUZZ_HOUT_DONE;
	m->detail = fuzz_run.failures - before;
	m->done_seq = m->ack_seq;
}

static void __attribute__((noreturn)) run_action(volatile struct fuzz_hostile_mbox *m)
{
	uint32_t i = m->arg;

	m->outcome = FUZZ_HOUT_NONE;
	if (i >= NR_ACTIONS) {
		m->detail = UNKNOWN_ACTION;
	} else {
		m->fault_pc = (uint32_t)(uintptr_t)actions[i].stop_at;
		fuzz_printf("hostile: action %lu: %s\n", (unsigned long)i, actions[i].text);
		m->detail = actions[i].run();
	}
	m->outcome = FUZZ_HOUT_DONE;
	m->done_seq = m->ack_seq;
	fuzz_printf("hostile: the action ran to its end (%lu)\n", (unsigned long)m->detail);
	power_off();
}

int main(void)
{
	volatile struct fuzz_hostile_mbox *m = mbox();

	if (m->magic != FUZZ_HOSTILE_MAGIC) {
		memset((void *)m, 0, sizeof(*m));
		m->magic = FUZZ_HOSTILE_MAGIC;
	}
	m->boots++;
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb"
			 :
			 : "r"(fz_hostile_vectors)
			 : "memory");
	setup_world();
	fuzz_printf("hostile VM up (boot %lu)\n", (unsigned long)m->boots);
	uint32_t seen = m->cmd_seq;
	m->ready_boot = m->boots;
	for (;;) {
		while (m->cmd_seq == seen)
			guest_wfi();
		seen = m->cmd_seq;
		m->ack_seq = seen;
		if (m->cmd == FUZZ_HCMD_ACTION)
			run_action(m);
		storm(m);
	}
}
