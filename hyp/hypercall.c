/*
 * The KVM register ABI over hypercalls. Each call checks in KVM's order:
 * who may act on the target (-EACCES), that it exists (-ENOENT), that it
 * was initialised where KVM needs that (-ENOEXEC), that it is not running
 * (-EBUSY), then reads the caller's structures (-EFAULT) and applies
 * abi/kvm_abi.c's rules. Nothing changes unless the call succeeds.
 */
#include <stddef.h>

#include "arch/cache.h"
#include "abi/errno.h"
#include "hyp/guest_mem.h"
#include "hyp/hypercall.h"
#include <hypv7/reg_table.h>
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/smccc.h"
#include "hyp/switch.h"
#include "hyp/vgic_attr.h"
#include "arch/sysregs.h"
#include "hyp/vm.h"
#include "hyp/vtimer.h"
#include "lib/string.h"

#include <hypv7/hypercalls.h>

#define REG_VALUE_MAX 8 /* the largest register the ABI has: u64 */
#define MAX_LISTED_REGS ABI_MAX_LISTED_REGS

/*
 * One call: its arguments and results are the caller's saved registers
 * (args[0..3] = r1..r4, result[1..3] = r1..r3, the same words), so a
 * handler reads every argument it needs before it writes a result.
 */
struct call {
	struct vcpu *caller;
	const uint32_t *args;
	uint32_t *result;
	struct guest_access mem; /* its view of the caller's memory */
};

static int hcall_CHECK_EXTENSION(struct call *c)
{
	switch (c->args[0]) {
	case KVM_CAP_ONE_REG:
	case KVM_CAP_ARM_PSCI:
	case KVM_CAP_ARM_PSCI_0_2:
	case KVM_CAP_DEVICE_CTRL: return 1;
	case KVM_CAP_NR_VCPUS: return (int)nr_cpus_up; /* KVM: the CPUs online */
	case KVM_CAP_MAX_VCPUS: return MAX_VCPUS_PER_VM;
	}
	return 0;
}

static int hcall_SELF(struct call *c)
{
	c->result[1] = HYPV7_HANDLE(c->caller->vm->id, c->caller->index);
	return 0;
}

/* The access rule of every call that names a VM: only the control VM may
 * name another one (and learns nothing, not even whether it exists). */
static bool may_name_vm(const struct call *c, uint32_t vm_id)
{
	return c->caller->vm->id == HYPV7_CONTROL_VM || vm_id == c->caller->vm->id;
}

static int hcall_VM_INFO(struct call *c)
{
	if (!may_name_vm(c, c->args[0]))
		return -EACCES;
	struct vm *vm = vm_by_id(c->args[0]);
	if (!vm)
		return -ENOENT;
	c->result[1] = vm->nr_vcpus;
	c->result[2] = vm->ram_ipa;
	c->result[3] = vm->ram_size;
	return 0;
}

/* The target of a vCPU call, after the access rules. */
static int target_vcpu(struct call *c, struct vcpu **out)
{
	uint32_t handle = c->args[0];
	unsigned vm_id = HYPV7_HANDLE_VM(handle);
	if (!may_name_vm(c, vm_id))
		return -EACCES;
	struct vm *vm = vm_by_id(vm_id);
	if (!vm || HYPV7_HANDLE_VCPU(handle) >= vm->nr_vcpus)
		return -ENOENT;
	*out = &vm->vcpus[HYPV7_HANDLE_VCPU(handle)];
	return 0;
}

static bool is_stopped(const struct vcpu *v)
{
	return v->state != VCPU_RUNNABLE;
}

/* Target for calls that read or write its registers. */
static int stopped_target(struct call *c, bool needs_init, struct vcpu **out)
{
	int err = target_vcpu(c, out);
	if (err)
		return err;
	if (needs_init && !abi_vcpu_initialised(&(*out)->abi))
		return -ENOEXEC;
	if (!is_stopped(*out))
		return -EBUSY;
	/* The bank becomes the whole truth (its CPU puts it, and its VFP
	 * state); another vCPU of the control VM may resume it meanwhile. */
	smp_sync_vcpu(*out);
	return is_stopped(*out) ? 0 : -EBUSY;
}

