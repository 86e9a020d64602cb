/*
 * hypv7 guest client: typed wrappers of the hypercalls of
 * <hypv7/hypercalls.h> (docs/abi.md), for guests built with
 * arm-none-eabi-gcc + newlib, -marm.
 *
 * The hv_* calls return 0 (or a non-negative value where stated) or a
 * negative *Linux* errno (-ENOENT = -2, ...; <hypv7/errno.h>), exactly what
 * the hypervisor put in r0.  Pointers are the guest's own virtual
 * addresses.  hv_vcpu_ioctl() instead behaves like Linux's ioctl(): 0 (or
 * the value, for KVM_CHECK_EXTENSION) on success, -1 with errno set on
 * failure, the Linux error translated to newlib's errno numbering.
 */
#ifndef HYPV7_CLIENT_HV_H
#define HYPV7_CLIENT_HV_H

#include <stdbool.h>
#include <stdint.h>

#include <hypv7/hypercalls.h>
#include <hypv7/kvm.h>

/* r0..r3 after the HVC. */
struct hv_result {
	uint32_t r0, r1, r2, r3;
};

/* The one HVC #0: function id in r0, arguments in r1..r4. */
struct hv_result hv_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4);

/* VM_INFO results. */
struct hv_vm_info {
	uint32_t nr_vcpus;
	uint32_t ram_base; /* IPA */
	uint32_t ram_size; /* bytes */
};

/* Service discovery (SMCCC). */
bool hv_is_hypv7(void); /* UID matches HYPV7_UID_R0..R3 */
uint32_t hv_call_count(void);
void hv_revision(uint32_t *major, uint32_t *minor);

/* >= 0: the capability's value (0 = not supported); < 0: -errno. */
int hv_check_extension(uint32_t cap);
int hv_self(uint32_t *handle);
int hv_vm_info(uint32_t vm_id, struct hv_vm_info *info);

int hv_vcpu_init(uint32_t handle, const struct kvm_vcpu_init *init);
int hv_preferred_target(struct kvm_vcpu_init *out);
int hv_get_one_reg(uint32_t handle, const struct kvm_one_reg *reg);
int hv_set_one_reg(uint32_t handle, const struct kvm_one_reg *reg);
/* list->n in: room; out: the total (also on -E2BIG). */
int hv_get_reg_list(uint32_t handle, struct kvm_reg_list *list);
/* On failure *failed (if not NULL) is the index of the first failing entry. */
int hv_get_multi(uint32_t handle, const struct kvm_one_reg *regs, uint32_t count, uint32_t *failed);
/* All or nothing: on failure no register was changed. */
int hv_set_multi(uint32_t handle, const struct kvm_one_reg *regs, uint32_t count, uint32_t *failed);

int hv_vcpu_pause(uint32_t handle);
int hv_vcpu_resume(uint32_t handle);
/* *state: enum hypv7_vcpu_state. */
int hv_vcpu_state(uint32_t handle, uint32_t *state);

/* VM 0 only; len <= HYPV7_MEM_XFER_MAX. */
int hv_vm_read_mem(uint32_t vm_id, uint32_t ipa, void *buf, uint32_t len);
int hv_vm_write_mem(uint32_t vm_id, uint32_t ipa, const void *buf, uint32_t len);

/* The VM's virtual GICv2 as KVM's arm-vgic-v2 device (VM 0 only): the
 * attribute groups and errors of Linux's KVM_{GET,SET,HAS}_DEVICE_ATTR;
 * attr->addr points at the value (u64 for GRP_ADDR, u32 otherwise). */
int hv_device_attr_get(uint32_t vm_id, const struct kvm_device_attr *attr);
int hv_device_attr_set(uint32_t vm_id, const struct kvm_device_attr *attr);
int hv_device_attr_has(uint32_t vm_id, const struct kvm_device_attr *attr);

/* ioctl()-style, on the VM's device: KVM_GET_DEVICE_ATTR, KVM_SET_DEVICE_ATTR
 * or KVM_HAS_DEVICE_ATTR (arg: struct kvm_device_attr *), or
 * KVM_CHECK_EXTENSION (arg: the capability, cast to a pointer). 0 or -1
 * with errno set, as hv_vcpu_ioctl. */
int hv_vm_ioctl(uint32_t vm_id, unsigned long request, void *arg);

/*
 * ioctl()-style entry for code written against Linux's KVM API: `request`
 * is KVM_GET_ONE_REG, KVM_SET_ONE_REG, KVM_GET_REG_LIST, KVM_ARM_VCPU_INIT
 * or KVM_ARM_PREFERRED_TARGET (arg: the usual struct pointer), or
 * KVM_CHECK_EXTENSION (arg: the capability number, cast to a pointer).
 * Returns 0 (or the extension's value) or -1 with errno set; an unknown
 * request gives EINVAL, as KVM does.
 */
int hv_vcpu_ioctl(uint32_t handle, unsigned long request, void *arg);

#endif /* HYPV7_CLIENT_HV_H */
