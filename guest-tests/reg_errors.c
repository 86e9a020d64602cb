/*
 * Every error path of the register hypercalls, from the control VM:
 *   vm1: reg_worker created stopped (never initialised): -ENOEXEC, VCPU_INIT
 *        rules, then initialised and started by hand;
 *   vm2: reg_worker, running: -EBUSY, ids (-ENOENT / -EINVAL), MULTI;
 *   vm3, vm4, vm5: reg_workers told to CPU_OFF, read outside RAM and
 *        SYSTEM_OFF: the VCPU_STATE values.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "ctl.h"
#include "hex64.h"
#include "tap.h"

#define VM_STOPPED 1u
#define VM_BUSY 2u
#define VM_CPU_OFF 3u
#define VM_FAULT 4u
#define VM_SYS_OFF 5u
#define VM_MISSING 9u
#define NR_TESTS 45

#define GUEST_ENTRY 0x40000000u /* guest.ld: _start at the RAM base */
#define ENTRY_R1 0xffffffffu
#define RESET_CPSR 0x1d3u
#define WORKER_RAM_SIZE (16u << 20) /* mem=16 in tests.list */
#define BAD_PTR 0x50000000u         /* outside every VM's RAM */
#define FEATURE_BIT_FAR 200u

#define CORE_ID(i) (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | (i))
#define ID_PC CORE_ID(KVM_REG_ARM_CORE_REG(usr_regs.ARM_pc))
#define ID_R1 CORE_ID(KVM_REG_ARM_CORE_REG(usr_regs.ARM_r1))
#define ID_CPSR CORE_ID(KVM_REG_ARM_CORE_REG(usr_regs.ARM_cpsr))
#define ID_TPIDRURW ARM_CP15_REG32(0, 13, 0, 2)
#define ID_TPIDRURO ARM_CP15_REG32(0, 13, 0, 3)
#define ID_TPIDRPRW ARM_CP15_REG32(0, 13, 0, 4)
#define ID_BAD CORE_ID(38) /* one past struct kvm_regs */
#define CPSR_HYP 0x1dau

static uint32_t h_stopped, h_busy;

static int get_into(uint32_t h, uint64_t id, void *buf)
{
	struct kvm_one_reg r = { id, (uint32_t)(uintptr_t)buf };

	return hv_get_one_reg(h, &r);
}

static void is_err(int got, int want, const char *what)
{
	if (!tap_ok(got == want, "%s: %d", what, want))
		tap_diag("got %d", got);
}

static void test_enoexec(void)
{
	uint64_t v = 0;
	struct kvm_one_reg r = { ID_PC, (uint32_t)(uintptr_t)&v };
	struct kvm_reg_list l = { .n = 0 };

	is_err(hv_get_one_reg(h_stopped, &r), -LNX_ENOEXEC, "GET_ONE_REG before VCPU_INIT");
	is_err(hv_set_one_reg(h_stopped, &r), -LNX_ENOEXEC, "SET_ONE_REG before VCPU_INIT");
	is_err(hv_get_reg_list(h_stopped, &l), -LNX_ENOEXEC, "GET_REG_LIST before VCPU_INIT");
	is_err(hv_get_multi(h_stopped, &r, 1, 0), -LNX_ENOEXEC, "GET_MULTI before VCPU_INIT");
	is_err(hv_set_multi(h_stopped, &r, 1, 0), -LNX_ENOEXEC, "SET_MULTI before VCPU_INIT");
	is_err(hv_vcpu_resume(h_stopped), -LNX_ENOEXEC, "VCPU_RESUME before VCPU_INIT");
	is_err(get_into(h_stopped, ID_PC, (void *)BAD_PTR), -LNX_ENOEXEC,
	       "-ENOEXEC comes before the pointer is read");
	int s = ctl_state(h_stopped);
	tap_ok(s == HYPV7_VCPU_PAUSED, "VCPU_STATE of the stopped vCPU: paused (%d)", s);
}

static uint32_t expected_target(void)
{
	return (ctl_read_midr() & MIDR_PART_MASK) == MIDR_CORTEX_A7 ? KVM_ARM_TARGET_CORTEX_A7
								    : KVM_ARM_TARGET_CORTEX_A15;
}