static int read_one_reg(struct call *c, uint64_t gva, struct kvm_one_reg *reg)
{
	return copy_from_guest(&c->mem, reg, gva, sizeof(*reg));
}

/*
 * The register list, worked out once at boot: every VM runs on the same CPU
 * type, so it is the same for all vCPUs. Beside each id, where its value
 * lives in the bank when it is plain storage (size 0 when a GET must work
 * it out), so GET_MULTI of the list in its own order reads it straight.
 */
static struct {
	uint64_t total;
	uint64_t ids[MAX_LISTED_REGS];
	uint16_t offset[MAX_LISTED_REGS];
	uint8_t size[MAX_LISTED_REGS];
} reg_list;

void hypercall_init(void)
{
	struct vcpu_bank bank;
	struct abi_vm vm = { .ids = &host_ids, .nr_vcpus = 1 };
	struct abi_vcpu v;
	abi_reg_table_init();
	abi_vcpu_create(&v, &bank, &vm, 0);
	unsigned total = abi_num_regs(&v);
	abi_copy_reg_list(&v, reg_list.ids);
	for (unsigned i = 0; i < total; i++) {
		size_t offset = 0;
		int size = abi_reg_storage(&v, reg_list.ids[i], &offset);
		reg_list.size[i] = size > 0 ? (uint8_t)size : 0;
		reg_list.offset[i] = (uint16_t)offset;
	}
	reg_list.total = total;
}

#define NOT_IN_ARRAY UINT32_MAX /* a ONE_REG call: no array position */

/* GET of the register at position `index` of a caller's array: when that is
 * the register's place in the list too (a snapshot asks in list order) and
 * its value is plain storage, it is read straight from the bank. */
static int get_reg_to_guest(struct call *c, struct vcpu *v, const struct kvm_one_reg *reg,
			    uint32_t index)
{
	if (index < reg_list.total && reg_list.ids[index] == reg->id && reg_list.size[index])
		return copy_to_guest(&c->mem, reg->addr,
				     (const uint8_t *)&v->bank + reg_list.offset[index],
				     reg_list.size[index]);
	uint8_t value[REG_VALUE_MAX];
	int size = abi_get_reg_sized(&v->abi, reg->id, value);
	if (size < 0)
		return size;
	return copy_to_guest(&c->mem, reg->addr, value, (uint32_t)size);
}

/* SET validates every value, whatever its position (`index` is unused). */
static int set_reg_from_guest(struct call *c, struct vcpu *v, const struct kvm_one_reg *reg,
			      uint32_t index)
{
	(void)index;
	struct abi_reg_ref ref;
	int size = abi_reg_resolve(&v->abi, reg->id, &ref);
	if (size < 0)
		return size;
	uint8_t value[REG_VALUE_MAX];
	int err = copy_from_guest(&c->mem, value, reg->addr, (uint32_t)size);
	if (err)
		return err;
	return abi_set_reg_ref(&v->abi, &ref, value);
}

static int one_reg(struct call *c, bool set)
{
	struct vcpu *v;
	struct kvm_one_reg reg;
	int err = stopped_target(c, true, &v);
	if (!err)
		err = read_one_reg(c, c->args[1], &reg);
	if (err)
		return err;
	return set ? set_reg_from_guest(c, v, &reg, NOT_IN_ARRAY)
		   : get_reg_to_guest(c, v, &reg, NOT_IN_ARRAY);
}

static int hcall_GET_ONE_REG(struct call *c)
{
	return one_reg(c, false);
}

static int hcall_SET_ONE_REG(struct call *c)
{
	return one_reg(c, true);
}

