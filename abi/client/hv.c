/*
 * hypv7 guest client (see hv.h).  Every call goes through hv_call(); the
 * wrappers only place arguments and pick results.
 */
#include <errno.h>
#include <stddef.h>

#include <hypv7/errno.h>

#include "hv.h"

struct hv_result hv_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r4 __asm__("r4") = a4;

	/* "memory": the hypervisor reads and writes through our pointers. */
	__asm__ volatile(".arch_extension virt\n\thvc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4)
			 :
			 : "memory");
	return (struct hv_result){ r0, r1, r2, r3 };
}

static uint32_t ptr(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

/* A call whose only result is the errno in r0. */
static int call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	return (int32_t)hv_call(fn, a1, a2, a3, a4).r0;
}

bool hv_is_hypv7(void)
{
	struct hv_result r = hv_call(HYPV7_HC(UID), 0, 0, 0, 0);

	return r.r0 == HYPV7_UID_R0 && r.r1 == HYPV7_UID_R1 && r.r2 == HYPV7_UID_R2 &&
	       r.r3 == HYPV7_UID_R3;
}

uint32_t hv_call_count(void)
{
	return hv_call(HYPV7_HC(CALL_COUNT), 0, 0, 0, 0).r0;
}

void hv_revision(uint32_t *major, uint32_t *minor)
{
	struct hv_result r = hv_call(HYPV7_HC(REVISION), 0, 0, 0, 0);

	*major = r.r0;
	*minor = r.r1;
}

int hv_check_extension(uint32_t cap)
{
	return call(HYPV7_HC(CHECK_EXTENSION), cap, 0, 0, 0);
}

int hv_self(uint32_t *handle)
{
	struct hv_result r = hv_call(HYPV7_HC(SELF), 0, 0, 0, 0);

	if (r.r0 == 0)
		*handle = r.r1;
	return (int32_t)r.r0;
}

int hv_vm_info(uint32_t vm_id, struct hv_vm_info *info)
{
	struct hv_result r = hv_call(HYPV7_HC(VM_INFO), vm_id, 0, 0, 0);

	if (r.r0 == 0) {
		info->nr_vcpus = r.r1;
		info->ram_base = r.r2;
		info->ram_size = r.r3;
	}
	return (int32_t)r.r0;
}

int hv_vcpu_init(uint32_t handle, const struct kvm_vcpu_init *init)
{
	return call(HYPV7_HC(VCPU_INIT), handle, ptr(init), 0, 0);
}

int hv_preferred_target(struct kvm_vcpu_init *out)
{
	return call(HYPV7_HC(PREFERRED_TARGET), ptr(out), 0, 0, 0);
}

int hv_get_one_reg(uint32_t handle, const struct kvm_one_reg *reg)
{
	return call(HYPV7_HC(GET_ONE_REG), handle, ptr(reg), 0, 0);
}

int hv_set_one_reg(uint32_t handle, const struct kvm_one_reg *reg)
{
	return call(HYPV7_HC(SET_ONE_REG), handle, ptr(reg), 0, 0);
}

int hv_get_reg_list(uint32_t handle, struct kvm_reg_list *list)
{
	return call(HYPV7_HC(GET_REG_LIST), handle, ptr(list), 0, 0);
}

static int multi(uint32_t fn, uint32_t handle, const struct kvm_one_reg *regs, uint32_t count,
		 uint32_t *failed)
{
	struct hv_result r = hv_call(fn, handle, ptr(regs), count, 0);

	if (r.r0 != 0 && failed)
		*failed = r.r1;
	return (int32_t)r.r0;
}

int hv_get_multi(uint32_t handle, const struct kvm_one_reg *regs, uint32_t count, uint32_t *failed)
{
	return multi(HYPV7_HC(GET_MULTI), handle, regs, count, failed);
}

