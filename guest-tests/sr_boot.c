/*
 * VM 0 boots VM 1 (created with start=stopped) the way kvmtool boots a
 * vCPU, and checks VM_READ_MEM / VM_WRITE_MEM's rules on the way:
 * before VCPU_INIT the register calls give -ENOEXEC; PREFERRED_TARGET,
 * VCPU_INIT, CPSR = 0xd3, r0 = 0, r1 = ~0, r2 = 0, PC = the entry, RESUME;
 * VM 1 (sr_hello) runs, records its entry state and what the memory calls
 * answer it (-EACCES), and powers off.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sr_common.h"
#include "tap.h"

#define WORKER_VM 1u
#define NO_SUCH_VM 7u
#define XFER HYPV7_MEM_XFER_MAX
#define FILL_A 0xa5u
#define FILL_B 0x3cu
#define UNTOUCHED 0x77u
#define NOT_RAM_ADDR 0x20000000u /* no stage-2 mapping for any VM */
#define KVMTOOL_CPSR 0xd3u
#define GUEST_ENTRY 0x40000000u /* guest.ld: crt0's _start is first in .text */

static uint8_t buf[XFER], back[XFER];

static uint64_t core(size_t off)
{
	return KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | (off / 4);
}
#define CORE(field) core(offsetof(struct kvm_regs, field))

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void check_not_initialised(uint32_t h)
{
	uint64_t v;
	struct kvm_reg_list list = { .n = 0 };
	struct kvm_one_reg reg = { .id = CORE(usr_regs.ARM_pc), .addr = (uint32_t)(uintptr_t)&v };

	tap_is_u32((uint32_t)ctl_state(h), HYPV7_VCPU_PAUSED, "stopped VM's vCPU reads as paused");
	tap_is_u32((uint32_t)ctl_get(h, CORE(usr_regs.ARM_pc), &v), (uint32_t)-SR_ENOEXEC,
		   "GET_ONE_REG before VCPU_INIT: -ENOEXEC");
	tap_is_u32((uint32_t)ctl_set(h, CORE(usr_regs.ARM_pc), GUEST_ENTRY), (uint32_t)-SR_ENOEXEC,
		   "SET_ONE_REG before VCPU_INIT: -ENOEXEC");
	tap_is_u32((uint32_t)hv_get_reg_list(h, &list), (uint32_t)-SR_ENOEXEC,
		   "GET_REG_LIST before VCPU_INIT: -ENOEXEC");
	tap_is_u32((uint32_t)hv_get_multi(h, &reg, 1, NULL), (uint32_t)-SR_ENOEXEC,
		   "GET_MULTI before VCPU_INIT: -ENOEXEC");
	tap_is_u32((uint32_t)hv_vcpu_resume(h), (uint32_t)-SR_ENOEXEC,
		   "VCPU_RESUME before VCPU_INIT: -ENOEXEC");
}

static void check_entry_code(const struct hv_vm_info *vm1)
{
	uint32_t first = 0;

	tap_is_u32((uint32_t)(uintptr_t)_start, GUEST_ENTRY, "guests link _start at RAM base");
	tap_ok(hv_vm_read_mem(WORKER_VM, vm1->ram_base, &first, sizeof(first)) == 0 &&
		   first == *(volatile uint32_t *)_start,
	       "VM 1's first word is crt0's first instruction (the entry)");
}

static void check_mem_errors(const struct hv_vm_info *vm1)
{
	uint32_t end = vm1->ram_base + vm1->ram_size;

	tap_is_u32((uint32_t)hv_vm_read_mem(NO_SUCH_VM, vm1->ram_base, buf, 4),
		   (uint32_t)-SR_ENOENT, "VM_READ_MEM of a VM that does not exist: -ENOENT");
	tap_is_u32((uint32_t)hv_vm_write_mem(NO_SUCH_VM, vm1->ram_base, buf, 4),
		   (uint32_t)-SR_ENOENT, "VM_WRITE_MEM of a VM that does not exist: -ENOENT");
	tap_is_u32((uint32_t)hv_vm_read_mem(WORKER_VM, vm1->ram_base, buf, XFER + 1),
		   (uint32_t)-SR_EINVAL, "VM_READ_MEM above 64 KiB: -EINVAL");

	static const struct {
		uint32_t ipa, len;
		const char *what;
	} bad[] = {
		{ 0x3ffffffcu, 8, "starting below RAM" },
		{ 0, 8, "crossing the end of RAM" }, /* ipa filled in below */
		{ 0, 1, "just past the end of RAM" },
		{ 0xfffffff0u, 0x20, "wrapping around 4 GiB" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t ipa = bad[i].ipa ? bad[i].ipa : end - (i == 1 ? 4 : 0);
		memset(buf, UNTOUCHED, 64);
		int err = hv_vm_read_mem(WORKER_VM, ipa, buf, bad[i].len);
		tap_ok(err == -SR_EFAULT && all_bytes(buf, 64, UNTOUCHED),
		       "VM_READ_MEM %s: -EFAULT, nothing copied (got %d)", bad[i].what, err);
	}
}

static void fill_pattern(uint8_t *p)
{
	for (uint32_t i = 0; i < XFER; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 8));
}