static int hcall_GET_REG_LIST(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	if (!abi_vcpu_initialised(&v->abi))
		return -ENOEXEC;
	uint32_t list = c->args[1];
	uint64_t n;
	if (copy_from_guest(&c->mem, &n, list, sizeof(n)))
		return -EFAULT;
	uint64_t total = reg_list.total;
	bool fits = n >= total;
	uint32_t bytes = sizeof(n) + (fits ? (uint32_t)total * sizeof(reg_list.ids[0]) : 0);
	/* Check the whole destination first: -EFAULT must change nothing. */
	if (guest_range_ok(&c->mem, list, bytes, true))
		return -EFAULT;
	copy_to_guest(&c->mem, list, &total, sizeof(total));
	if (!fits)
		return -E2BIG;
	copy_to_guest(&c->mem, list + sizeof(n), reg_list.ids,
		      (uint32_t)total * sizeof(reg_list.ids[0]));
	return 0;
}

typedef int reg_transfer(struct call *c, struct vcpu *v, const struct kvm_one_reg *reg,
			 uint32_t index);

#define MULTI_CHUNK 16u /* entries read from the caller in one copy */

/*
 * GET or SET of every entry of the caller's kvm_one_reg[]; stops at the
 * first failure, whose index goes to r1. Entries come in by chunks, one
 * copy each; a chunk that does not translate whole is read entry by entry,
 * so the entries before the bad one are still done, as the ABI says.
 */
static int for_each_entry(struct call *c, struct vcpu *v, reg_transfer *transfer)
{
	uint32_t array = c->args[1], count = c->args[2];
	c->result[1] = 0;
	if (count > HYPV7_MULTI_MAX)
		return -EINVAL;
	struct kvm_one_reg chunk[MULTI_CHUNK];
	for (uint32_t base = 0; base < count; base += MULTI_CHUNK) {
		uint32_t n = count - base < MULTI_CHUNK ? count - base : MULTI_CHUNK;
		uint64_t at = array + (uint64_t)base * sizeof(chunk[0]);
		bool whole = !copy_from_guest(&c->mem, chunk, at, n * sizeof(chunk[0]));
		for (uint32_t k = 0; k < n; k++) {
			c->result[1] = base + k;
			int err = whole ? 0 : read_one_reg(c, at + k * sizeof(chunk[0]), &chunk[k]);
			if (!err)
				err = transfer(c, v, &chunk[k], base + k);
			if (err)
				return err;
		}
	}
	return 0;
}

static int hcall_GET_MULTI(struct call *c)
{
	struct vcpu *v;
	int err = stopped_target(c, true, &v);
	if (err)
		return err;
	return for_each_entry(c, v, get_reg_to_guest);
}

/* All or nothing: the bank and the VM-wide values are restored on error. */
static int hcall_SET_MULTI(struct call *c)
{
	struct vcpu *v;
	int err = stopped_target(c, true, &v);
	if (err)
		return err;
	struct vcpu_bank saved_bank = v->bank;
	struct abi_vm saved_vm = v->vm->abi;
	err = for_each_entry(c, v, set_reg_from_guest);
	if (err) {
		v->bank = saved_bank;
		v->vm->abi = saved_vm;
	}
	return err;
}

static int hcall_VCPU_INIT(struct call *c)
{
	struct vcpu *v;
	struct kvm_vcpu_init init;
	int err = stopped_target(c, false, &v);
	if (!err)
		err = copy_from_guest(&c->mem, &init, c->args[1], sizeof(init));
	if (!err)
		err = abi_vcpu_init(&v->abi, &init);
	if (err)
		return err;
	tlb_flush_guests(); /* as KVM: a re-initialised vCPU starts afresh */
	dsb();
	v->state = v->abi.features & (1u << KVM_ARM_VCPU_POWER_OFF) ? VCPU_OFF : VCPU_PAUSED;
	return 0;
}

static int hcall_PREFERRED_TARGET(struct call *c)
{
	struct kvm_vcpu_init init;
	int err = abi_preferred_target(&host_ids, &init);
	if (err)
		return err;
	return copy_to_guest(&c->mem, c->args[0], &init, sizeof(init));
}