int hv_set_multi(uint32_t handle, const struct kvm_one_reg *regs, uint32_t count, uint32_t *failed)
{
	return multi(HYPV7_HC(SET_MULTI), handle, regs, count, failed);
}

int hv_vcpu_pause(uint32_t handle)
{
	return call(HYPV7_HC(VCPU_PAUSE), handle, 0, 0, 0);
}

int hv_vcpu_resume(uint32_t handle)
{
	return call(HYPV7_HC(VCPU_RESUME), handle, 0, 0, 0);
}

int hv_vcpu_state(uint32_t handle, uint32_t *state)
{
	struct hv_result r = hv_call(HYPV7_HC(VCPU_STATE), handle, 0, 0, 0);

	if (r.r0 == 0)
		*state = r.r1;
	return (int32_t)r.r0;
}

int hv_vm_read_mem(uint32_t vm_id, uint32_t ipa, void *buf, uint32_t len)
{
	return call(HYPV7_HC(VM_READ_MEM), vm_id, ipa, len, ptr(buf));
}

int hv_vm_write_mem(uint32_t vm_id, uint32_t ipa, const void *buf, uint32_t len)
{
	return call(HYPV7_HC(VM_WRITE_MEM), vm_id, ipa, len, ptr(buf));
}

/* Linux errno number -> this libc's errno; unknown ones become EIO. */
static int libc_errno(int linux_errno)
{
	switch (linux_errno) {
#define HV_ERRNO_CASE(name, value) \
	case value: return name;
		HYPV7_ERRNO_LIST(HV_ERRNO_CASE)
#undef HV_ERRNO_CASE
	default: return EIO;
	}
}

static int ioctl_result(int ret)
{
	if (ret >= 0)
		return ret;
	errno = libc_errno(-ret);
	return -1;
}

int hv_device_attr_get(uint32_t vm_id, const struct kvm_device_attr *attr)
{
	return call(HYPV7_HC(DEVICE_ATTR_GET), vm_id, ptr(attr), 0, 0);
}

int hv_device_attr_set(uint32_t vm_id, const struct kvm_device_attr *attr)
{
	return call(HYPV7_HC(DEVICE_ATTR_SET), vm_id, ptr(attr), 0, 0);
}

int hv_device_attr_has(uint32_t vm_id, const struct kvm_device_attr *attr)
{
	return call(HYPV7_HC(DEVICE_ATTR_HAS), vm_id, ptr(attr), 0, 0);
}

int hv_vm_ioctl(uint32_t vm_id, unsigned long request, void *arg)
{
	switch (request) {
	case KVM_GET_DEVICE_ATTR: return ioctl_result(hv_device_attr_get(vm_id, arg));
	case KVM_SET_DEVICE_ATTR: return ioctl_result(hv_device_attr_set(vm_id, arg));
	case KVM_HAS_DEVICE_ATTR: return ioctl_result(hv_device_attr_has(vm_id, arg));
	case KVM_CHECK_EXTENSION: return ioctl_result(hv_check_extension((uint32_t)(uintptr_t)arg));
	default: errno = EINVAL; return -1;
	}
}

int hv_vcpu_ioctl(uint32_t handle, unsigned long request, void *arg)
{
	switch (request) {
	case KVM_GET_ONE_REG: return ioctl_result(hv_get_one_reg(handle, arg));
	case KVM_SET_ONE_REG: return ioctl_result(hv_set_one_reg(handle, arg));
	case KVM_GET_REG_LIST: return ioctl_result(hv_get_reg_list(handle, arg));
	case KVM_ARM_VCPU_INIT: return ioctl_result(hv_vcpu_init(handle, arg));
	case KVM_ARM_PREFERRED_TARGET: return ioctl_result(hv_preferred_target(arg));
	case KVM_CHECK_EXTENSION: return ioctl_result(hv_check_extension((uint32_t)(uintptr_t)arg));
	default: errno = EINVAL; return -1;
	}
}
