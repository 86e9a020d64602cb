/* PSCI 1.0 for VMs: power of the VM's own vCPUs (CPU_ON, CPU_OFF,
 * AFFINITY_INFO), standby, and the VM's system off and reset. */
#include <stddef.h>

#include "lib/printk.h"
#include "platform/platform.h"
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/vfp.h"
#include "hyp/smccc.h"
#include "hyp/vm.h"

#define MPIDR_AFFINITY_MASK 0x00ffffffu

typedef int32_t psci_fn(struct vcpu *vcpu, const uint32_t *args);

uint32_t psci_version_of(const struct vcpu *vcpu)
{
	return abi_psci_version(&vcpu->abi);
}

static int32_t psci_version(struct vcpu *vcpu, const uint32_t *args)
{
	(void)args;
	return (int32_t)psci_version_of(vcpu);
}

static int32_t psci_cpu_suspend(struct vcpu *vcpu, const uint32_t *args)
{
	(void)vcpu;
	(void)args;
	sched_yield(); /* a standby state: come back on the next slice */
	return PSCI_SUCCESS;
}

static int32_t psci_cpu_off(struct vcpu *vcpu, const uint32_t *args)
{
	(void)args;
	vcpu->state = VCPU_OFF;
	vcpu_sync_vfp(vcpu); /* its state to the bank: CPU_ON resets it */
	printk("hypv7: %s: vCPU %u is off (PSCI CPU_OFF)\n", vcpu->vm->name, vcpu->index);
	return PSCI_SUCCESS;
}

/* The vCPU of `vm` whose MPIDR affinity is `mpidr`'s, or NULL. */
static struct vcpu *vcpu_of_mpidr(struct vm *vm, uint32_t mpidr)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];
		if ((v->bank.cp15[CP15_SLOT_MPIDR] & MPIDR_AFFINITY_MASK) ==
		    (mpidr & MPIDR_AFFINITY_MASK))
			return v;
	}
	return NULL;
}

/* CPU_ON: a vCPU of the caller's VM that is off starts at the entry. One
 * the control VM paused or that stopped on a fault counts as on. */
static int32_t psci_cpu_on(struct vcpu *vcpu, const uint32_t *args)
{
	struct vcpu *target = vcpu_of_mpidr(vcpu->vm, args[0]);
	if (!target)
		return PSCI_E_INVALID_PARAMETERS;
	if (target->state != VCPU_OFF)
		return target->on_pending ? PSCI_E_ON_PENDING : PSCI_E_ALREADY_ON;
	smp_sync_vcpu(target);         /* its bank whole before the reset */
	if (target->state != VCPU_OFF) /* the control VM acted meanwhile */
		return PSCI_E_ALREADY_ON;
	vcpu_power_on(target, args[1], args[2]);
	sched_made_runnable(target);
	return PSCI_SUCCESS;
}

/* AFFINITY_INFO at level 0, the only one a VM's flat vCPUs have. */
static int32_t psci_affinity_info(struct vcpu *vcpu, const uint32_t *args)
{
	struct vcpu *target = vcpu_of_mpidr(vcpu->vm, args[0]);
	if (!target || args[1] != 0)
		return PSCI_E_INVALID_PARAMETERS;
	if (target->state == VCPU_OFF)
		return PSCI_AFFINITY_OFF;
	return target->on_pending ? PSCI_AFFINITY_ON_PENDING : PSCI_AFFINITY_ON;
}

static int32_t psci_migrate_info_type(struct vcpu *vcpu, const uint32_t *args)
{
	(void)vcpu;
	(void)args;
	return PSCI_TOS_NOT_PRESENT_MP;
}

static int32_t psci_system_off(struct vcpu *vcpu, const uint32_t *args)
{
	(void)args;
	struct vm *vm = vcpu->vm;
	if (vm->id == 0) {
		printk("hypv7: %s: system off: powering the board off\n", vm->name);
		board.power_off();
	}
	printk("hypv7: %s: system off\n", vm->name);
	vm_stop(vm, VCPU_OFF);
	return PSCI_SUCCESS;
}

static int32_t psci_system_reset(struct vcpu *vcpu, const uint32_t *args)
{
	(void)args;
	struct vm *vm = vcpu->vm;
	if (vm->id == 0) {
		printk("hypv7: %s: system reset: resetting the board\n", vm->name);
		board.reset();
	}
	printk("hypv7: %s: system reset: restarting the VM\n", vm->name);
	vm_restart(vm);
	return PSCI_SUCCESS;
}

static int32_t psci_features(struct vcpu *vcpu, const uint32_t *args);

/* Each function with the PSCI version that brought it: a VM whose PSCI
 * version is older (KVM_REG_ARM_PSCI_VERSION = 0.2) does not have it, as
 * under KVM. hypv7 serves no PSCI 0.1 ids: a 0.1 VM gets the 0.2 set. */
static const struct {
	uint32_t fn;
	uint32_t since;
	psci_fn *handler;
} psci_functions[] = {
	{ PSCI_VERSION, PSCI_VERSION_FN_SINCE, psci_version },
	{ PSCI_CPU_SUSPEND, PSCI_VERSION_0_2, psci_cpu_suspend },
	{ PSCI_CPU_OFF, PSCI_VERSION_0_2, psci_cpu_off },
	{ PSCI_CPU_ON, PSCI_VERSION_0_2, psci_cpu_on },
	{ PSCI_AFFINITY_INFO, PSCI_VERSION_0_2, psci_affinity_info },
	{ PSCI_MIGRATE_INFO_TYPE, PSCI_VERSION_0_2, psci_migrate_info_type },
	{ PSCI_SYSTEM_OFF, PSCI_VERSION_0_2, psci_system_off },
	{ PSCI_SYSTEM_RESET, PSCI_VERSION_0_2, psci_system_reset },
	{ PSCI_FEATURES, PSCI_VERSION_1_0, psci_features },
};
#define NR_PSCI_FUNCTIONS (sizeof(psci_functions) / sizeof(psci_functions[0]))

/* The handler of `fn` if this vCPU's PSCI version has it. */
static psci_fn *find(const struct vcpu *vcpu, uint32_t fn)
{
	for (size_t i = 0; i < NR_PSCI_FUNCTIONS; i++)
		if (psci_functions[i].fn == fn)
			return psci_version_of(vcpu) >= psci_functions[i].since
				   ? psci_functions[i].handler
				   : NULL;
	return NULL;
}

/*
 * PSCI 1.0 §5.1.14: 0 for every function this caller can use (for
 * CPU_SUSPEND it also says: original power-state format, no OS-initiated
 * mode), and for SMCCC_VERSION, which is how a guest learns that SMCCC 1.1
 * calls exist (Linux asks exactly this; KVM answers 0).
 */
static int32_t psci_features(struct vcpu *vcpu, const uint32_t *args)
{
	if (args[0] == SMCCC_VERSION || find(vcpu, args[0]))
		return PSCI_SUCCESS;
	return PSCI_E_NOT_SUPPORTED;
}

int psci_call(struct vcpu *vcpu, uint32_t fn, const uint32_t *args, struct smccc_result *res)
{
	if (fn < PSCI_FN_FIRST || fn > PSCI_FN_LAST)
		return 0;
	psci_fn *handler = find(vcpu, fn);
	res->r[0] = handler ? (uint32_t)handler(vcpu, args) : SMCCC_NOT_SUPPORTED;
	return 1;
}