static int hcall_VCPU_PAUSE(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	if (v->state != VCPU_RUNNABLE)
		return 0;
	v->state = VCPU_PAUSED;
	/* Synchronous: on return it runs nowhere. One running on another CPU
	 * is stopped there (an IPI) and waited for; the caller pausing
	 * itself stops as this call ends. */
	if (v != c->caller)
		smp_sync_vcpu(v);
	return 0;
}

static int hcall_VCPU_RESUME(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	if (!abi_vcpu_initialised(&v->abi))
		return -ENOEXEC;
	v->state = VCPU_RUNNABLE;
	v->waiting = false; /* a WFI may end early (ARM ARM B1.8.13) */
	sched_made_runnable(v);
	return 0;
}

static int hcall_VCPU_STATE(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	c->result[1] = v->state;
	return 0;
}

static int vm_mem(struct call *c, bool write)
{
	if (c->caller->vm->id != HYPV7_CONTROL_VM)
		return -EACCES;
	struct vm *vm = vm_by_id(c->args[0]);
	if (!vm)
		return -ENOENT;
	uint32_t ipa = c->args[1], len = c->args[2], buf = c->args[3];
	if (len > HYPV7_MEM_XFER_MAX)
		return -EINVAL;
	uint8_t *ram = vm_ram_at(vm, ipa, len);
	if (!ram)
		return -EFAULT;
	/* The target may reach its RAM uncached (its MMU or caches off): meet
	 * it at the point of coherency on both sides of the copy. */
	dcache_clean_inval_range((uintptr_t)ram, len);
	if (!write)
		return copy_to_guest(&c->mem, buf, ram, len);
	int err = copy_from_guest(&c->mem, ram, buf, len);
	dcache_clean_inval_range((uintptr_t)ram, len);
	icache_invalidate_all(); /* the target may execute what was written */
	return err;
}

static int hcall_VM_READ_MEM(struct call *c)
{
	return vm_mem(c, false);
}

static int hcall_VM_WRITE_MEM(struct call *c)
{
	return vm_mem(c, true);
}

/* The VM's vGIC-v2 as KVM's device: only the control VM, as for memory. */
static int device_attr(struct call *c, enum vgic_attr_op op)
{
	if (c->caller->vm->id != HYPV7_CONTROL_VM)
		return -EACCES;
	struct vm *vm = vm_by_id(c->args[0]);
	if (!vm)
		return -ENOENT;
	struct kvm_device_attr attr;
	if (copy_from_guest(&c->mem, &attr, c->args[1], sizeof(attr)))
		return -EFAULT;
	unsigned size = op == VGIC_ATTR_HAS ? 0 : vgic_attr_value_size(attr.group);
	uint64_t value = 0;
	if (op == VGIC_ATTR_SET && size && copy_from_guest(&c->mem, &value, attr.addr, size))
		return -EFAULT; /* as KVM: read before anything is looked at */
	int err = vgic_attr(vm, op, attr.group, attr.attr, &value);
	if (!err && op == VGIC_ATTR_GET && size)
		err = copy_to_guest(&c->mem, attr.addr, &value, size);
	return err;
}

static int hcall_DEVICE_ATTR_GET(struct call *c)
{
	return device_attr(c, VGIC_ATTR_GET);
}

static int hcall_DEVICE_ATTR_SET(struct call *c)
{
	return device_attr(c, VGIC_ATTR_SET);
}

static int hcall_DEVICE_ATTR_HAS(struct call *c)
{
	return device_attr(c, VGIC_ATTR_HAS);
}

typedef int hypercall_fn(struct call *c);

/* Function number -> handler (hcall_<name> for each entry of the table),
 * indexed directly: dispatch is one load, not a search. */
static hypercall_fn *const calls[] = {
#define HCALL(name, nr, summary) [nr] = hcall_##name,
#include <hypv7/hypercalls.def>
};
#define NR_CALL_SLOTS (sizeof(calls) / sizeof(calls[0]))

