/*
 * The access rules seen from a VM that is not the control VM (run as VM 1,
 * with reg_worker as VM 2 and reg_wait as VM 0): other VMs' vCPUs are
 * -EACCES (VM_INFO too), its own running vCPU is -EBUSY for register
 * access, and GET_REG_LIST / VCPU_STATE / VM_INFO on itself work.
 */
#include <stdint.h>

#include "ctl.h"
#include "tap.h"

#define SELF_VM 1u
#define OTHER_VM 2u
#define MISSING_VM 9u
#define NR_TESTS 10

#define ID_PC \
	(KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(usr_regs.ARM_pc))

/* Every vCPU call on `h` is -EACCES. */
static int all_eacces(uint32_t h)
{
	uint64_t v = 0;
	struct kvm_one_reg r = { ID_PC, (uint32_t)(uintptr_t)&v };
	struct kvm_reg_list l = { .n = 0 };
	struct kvm_vcpu_init init = { 0 };
	uint32_t st, failed;

	return hv_get_one_reg(h, &r) == -LNX_EACCES && hv_set_one_reg(h, &r) == -LNX_EACCES &&
	       hv_get_reg_list(h, &l) == -LNX_EACCES && hv_vcpu_init(h, &init) == -LNX_EACCES &&
	       hv_get_multi(h, &r, 1, &failed) == -LNX_EACCES &&
	       hv_set_multi(h, &r, 1, &failed) == -LNX_EACCES && hv_vcpu_pause(h) == -LNX_EACCES &&
	       hv_vcpu_resume(h) == -LNX_EACCES && hv_vcpu_state(h, &st) == -LNX_EACCES;
}

int main(void)
{
	uint32_t self = 0, st = 99, buf;
	uint64_t v = 0;
	struct kvm_one_reg r = { ID_PC, (uint32_t)(uintptr_t)&v };
	struct kvm_vcpu_init init;
	struct kvm_reg_list l = { .n = 0 };

	tap_plan(NR_TESTS);
	tap_ok(hv_self(&self) == 0 && self == ctl_handle(SELF_VM), "SELF: VM 1 vCPU 0");
	tap_ok(all_eacces(ctl_handle(OTHER_VM)), "every vCPU call on VM 2: -EACCES");
	tap_ok(all_eacces(ctl_handle(0)), "every vCPU call on VM 0: -EACCES");
	tap_ok(hv_vm_read_mem(OTHER_VM, MBOX_ADDR, &buf, sizeof(buf)) == -LNX_EACCES &&
		   hv_vm_write_mem(OTHER_VM, MBOX_ADDR, &buf, sizeof(buf)) == -LNX_EACCES,
	       "VM_READ_MEM / VM_WRITE_MEM from VM 1: -EACCES");
	hv_preferred_target(&init);
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	tap_ok(hv_get_one_reg(self, &r) == -LNX_EBUSY && hv_set_one_reg(self, &r) == -LNX_EBUSY &&
		   hv_vcpu_init(self, &init) == -LNX_EBUSY,
	       "GET/SET/VCPU_INIT on itself: -EBUSY");
	int err = hv_get_reg_list(self, &l);
	tap_ok(err == -LNX_E2BIG && l.n > 100, "GET_REG_LIST on itself works (n = %lu)",
	       (unsigned long)l.n);
	tap_ok(hv_vcpu_state(self, &st) == 0 && st == HYPV7_VCPU_RUNNABLE,
	       "VCPU_STATE on itself: runnable");
	/* docs/abi.md 1.2: access (-EACCES) is checked before the handle
	 * (-ENOENT), so VM 1 cannot even learn which VMs exist. */
	tap_is_u32(
	    (uint32_t)hv_vcpu_state(ctl_handle(MISSING_VM), &st), (uint32_t)-LNX_EACCES,
	    "VCPU_STATE of a VM that does not exist, from VM 1: -EACCES (docs/abi.md order)");
	struct hv_vm_info info = { 0 };
	tap_ok(hv_vm_info(SELF_VM, &info) == 0 && info.nr_vcpus == 1 && info.ram_size != 0,
	       "VM_INFO of itself works");
	info = (struct hv_vm_info){ 0 };
	tap_ok(hv_vm_info(0, &info) == -LNX_EACCES && hv_vm_info(OTHER_VM, &info) == -LNX_EACCES &&
		   hv_vm_info(MISSING_VM, &info) == -LNX_EACCES && info.nr_vcpus == 0 &&
		   info.ram_size == 0,
	       "VM_INFO of VM 0, VM 2 or a missing VM, from VM 1: -EACCES, nothing learnt");
	return tap_done();
}
