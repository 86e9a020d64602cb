/*
 * Control-VM helpers of the save/restore tests (sr_common.h).
 */
#include <stddef.h>
#include <stdio.h>

#include "sr_common.h"
#include "tap.h"

#define CPSR_SVC_IF_MASKED 0xd3u /* what kvmtool puts in CPSR */
#define ENTRY_R1_ANY_MACHINE 0xffffffffu
#define GUEST_IMAGE_SPAN (16u << 20) /* guest.ld keeps everything below */

static uint64_t core_id(size_t word_offset)
{
	return KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | (word_offset / 4);
}

int sr_check(int err, const char *what)
{
	if (err)
		tap_diag("%s: error %d", what, err);
	return err;
}

int sr_pause(uint32_t handle)
{
	/* A worker that powered itself off (or faulted) is stopped too. */
	int state = ctl_pause_settled(handle, SR_WAIT_YIELDS);

	return state < 0 ? state : 0;
}

int sr_read_status(uint32_t vm, struct sr_status *st)
{
	return hv_vm_read_mem(vm, SR_STATUS_ADDR, st, sizeof(*st));
}

int sr_wait_up(uint32_t vm, uint32_t yields)
{
	struct sr_status st;

	for (uint32_t i = 0; i < yields; i++) {
		int err = sr_read_status(vm, &st);
		if (err)
			return err;
		if (st.magic == SR_STATUS_MAGIC)
			return 0;
		guest_wfi();
	}
	return -SR_EAGAIN;
}

int sr_wait_done(uint32_t vm, struct sr_status *st, uint32_t yields)
{
	for (uint32_t i = 0; i < yields; i++) {
		int err = sr_read_status(vm, st);
		if (err)
			return err;
		if (st->done || st->error)
			return st->error ? -SR_EIO : 0;
		int s = ctl_state(sr_handle(vm));
		if (s == HYPV7_VCPU_FAULTED)
			return -SR_EIO;
		guest_wfi();
	}
	return -SR_EAGAIN;
}

int sr_wait_progress(uint32_t vm, uint32_t rounds, uint32_t yields)
{
	struct sr_status st;

	for (uint32_t i = 0; i < yields; i++) {
		int err = sr_read_status(vm, &st);
		if (err)
			return err;
		if (st.progress >= rounds || st.done)
			return 0;
		if (st.error)
			return -SR_EIO;
		guest_wfi();
	}
	return -SR_EAGAIN;
}

int sr_pause_in_compute(uint32_t vm, uint32_t tries)
{
	uint32_t h = sr_handle(vm);
	struct sr_status st;
	int err = sr_read_status(vm, &st);

	for (uint32_t i = 0; !err && i < tries; i++) {
		uint64_t pc;
		err = sr_pause(h);
		if (!err)
			err = ctl_get(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_pc)), &pc);
		if (err)
			return err;
		if (pc >= st.compute_begin && pc < st.compute_end)
			return 0;
		err = hv_vcpu_resume(h);
		if (!err)
			guest_wfi(); /* let it run a little further */
	}
	return err ? err : -SR_EAGAIN;
}

int sr_boot_stopped(uint32_t vm, uint32_t entry)
{
	uint32_t h = sr_handle(vm);
	struct kvm_vcpu_init init;
	int err = hv_preferred_target(&init);

	if (err)
		return err;
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	err = hv_vcpu_init(h, &init);
	if (!err)
		err = ctl_set(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_cpsr)),
			      CPSR_SVC_IF_MASKED);
	if (!err)
		err = ctl_set(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_r0)), 0);
	if (!err)
		err = ctl_set(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_r1)),
			      ENTRY_R1_ANY_MACHINE);
	if (!err)
		err = ctl_set(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_r2)), 0);
	if (!err)
		err = ctl_set(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_pc)), entry);
	return err;
}

void *sr_big_buffer(uint32_t bytes)
{
	struct hv_vm_info self;

	if (hv_vm_info(HYPV7_CONTROL_VM, &self) || self.ram_size < GUEST_IMAGE_SPAN ||
	    self.ram_size - GUEST_IMAGE_SPAN < bytes)
		return NULL;
	/* crt0 maps the whole RAM window as Normal memory, so this is usable. */
	return (void *)(uintptr_t)(self.ram_base + GUEST_IMAGE_SPAN);
}

#define USER_POLL_MS 5u
#define USER_PAUSE_YIELDS 100000u
#define CPSR_MODE_MASK 0x1fu
#define CPSR_MODE_USR 0x10u

/* Whether vCPU `v` of `vm`, paused for the look, is in user mode; -1 if
 * it could not be paused (it powered off) or read. */
static int vcpu_in_user_mode(uint32_t vm, uint32_t v)
{
	uint32_t h = HYPV7_HANDLE(vm, v);
	uint64_t cpsr = 0;
	int state = ctl_pause_settled(h, USER_PAUSE_YIELDS);
	if (state == HYPV7_VCPU_POWERED_OFF)
		return 0; /* a secondary not started (yet) */
	if (state != HYPV7_VCPU_PAUSED)
		return -1;
	bool read = !ctl_get(h, core_id(offsetof(struct kvm_regs, usr_regs.ARM_cpsr)), &cpsr);
	if (hv_vcpu_resume(h) || !read)
		return -1;
	return (cpsr & CPSR_MODE_MASK) == CPSR_MODE_USR;
}

bool sr_wait_user_mode(uint32_t vm, uint32_t timeout_ms)
{
	struct hv_vm_info info;
	if (hv_vm_info(vm, &info))
		return false;
	for (uint32_t ms = 0; ms < timeout_ms; ms += USER_POLL_MS) {
		guest_sleep_ms(USER_POLL_MS);
		for (uint32_t v = 0; v < info.nr_vcpus; v++) {
			int user = vcpu_in_user_mode(vm, v);
			if (user)
				return user > 0;
		}
	}
	return false;
}

bool sr_wait_powered_off(uint32_t vm, uint32_t timeout_ms)
{
	for (uint32_t ms = 0; ms < timeout_ms; ms += USER_POLL_MS) {
		if (ctl_state(sr_handle(vm)) == HYPV7_VCPU_POWERED_OFF)
			return true;
		guest_sleep_ms(USER_POLL_MS);
	}
	return false;
}