/* The SMCCC service queries of hypv7's range; false if `fn` is not one. */
static bool discovery(uint32_t fn, uint32_t *regs)
{
	switch (fn) {
	case HYPV7_HC(CALL_COUNT): regs[0] = HYPV7_HC_NR_CALLS; return true;
	case HYPV7_HC(UID):
		regs[0] = HYPV7_UID_R0;
		regs[1] = HYPV7_UID_R1;
		regs[2] = HYPV7_UID_R2;
		regs[3] = HYPV7_UID_R3;
		return true;
	case HYPV7_HC(REVISION):
		regs[0] = HYPV7_HC_REVISION_MAJOR;
		regs[1] = HYPV7_HC_REVISION_MINOR;
		return true;
	}
	return false;
}

/* hypv7's own call `fn`, with the caller's memory reachable meanwhile. */
static __attribute__((noinline)) void hypv7_call(struct vcpu *caller, uint32_t *regs,
						 hypercall_fn *fn)
{
	struct call c;
	c.caller = caller;
	c.args = &regs[1];
	c.result = regs;
	guest_access_begin(&c.mem);
	regs[0] = (uint32_t)fn(&c);
	guest_access_end(&c.mem);
}

/* SMCCC owners with functions in hypv7: an id of any other owner is
 * NOT_SUPPORTED at once. */
#define OWNERS_SERVED ((1u << SMCCC_OWNER_ARCH) | (1u << SMCCC_OWNER_STANDARD))
/* The discovery calls' corner at the top of hypv7's own range. */
#define DISCOVERY_FIRST HYPV7_HC(CALL_COUNT)
#define DISCOVERY_SPAN ((uint32_t)(HYPV7_HC_NR_REVISION - HYPV7_HC_NR_CALL_COUNT))

bool hvc_answer_at_once(struct vcpu *caller)
{
	uint32_t *r0 = (uint32_t *)&caller->bank.core.usr_regs.uregs[0];
	uint32_t fn = *r0;
	if (vtimer_line_raised(caller))
		return false; /* the general path looks at the timer again */
	switch (fn) {
	case SMCCC_VERSION: *r0 = SMCCC_VERSION_1_1; return true;
	case PSCI_VERSION: {
		uint32_t version = abi_psci_version(&caller->abi);
		*r0 = version >= PSCI_VERSION_FN_SINCE ? version : SMCCC_NOT_SUPPORTED;
		return true;
	}
	}
	/* The vector sent hypv7's call table's ids to handle_hvc. */
	uint32_t owner = (fn >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK;
	if (owner == SMCCC_OWNER_VENDOR_HYP) {
		if (fn - DISCOVERY_FIRST <= DISCOVERY_SPAN)
			return false;
	} else if ((OWNERS_SERVED >> owner) & 1u) {
		return false;
	}
	*r0 = SMCCC_NOT_SUPPORTED;
	return true;
}

/* HVC #0 (hyp/vectors.S sends it here when hvc_answer_at_once did not
 * answer it). hypv7's calls first, then the SMCCC services. The caller runs
 * on at once unless the call paused, stopped or reset it (a reset leaves it
 * unloaded). */
struct vcpu *handle_hvc(struct vcpu *caller)
{
	uint32_t *regs = (uint32_t *)caller->bank.core.usr_regs.uregs;
	uint32_t nr = regs[0] - HYPV7_HC_BASE; /* below the range: huge */
	if (nr < NR_CALL_SLOTS && calls[nr])
		hypv7_call(caller, regs, calls[nr]);
	else if (!discovery(regs[0], regs))
		smccc_handle_call(caller);
	/* Back to the caller at once, unless its timer's line is raised: the
	 * guest may have quietened the timer, which sched_next_to_run sees. */
	if (vcpu_loaded(caller) && caller->state == VCPU_RUNNABLE && !vtimer_line_raised(caller))
		return caller;
	return sched_next_to_run();
}