static void test_preferred_target(struct kvm_vcpu_init *pref)
{
	static const struct kvm_vcpu_init zero;
	struct kvm_vcpu_init via_ioctl;

	memset(pref, 0xff, sizeof(*pref));
	int err = hv_preferred_target(pref);
	tap_ok(err == 0 && pref->target == expected_target() &&
		   !memcmp(pref->features, zero.features, sizeof(zero.features)),
	       "PREFERRED_TARGET: this CPU's target (%lu), no features",
	       (unsigned long)pref->target);
	memset(&via_ioctl, 0xff, sizeof(via_ioctl));
	int r = hv_vcpu_ioctl(0, KVM_ARM_PREFERRED_TARGET, &via_ioctl);
	tap_ok(r == 0 && !memcmp(&via_ioctl, pref, sizeof(*pref)),
	       "ioctl(KVM_ARM_PREFERRED_TARGET) gives the same");
}

static void test_vcpu_init(const struct kvm_vcpu_init *pref)
{
	struct kvm_vcpu_init init = *pref;
	uint64_t pc = 1, cpsr = 0;

	init.target = pref->target ^ 1;
	is_err(hv_vcpu_init(h_stopped, &init), -LNX_EINVAL, "VCPU_INIT, the other CPU's target");
	init = *pref;
	init.features[0] = 1u << 2;
	is_err(hv_vcpu_init(h_stopped, &init), -LNX_ENOENT, "VCPU_INIT, feature bit 2");
	init.features[0] = 0;
	init.features[FEATURE_BIT_FAR / 32] = 1u << (FEATURE_BIT_FAR % 32);
	is_err(hv_vcpu_init(h_stopped, &init), -LNX_ENOENT, "VCPU_INIT, feature bit 200");
	is_err(ctl_get(h_stopped, ID_PC, &pc), -LNX_ENOEXEC, "failed inits leave it uninitialised");
	init = *pref;
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	int err = hv_vcpu_init(h_stopped, &init);
	err = err ? err : ctl_get(h_stopped, ID_PC, &pc);
	err = err ? err : ctl_get(h_stopped, ID_CPSR, &cpsr);
	tap_ok(!err && pc == 0 && cpsr == RESET_CPSR && ctl_state(h_stopped) == HYPV7_VCPU_PAUSED,
	       "VCPU_INIT(PSCI_0_2): 0, PC 0, CPSR 0x1d3, paused (%d)", err);
	init.features[0] = 0;
	is_err(hv_vcpu_init(h_stopped, &init), -LNX_EINVAL, "re-init without PSCI_0_2");
	init.features[0] = (1u << KVM_ARM_VCPU_PSCI_0_2) | (1u << KVM_ARM_VCPU_POWER_OFF);
	is_err(hv_vcpu_init(h_stopped, &init), -LNX_EINVAL, "re-init adding POWER_OFF");
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	is_err(hv_vcpu_init(h_stopped, &init), 0, "re-init with the same features");
}

/* The stopped VM's image is loaded: point the vCPU at it and let it go. */
static void test_start_by_hand(void)
{
	int err = ctl_set(h_stopped, ID_PC, GUEST_ENTRY);

	err = err ? err : ctl_set(h_stopped, ID_R1, ENTRY_R1);
	err = err ? err : hv_vcpu_resume(h_stopped);
	err = err ? err : ctl_mbox_wait_ready(VM_STOPPED);
	tap_ok(err == 0, "SET PC, VCPU_RESUME: the stopped worker runs (%d)", err);
}