static void check_64k(const struct hv_vm_info *vm1)
{
	uint32_t last = vm1->ram_base + vm1->ram_size - XFER;

	fill_pattern(buf);
	memset(back, 0, XFER);
	tap_ok(hv_vm_write_mem(WORKER_VM, last, buf, XFER) == 0 &&
		   hv_vm_read_mem(WORKER_VM, last, back, XFER) == 0 && memcmp(buf, back, XFER) == 0,
	       "64 KiB write and read back at the very end of VM 1's RAM");

	memset(buf, FILL_B, XFER);
	int err = hv_vm_write_mem(WORKER_VM, last + XFER / 2, buf, XFER);
	memset(back, 0, XFER);
	hv_vm_read_mem(WORKER_VM, last, back, XFER);
	fill_pattern(buf);
	tap_ok(err == -SR_EFAULT && memcmp(back, buf, XFER) == 0,
	       "VM_WRITE_MEM crossing the end of RAM: -EFAULT, nothing written (got %d)", err);

	memset(buf, FILL_A, XFER);
	tap_ok(hv_vm_write_mem(WORKER_VM, last, buf, XFER) == 0 &&
		   hv_vm_read_mem(WORKER_VM, last, back, XFER) == 0 &&
		   all_bytes(back, XFER, FILL_A),
	       "a second 64 KiB pattern replaces the first");
}

/* The last 64 KiB hold VM 1's status page: clear it before VM 1 runs. */
static void clear_status_page(void)
{
	static const struct sr_status zero;

	tap_is_u32((uint32_t)hv_vm_write_mem(WORKER_VM, SR_STATUS_ADDR, &zero, sizeof(zero)), 0,
		   "VM 1's status page cleared");
}

static void check_caller_buffer(const struct hv_vm_info *vm1)
{
	struct hv_vm_info self;
	uint32_t last = vm1->ram_base + vm1->ram_size - XFER;

	tap_is_u32((uint32_t)hv_vm_read_mem(WORKER_VM, last, (void *)NOT_RAM_ADDR, 16),
		   (uint32_t)-SR_EFAULT,
		   "VM_READ_MEM into a caller address outside its RAM: -EFAULT");
	int err = hv_vm_write_mem(WORKER_VM, last, (const void *)NOT_RAM_ADDR, 16);
	hv_vm_read_mem(WORKER_VM, last, back, 16);
	tap_ok(err == -SR_EFAULT && all_bytes(back, 16, FILL_A),
	       "VM_WRITE_MEM from a caller address outside its RAM: -EFAULT, target kept (got %d)",
	       err);

	if (hv_vm_info(HYPV7_CONTROL_VM, &self)) {
		tap_ok(0, "VM_INFO of VM 0");
		return;
	}
	/* A buffer whose first half is the last bytes of VM 0's RAM. */
	uint8_t *edge = (uint8_t *)(uintptr_t)(self.ram_base + self.ram_size - 0x100);
	memset(edge, UNTOUCHED, 0x100);
	err = hv_vm_read_mem(WORKER_VM, last, edge, 0x200);
	tap_ok(err == -SR_EFAULT && all_bytes(edge, 0x100, UNTOUCHED),
	       "VM_READ_MEM into a buffer running off the caller's RAM: -EFAULT, nothing written "
	       "(got %d)",
	       err);
}

static void boot_and_check(uint32_t h)
{
	uint64_t pc = 0, cpsr = 0;
	struct sr_status st;

	tap_is_u32((uint32_t)sr_boot_stopped(WORKER_VM, GUEST_ENTRY), 0,
		   "PREFERRED_TARGET, VCPU_INIT and the kvmtool entry registers");
	ctl_get(h, CORE(usr_regs.ARM_pc), &pc);
	ctl_get(h, CORE(usr_regs.ARM_cpsr), &cpsr);
	tap_ok(pc == GUEST_ENTRY && cpsr == KVMTOOL_CPSR, "PC and CPSR read back (%#lx, %#lx)",
	       (unsigned long)pc, (unsigned long)cpsr);
	tap_is_u32((uint32_t)hv_vcpu_resume(h), 0, "VCPU_RESUME");
	int err = sr_wait_done(WORKER_VM, &st, SR_WAIT_YIELDS);
	tap_is_u32((uint32_t)err, 0, "VM 1 ran to the end");
	tap_ok(st.entry_r0 == 0 && st.entry_r1 == 0xffffffffu && st.entry_r2 == 0,
	       "VM 1 entered with r0=0 r1=0xffffffff r2=0");
	tap_is_u32(st.entry_cpsr, KVMTOOL_CPSR, "VM 1 entered with CPSR 0xd3");
	tap_is_u32(st.entry_pc, GUEST_ENTRY, "VM 1 entered at its entry");
	tap_is_u32((uint32_t)st.read_other, (uint32_t)-SR_EACCES,
		   "VM_READ_MEM from a non-control VM on VM 0: -EACCES");
	tap_is_u32((uint32_t)st.read_self, (uint32_t)-SR_EACCES,
		   "VM_READ_MEM from a non-control VM on itself: -EACCES");
	tap_is_u32((uint32_t)ctl_wait_state_for(h, HYPV7_VCPU_POWERED_OFF, SR_WAIT_YIELDS), 0,
		   "VM 1 powered itself off");
}

int main(void)
{
	uint32_t h = sr_handle(WORKER_VM);
	struct hv_vm_info vm1;

	tap_plan(32);
	if (hv_vm_info(WORKER_VM, &vm1)) {
		tap_ok(0, "VM_INFO of VM 1");
		return tap_done();
	}
	check_not_initialised(h);
	check_entry_code(&vm1);
	check_mem_errors(&vm1);
	check_64k(&vm1);
	check_caller_buffer(&vm1);
	clear_status_page();
	boot_and_check(h);
	return tap_done();
}
