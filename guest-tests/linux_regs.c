/*
 * VM 0 beside Linux (VM 1, test linux_regs): every INTERVAL_MS of Linux's
 * run, from its decompressor to its init's power-off, it pauses Linux's
 * vCPU, reads the whole register list (GET_REG_LIST, then GET_ONE_REG of
 * every id, then GET_MULTI of them all), checks what it read and resumes
 * it. Linux must not notice: its init (guest-tests/linux/init.c) prints
 * its own TAP and powers VM 1 off, and VM 0 then prints its results.
 *
 * What must hold at every pause: the list is the same every time (and VM
 * 0's own); every listed id reads; a second read (GET_MULTI) gives the same
 * values, but for the two that move by themselves while paused (the
 * virtual count, the timer's ISTATUS bit); CPSR holds a mode a guest may be
 * in; the PC is aligned for its instruction set and lies in the VM's RAM
 * (MMU off), in Linux's kernel addresses or the identity map (a privileged
 * mode with the MMU on), or below the kernel (User mode).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hypv7/guest_machine.h>
#include <hypv7/regname.h>

#include "ctl.h"
#include "guest.h"
#include "hex64.h"
#include "tap.h"

#define LINUX_VM 1u
#define INTERVAL_MS 50u
#define MIN_PAUSES 50u
#define REPORT_EVERY 10u /* a diagnostic line every so many pauses */
#define MS_PER_S 1000u
#define MIB (1024u * 1024u)
/* Linux's run under QEMU takes seconds; this only keeps a hang from
 * lasting forever (the test's timeout is shorter anyway). */
#define LINUX_RUN_MAX_S 600u
#define SETTLE_YIELDS 100u

/* Linux's 3G/1G split (Debian's armmp kernel): the kernel and its modules
 * above this, User mode below it. */
#define KERNEL_VA_LOW 0xbf000000u

#define CORE_ID(field) \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(field))
#define ID_PC CORE_ID(usr_regs.ARM_pc)
#define ID_CPSR CORE_ID(usr_regs.ARM_cpsr)
#define ID_SCTLR ARM_CP15_REG32(0, 1, 0, 0)
#define ID_CONTEXTIDR ARM_CP15_REG32(0, 13, 0, 1)

#define CPSR_MODE_MASK 0x1fu
#define CPSR_MODE_USR 0x10u
#define CPSR_T (1u << 5)
#define SCTLR_MMU_ON (1u << 0)
#define CONTEXTIDR_ASID_MASK 0xffu
#define TIMER_CTL_ISTATUS (1u << 2)

enum test_id {
	TEST_LINUX_UP = 1,
	TEST_PAUSES,
	TEST_LIST,
	TEST_ONE_REG,
	TEST_MULTI,
	TEST_PC_CPSR,
	TEST_PHASES,
	TEST_POWERED_OFF,
	NR_TESTS = TEST_POWERED_OFF,
};

/* Where a pause found Linux. */
enum phase {
	PHASE_LOAD_ADDRESS, /* PC in RAM: the decompressor (MMU on, identity map), the
			       kernel's first steps */
	PHASE_KERNEL,       /* in the kernel's addresses, no user address space yet */
	PHASE_USER_SPACE,   /* once init has run (an ASID in CONTEXTIDR), any mode */
	NR_PHASES,
};

static const char *const phase_names[NR_PHASES] = {
	[PHASE_LOAD_ADDRESS] = "at its load address",
	[PHASE_KERNEL] = "kernel, before init",
	[PHASE_USER_SPACE] = "init started",
};

/* The modes a guest may be in (no Hyp, no Monitor). */
static const struct {
	uint8_t bits;
	char name[4];
} guest_modes[] = {
	{ CPSR_MODE_USR, "usr" }, { 0x11, "fiq" }, { 0x12, "irq" }, { 0x13, "svc" },
	{ 0x17, "abt" },          { 0x1b, "und" }, { 0x1f, "sys" },
};

/* The first failure of each kind, for its diagnostic. */
struct failure {
	uint32_t count;
	uint32_t pause;
	char what[96];
};

static struct {
	uint32_t handle;
	uint32_t ram_base, ram_size;
	uint64_t *ids; /* the first pause's list */
	uint32_t nr_ids;
	uint32_t pc_at, cpsr_at, sctlr_at, contextidr_at, timer_cnt_at, timer_ctl_at;
	uint64_t *one, *multi; /* values read by GET_ONE_REG and by GET_MULTI */
	struct kvm_one_reg *multi_regs;
	uint32_t pauses, reads;
	uint32_t phases[NR_PHASES];
	uint32_t in_user_mode; /* of them, pauses in User mode (init's own code) */
	struct failure pause_fail, list_fail, one_fail, multi_fail, pc_fail;
	int end_state;
} run;