static void test_ids(void)
{
	static const struct {
		uint64_t id;
		int err;
		const char *what;
	} ids[] = {
		{ ID_BAD, -LNX_ENOENT, "core index 38" },
		{ 0x4030000000100000ull, -LNX_ENOENT, "core r0 as u64" },
		{ 0x4010000000100000ull, -LNX_ENOENT, "core r0 as u16" },
		{ 0x40300000000f7181ull, -LNX_ENOENT, "TIMER_CTL as u64" },
		{ 0x4020000000120000ull, -LNX_ENOENT, "D0 as u32" },
		{ 0x40200000000f7101ull, -LNX_ENOENT, "PTIMER_CTL" },
		{ 0x40300000000f0700ull, -LNX_ENOENT, "PTIMER_CNT" },
		{ 0x40300000000f0710ull, -LNX_ENOENT, "PTIMER_CVAL" },
		{ 0x4020000000000000ull, -LNX_ENOENT, "alias of MIDR with coproc 0" },
		{ 0x40200000000f0040ull, -LNX_ENOENT, "alias of ID_PFR0 with Op1 8" },
		{ 0x4020000010100000ull, -LNX_ENOENT, "secure bit 28" },
		{ 0x4030000000140003ull, -LNX_ENOENT, "FW_REG(3)" },
		{ 0x402000000011000cull, -LNX_ENOENT, "CCSIDR csselr 12" },
		{ 0x4020000000121002ull, -LNX_ENOENT, "VFP control 0x1002" },
		{ 0x6030000000100000ull, -LNX_EINVAL, "arm64 arch byte" },
		{ 0x4020000100100000ull, -LNX_EINVAL, "bit 32 set" },
		{ 0x4028000000100000ull, -LNX_EINVAL, "bit 51 set" },
	};
	unsigned bad = 0;

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		uint64_t v = 0;
		int g = ctl_get(h_busy, ids[i].id, &v);
		int s = ctl_set(h_busy, ids[i].id, 0);
		if (g != ids[i].err || s != ids[i].err) {
			bad++;
			tap_diag("%s " HEX64_FMT ": GET %d SET %d want %d", ids[i].what,
				 HEX64_ARGS(ids[i].id), g, s, ids[i].err);
		}
	}
	tap_ok(bad == 0,
	       "malformed ids: -ENOENT (sizes, PTIMER, aliases, ...), -EINVAL (arch, bits 32-51)");
	uint64_t v = 0;
	struct kvm_one_reg r = { ID_BAD, (uint32_t)(uintptr_t)&v };
	errno = 0;
	int ret = hv_vcpu_ioctl(h_busy, KVM_GET_ONE_REG, &r);
	tap_ok(ret == -1 && errno == ENOENT, "ioctl(KVM_GET_ONE_REG, bad id): -1, errno ENOENT");
}

static void test_ebusy(void)
{
	uint32_t self = 0;
	uint64_t v = 0;
	struct kvm_one_reg r = { ID_PC, (uint32_t)(uintptr_t)&v };
	struct kvm_vcpu_init init;

	hv_preferred_target(&init);
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	tap_ok(ctl_state(h_busy) == HYPV7_VCPU_RUNNABLE, "running worker: VCPU_STATE runnable");
	tap_ok(hv_get_one_reg(h_busy, &r) == -LNX_EBUSY &&
		   hv_set_one_reg(h_busy, &r) == -LNX_EBUSY &&
		   hv_get_multi(h_busy, &r, 1, 0) == -LNX_EBUSY &&
		   hv_set_multi(h_busy, &r, 1, 0) == -LNX_EBUSY &&
		   hv_vcpu_init(h_busy, &init) == -LNX_EBUSY,
	       "GET/SET/MULTI/VCPU_INIT on a running vCPU: -EBUSY");
	hv_self(&self);
	tap_ok(hv_get_one_reg(self, &r) == -LNX_EBUSY && hv_set_one_reg(self, &r) == -LNX_EBUSY &&
		   hv_vcpu_init(self, &init) == -LNX_EBUSY,
	       "GET/SET/VCPU_INIT on itself: -EBUSY");
	tap_ok(ctl_pause(h_busy) == 0 && ctl_state(h_busy) == HYPV7_VCPU_PAUSED,
	       "VCPU_PAUSE: VCPU_STATE paused");
	tap_ok(hv_vcpu_pause(h_busy) == 0 && ctl_state(h_busy) == HYPV7_VCPU_PAUSED,
	       "pausing a paused vCPU is a no-op");
}

static void test_enoent_handles(void)
{
	uint32_t missing = ctl_handle(VM_MISSING), st;
	uint64_t v;
	struct kvm_reg_list l = { .n = 0 };
	struct hv_vm_info info;

	tap_ok(ctl_get(missing, ID_PC, &v) == -LNX_ENOENT &&
		   hv_vcpu_state(missing, &st) == -LNX_ENOENT &&
		   hv_vcpu_pause(missing) == -LNX_ENOENT &&
		   hv_vcpu_resume(missing) == -LNX_ENOENT &&
		   hv_get_reg_list(missing, &l) == -LNX_ENOENT &&
		   hv_vm_info(VM_MISSING, &info) == -LNX_ENOENT,
	       "a VM that does not exist: -ENOENT (GET, STATE, PAUSE, RESUME, REG_LIST, VM_INFO)");
	tap_ok(ctl_get(HYPV7_HANDLE(VM_BUSY, 1), ID_PC, &v) == -LNX_ENOENT,
	       "vCPU 1 of a one-vCPU VM: -ENOENT");
}

static void test_multi(void)
{
	uint32_t a = 0x5a5a5a5a, b = 0x5a5a5a5a, c = 0x5a5a5a5a;
	uint64_t old_uro = 0, old_urw = 0, now = 0;
	uint32_t failed = 99;
	struct kvm_one_reg get[] = {
		{ ID_TPIDRURW, (uint32_t)(uintptr_t)&a },
		{ ID_TPIDRURO, (uint32_t)(uintptr_t)&b },
		{ ID_BAD, (uint32_t)(uintptr_t)&c },
		{ ID_TPIDRPRW, (uint32_t)(uintptr_t)&c },
	};

	ctl_get(h_busy, ID_TPIDRURW, &old_urw);
	ctl_get(h_busy, ID_TPIDRURO, &old_uro);
	int err = hv_get_multi(h_busy, get, 4, &failed);
	tap_ok(err == -LNX_ENOENT && failed == 2 && a == (uint32_t)old_urw &&
		   b == (uint32_t)old_uro && c == 0x5a5a5a5a,
	       "GET_MULTI, bad id at 2: -ENOENT, r1 = 2, entries 0 and 1 read");
	uint32_t new_urw = ~(uint32_t)old_urw, new_uro = ~(uint32_t)old_uro, hyp = CPSR_HYP;
	struct kvm_one_reg set[] = {
		{ ID_TPIDRURW, (uint32_t)(uintptr_t)&new_urw },
		{ ID_TPIDRURO, (uint32_t)(uintptr_t)&new_uro },
		{ ID_BAD, (uint32_t)(uintptr_t)&new_uro },
		{ ID_TPIDRPRW, (uint32_t)(uintptr_t)&new_uro },
	};
	failed = 99;
	err = hv_set_multi(h_busy, set, 4, &failed);
	tap_ok(err == -LNX_ENOENT && failed == 2 && !ctl_get(h_busy, ID_TPIDRURW, &now) &&
		   now == old_urw && !ctl_get(h_busy, ID_TPIDRURO, &now) && now == old_uro,
	       "SET_MULTI, bad id at 2: -ENOENT, r1 = 2, entries 0 and 1 unchanged");
	set[1] = (struct kvm_one_reg){ ID_CPSR, (uint32_t)(uintptr_t)&hyp };
	failed = 99;
	err = hv_set_multi(h_busy, set, 2, &failed);
	tap_ok(err == -LNX_EINVAL && failed == 1 && !ctl_get(h_busy, ID_TPIDRURW, &now) &&
		   now == old_urw,
	       "SET_MULTI, CPSR HYP at 1: -EINVAL, r1 = 1, entry 0 unchanged");
	set[1] = (struct kvm_one_reg){ ID_TPIDRURO, (uint32_t)(uintptr_t)&new_uro };
	err = hv_set_multi(h_busy, set, 2, &failed);
	tap_ok(err == 0 && !ctl_get(h_busy, ID_TPIDRURW, &now) && now == new_urw,
	       "SET_MULTI of two good entries: 0, both set");
	a = 0x5a5a5a5a;
	failed = 99;
	err = hv_get_multi(h_busy, get, HYPV7_MULTI_MAX + 1, &failed);
	tap_ok(err == -LNX_EINVAL && failed == 0 && a == 0x5a5a5a5a,
	       "GET_MULTI of more than HYPV7_MULTI_MAX entries: -EINVAL, nothing read");
	set[0] = (struct kvm_one_reg){ ID_TPIDRURW, (uint32_t)(uintptr_t)&old_urw };
	err = hv_set_multi(h_busy, set, HYPV7_MULTI_MAX + 1, &failed);
	tap_ok(err == -LNX_EINVAL && !ctl_get(h_busy, ID_TPIDRURW, &now) && now == new_urw,
	       "SET_MULTI of more than HYPV7_MULTI_MAX entries: -EINVAL, nothing set");
	ctl_set(h_busy, ID_TPIDRURW, old_urw);
	ctl_set(h_busy, ID_TPIDRURO, old_uro);
}