static void fail(struct failure *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct failure *f, const char *fmt, ...)
{
	va_list ap;

	if (f->count++)
		return;
	f->pause = run.pauses;
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
}

static bool passed(const struct failure *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* One TAP result: ok if nothing of this kind failed, else the first failure. */
static bool passed(const struct failure *f, const char *fmt, ...)
{
	char name[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (!tap_ok(f->count == 0, "%s", name))
		tap_diag("%lu times; first at pause %lu: %s", (unsigned long)f->count,
			 (unsigned long)f->pause, f->what);
	return f->count == 0;
}

static uint64_t ms_to_ticks(uint32_t ms)
{
	return (uint64_t)guest_counter_hz() * ms / MS_PER_S;
}

static const char *mode_name(uint32_t cpsr)
{
	for (unsigned i = 0; i < sizeof(guest_modes) / sizeof(guest_modes[0]); i++)
		if ((cpsr & CPSR_MODE_MASK) == guest_modes[i].bits)
			return guest_modes[i].name;
	return NULL;
}

static const char *reg_name(uint64_t id)
{
	const char *name = regname_short(id);

	return name ? name : "?";
}

/* ------------------------------------------------------------ the list */

/* Position of `id` in the list, or nr_ids. */
static uint32_t position(uint64_t id)
{
	uint32_t i = 0;

	while (i < run.nr_ids && run.ids[i] != id)
		i++;
	return i;
}

/* The first pause's list becomes the reference; it must be VM 0's own. */
static bool learn_list(uint64_t *ids, uint32_t n)
{
	uint32_t self = 0, own_n = 0;
	uint64_t *own = NULL;
	int err = hv_self(&self);

	err = err ? err : ctl_reg_list(self, &own, &own_n);
	bool same = !err && own_n == n && !memcmp(own, ids, n * sizeof(*ids));
	free(own);
	if (!same) {
		fail(&run.list_fail, "Linux's list (%lu ids) is not VM 0's own (%lu ids, %d)",
		     (unsigned long)n, (unsigned long)own_n, err);
		return false;
	}
	run.ids = ids;
	run.nr_ids = n;
	run.pc_at = position(ID_PC);
	run.cpsr_at = position(ID_CPSR);
	run.sctlr_at = position(ID_SCTLR);
	run.contextidr_at = position(ID_CONTEXTIDR);
	run.timer_cnt_at = position(KVM_REG_ARM_TIMER_CNT);
	run.timer_ctl_at = position(KVM_REG_ARM_TIMER_CTL);
	run.one = calloc(n, sizeof(uint64_t));
	run.multi = calloc(n, sizeof(uint64_t));
	run.multi_regs = calloc(n, sizeof(struct kvm_one_reg));
	if (!run.one || !run.multi || !run.multi_regs || run.pc_at == n || run.cpsr_at == n ||
	    run.sctlr_at == n || run.contextidr_at == n) {
		fail(&run.list_fail, "no memory, or PC, CPSR, SCTLR or CONTEXTIDR not listed");
		return false;
	}
	for (uint32_t i = 0; i < n; i++)
		run.multi_regs[i] =
		    (struct kvm_one_reg){ .id = ids[i],
					  .addr = (uint32_t)(uintptr_t)&run.multi[i] };
	return true;
}

/* GET_REG_LIST: the same ids every time. */
static bool check_list(void)
{
	uint64_t *ids = NULL;
	uint32_t n = 0;
	int err = ctl_reg_list(run.handle, &ids, &n);

	if (err) {
		fail(&run.list_fail, "GET_REG_LIST: %d", err);
		return false;
	}
	if (!run.ids)
		return learn_list(ids, n);
	bool same = n == run.nr_ids && !memcmp(ids, run.ids, n * sizeof(*ids));
	free(ids);
	if (!same)
		fail(&run.list_fail, "GET_REG_LIST gave %lu ids, not the first pause's %lu",
		     (unsigned long)n, (unsigned long)run.nr_ids);
	return same;
}

/* ------------------------------------------------------------ reading */

static void read_one_by_one(void)
{
	for (uint32_t i = 0; i < run.nr_ids; i++) {
		int err = ctl_get(run.handle, run.ids[i], &run.one[i]);
		run.reads++;
		if (err)
			fail(&run.one_fail, "GET_ONE_REG of %s " HEX64_FMT ": %d",
			     reg_name(run.ids[i]), HEX64_ARGS(run.ids[i]), err);
	}
}

/* The values that move by themselves while the vCPU is paused. */
static uint64_t steady_part(uint32_t i, uint64_t v)
{
	if (i == run.timer_cnt_at)
		return 0;
	if (i == run.timer_ctl_at)
		return v & ~(uint64_t)TIMER_CTL_ISTATUS;
	return v;
}

/* GET_MULTI of the whole list: the same values as one by one. */
static void read_again(void)
{
	uint32_t failed = 0;

	memset(run.multi, 0, run.nr_ids * sizeof(uint64_t));
	int err = hv_get_multi(run.handle, run.multi_regs, run.nr_ids, &failed);
	if (err) {
		fail(&run.multi_fail, "GET_MULTI of %lu ids: %d at entry %lu",
		     (unsigned long)run.nr_ids, err, (unsigned long)failed);
		return;
	}
	for (uint32_t i = 0; i < run.nr_ids; i++)
		if (steady_part(i, run.one[i]) != steady_part(i, run.multi[i])) {
			fail(&run.multi_fail, "%s read " HEX64_FMT ", then " HEX64_FMT,
			     reg_name(run.ids[i]), HEX64_ARGS(run.one[i]),
			     HEX64_ARGS(run.multi[i]));
			return;
		}
}

/* ------------------------------------------------------------ judging */

static bool in_ram(uint32_t pc)
{
	return pc >= run.ram_base && pc - run.ram_base < run.ram_size;
}

/* Where Linux may be executing, by its MMU and its mode. */
static bool pc_plausible(uint32_t pc, uint32_t cpsr, bool mmu_on)
{
	if (!mmu_on)
		return in_ram(pc);
	if ((cpsr & CPSR_MODE_MASK) == CPSR_MODE_USR)
		return pc < KERNEL_VA_LOW;
	return pc >= KERNEL_VA_LOW || in_ram(pc);
}

static enum phase check_pc_cpsr(void)
{
	uint32_t pc = (uint32_t)run.one[run.pc_at], cpsr = (uint32_t)run.one[run.cpsr_at];
	bool mmu_on = run.one[run.sctlr_at] & SCTLR_MMU_ON;
	uint32_t align = cpsr & CPSR_T ? 2u : 4u;
	const char *mode = mode_name(cpsr);

	if (!mode || pc % align || !pc_plausible(pc, cpsr, mmu_on))
		fail(&run.pc_fail, "pc 0x%08lx cpsr 0x%08lx (%s), MMU %s", (unsigned long)pc,
		     (unsigned long)cpsr, mode ? mode : "no guest mode", mmu_on ? "on" : "off");
	run.in_user_mode += (cpsr & CPSR_MODE_MASK) == CPSR_MODE_USR;
	if (run.one[run.contextidr_at] & CONTEXTIDR_ASID_MASK)
		return PHASE_USER_SPACE;
	return in_ram(pc) ? PHASE_LOAD_ADDRESS : PHASE_KERNEL;
}

static void report_pause(enum phase phase, uint64_t at)
{
	uint32_t cpsr = (uint32_t)run.one[run.cpsr_at];
	const char *mode = mode_name(cpsr);

	if (run.pauses % REPORT_EVERY)
		return;
	tap_diag("pause %lu at %lu ms: pc 0x%08lx cpsr 0x%08lx (%s, %s), CONTEXTIDR 0x%lx; "
		 "%lu registers read twice",
		 (unsigned long)run.pauses, (unsigned long)(at * MS_PER_S / guest_counter_hz()),
		 (unsigned long)run.one[run.pc_at], (unsigned long)cpsr, mode ? mode : "?",
		 phase_names[phase], (unsigned long)run.one[run.contextidr_at],
		 (unsigned long)run.nr_ids);
}

/* ------------------------------------------------------------ one pause */

/* Pauses Linux, reads and checks everything, resumes it. False once Linux
 * has stopped by itself (nothing to read then). */
static bool inspect(uint64_t at)
{
	int state = ctl_pause_settled(run.handle, SETTLE_YIELDS);

	if (state == HYPV7_VCPU_POWERED_OFF || state == HYPV7_VCPU_FAULTED)
		return false;
	run.pauses++;
	if (state != HYPV7_VCPU_PAUSED) {
		fail(&run.pause_fail, "VCPU_PAUSE, then VCPU_STATE %d", state);
		return false;
	}
	if (check_list()) {
		read_one_by_one();
		read_again();
		enum phase phase = check_pc_cpsr();
		run.phases[phase]++;
		report_pause(phase, at);
	}
	int err = hv_vcpu_resume(run.handle);
	state = ctl_state(run.handle);
	if (err || state != HYPV7_VCPU_RUNNABLE) {
		fail(&run.pause_fail, "VCPU_RESUME %d, then VCPU_STATE %d", err, state);
		return false;
	}
	return true;
}

/* Yields until the virtual count reaches `when`; false if Linux stopped. */
static bool wait_until(uint64_t when)
{
	while (guest_counter() < when) {
		int state = ctl_state(run.handle);
		if (state != HYPV7_VCPU_RUNNABLE) {
			run.end_state = state;
			return false;
		}
		guest_wfi();
	}
	return true;
}

static void watch_linux(void)
{
	uint64_t start = guest_counter(), interval = ms_to_ticks(INTERVAL_MS);
	uint64_t give_up = start + ms_to_ticks(LINUX_RUN_MAX_S * MS_PER_S);
	uint64_t next = start + interval;

	run.end_state = HYPV7_VCPU_RUNNABLE;
	while (next < give_up && wait_until(next) && inspect(next - start))
		next += interval;
	if (run.end_state == HYPV7_VCPU_RUNNABLE)
		run.end_state = ctl_state(run.handle);
}

/* ------------------------------------------------------------ main */

static bool linux_up(void)
{
	struct hv_vm_info info = { 0 };
	int err = hv_vm_info(LINUX_VM, &info);
	int state = ctl_state(run.handle);

	run.ram_base = info.ram_base;
	run.ram_size = info.ram_size;
	return tap_ok(!err && info.nr_vcpus == 1 && info.ram_base == GUEST_RAM_IPA &&
			  state == HYPV7_VCPU_RUNNABLE,
		      "VM %u (Linux): 1 vCPU, %lu MiB of RAM at 0x%08lx, running (%d, %d)",
		      LINUX_VM, (unsigned long)(info.ram_size / MIB), (unsigned long)info.ram_base,
		      err, state);
}

int main(void)
{
	tap_plan(NR_TESTS);
	run.handle = ctl_handle(LINUX_VM);
	if (linux_up())
		watch_linux();
	tap_ok(run.pauses >= MIN_PAUSES && run.pause_fail.count == 0,
	       "%lu pauses (every %u ms of Linux's run, %u at least): each PAUSE reached the "
	       "paused state, each RESUME made it runnable again",
	       (unsigned long)run.pauses, INTERVAL_MS, MIN_PAUSES);
	if (run.pause_fail.count)
		tap_diag("first at pause %lu: %s", (unsigned long)run.pause_fail.pause,
			 run.pause_fail.what);
	passed(&run.list_fail, "GET_REG_LIST gave the same %lu ids at every pause, VM 0's own list",
	       (unsigned long)run.nr_ids);
	passed(&run.one_fail, "GET_ONE_REG read every listed id at every pause (%lu reads)",
	       (unsigned long)run.reads);
	passed(&run.multi_fail,
	       "GET_MULTI of the whole list gave the same values again (the virtual count and "
	       "ISTATUS aside)");
	passed(&run.pc_fail,
	       "CPSR a guest mode, PC aligned and in RAM (MMU off), the kernel or the identity map "
	       "(privileged), below the kernel (User)");
	tap_ok(run.phases[PHASE_LOAD_ADDRESS] && run.phases[PHASE_KERNEL] &&
		   run.phases[PHASE_USER_SPACE],
	       "pauses caught Linux at its load address (%lu), in the kernel before init (%lu) and "
	       "after init started (%lu, %lu in User mode)",
	       (unsigned long)run.phases[PHASE_LOAD_ADDRESS],
	       (unsigned long)run.phases[PHASE_KERNEL], (unsigned long)run.phases[PHASE_USER_SPACE],
	       (unsigned long)run.in_user_mode);
	tap_ok(run.end_state == HYPV7_VCPU_POWERED_OFF,
	       "Linux carried on to its end and powered itself off (VCPU_STATE %d)", run.end_state);
	return tap_done();
}