static void test_discovery(void)
{
	uint32_t self = 0xffffffff;
	struct hv_vm_info info, winfo;

	tap_ok(hv_check_extension(KVM_CAP_ONE_REG) == 1 &&
		   hv_check_extension(KVM_CAP_ARM_PSCI) == 1 &&
		   hv_check_extension(KVM_CAP_ARM_PSCI_0_2) == 1 && hv_check_extension(0xffff) == 0,
	       "CHECK_EXTENSION: ONE_REG, ARM_PSCI, ARM_PSCI_0_2 are 1, unknown 0");
	tap_ok(hv_vcpu_ioctl(0, KVM_CHECK_EXTENSION, (void *)KVM_CAP_ONE_REG) == 1,
	       "ioctl(KVM_CHECK_EXTENSION, KVM_CAP_ONE_REG) = 1");
	tap_ok(hv_self(&self) == 0 && self == HYPV7_HANDLE(0, 0), "SELF: VM 0 vCPU 0");
	tap_ok(hv_vm_info(0, &info) == 0 && info.nr_vcpus == 1 && info.ram_base == GUEST_ENTRY &&
		   hv_vm_info(VM_BUSY, &winfo) == 0 && winfo.nr_vcpus == 1 &&
		   winfo.ram_base == GUEST_ENTRY && winfo.ram_size == WORKER_RAM_SIZE,
	       "VM_INFO: 1 vCPU, RAM at 0x40000000, the worker's 16 MiB");
}

static void test_states(void)
{
	uint64_t pc = 0;

	tap_ok(hv_vcpu_resume(h_busy) == 0 && ctl_state(h_busy) == HYPV7_VCPU_RUNNABLE,
	       "VCPU_RESUME: runnable again");
	ctl_mbox_wait_ready(VM_CPU_OFF);
	ctl_mbox_post(VM_CPU_OFF, MBOX_CMD_CPU_OFF, 0);
	tap_ok(ctl_wait_state(ctl_handle(VM_CPU_OFF), HYPV7_VCPU_POWERED_OFF) == 0,
	       "worker after PSCI CPU_OFF: powered off");
	ctl_mbox_wait_ready(VM_SYS_OFF);
	ctl_mbox_post(VM_SYS_OFF, MBOX_CMD_SYSTEM_OFF, 0);
	tap_ok(ctl_wait_state(ctl_handle(VM_SYS_OFF), HYPV7_VCPU_POWERED_OFF) == 0,
	       "worker after PSCI SYSTEM_OFF: powered off");
	ctl_mbox_wait_ready(VM_FAULT);
	ctl_mbox_post(VM_FAULT, MBOX_CMD_BAD_READ, 0);
	tap_ok(ctl_wait_state(ctl_handle(VM_FAULT), HYPV7_VCPU_FAULTED) == 0,
	       "worker after a read outside RAM: stopped by a fault");
	tap_ok(ctl_get(ctl_handle(VM_FAULT), ID_PC, &pc) == 0 && pc >= GUEST_ENTRY &&
		   pc < GUEST_ENTRY + WORKER_RAM_SIZE,
	       "GET on a faulted vCPU works (PC " HEX64_FMT ")", HEX64_ARGS(pc));
	tap_ok(ctl_get(ctl_handle(VM_CPU_OFF), ID_PC, &pc) == 0, "GET on a powered-off vCPU works");
}

int main(void)
{
	struct kvm_vcpu_init pref;

	tap_plan(NR_TESTS);
	h_stopped = ctl_handle(VM_STOPPED);
	h_busy = ctl_handle(VM_BUSY);
	tap_ok(ctl_mbox_wait_ready(VM_BUSY) == 0, "running worker is up");
	test_enoexec();
	test_preferred_target(&pref);
	test_vcpu_init(&pref);
	test_start_by_hand();
	test_ebusy(); /* leaves the worker paused for the next ones */
	test_ids();
	test_enoent_handles();
	test_multi();
	test_discovery();
	test_states();
	return tap_done();
}
