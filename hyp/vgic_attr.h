/* KVM's arm-vgic-v2 device attributes of a VM's virtual GIC
 * (hyp/vgic_attr.c; the DEVICE_ATTR_* hypercalls, docs/abi.md). */
#ifndef HYPV7_HYP_VGIC_ATTR_H
#define HYPV7_HYP_VGIC_ATTR_H
#include <stdint.h>

#include <hypv7/kvm.h>

struct vm;

enum vgic_attr_op { VGIC_ATTR_GET, VGIC_ATTR_SET, VGIC_ATTR_HAS };

/* The bytes at kvm_device_attr.addr for `group`: 8 (ADDR), 4, or 0 (CTRL
 * and unknown groups use no value). */
unsigned vgic_attr_value_size(uint32_t group);
/* GET fills *value, SET takes it, HAS ignores it. 0, or KVM's errors:
 * -ENXIO (no such group, attribute or register), -EINVAL (a vCPU index the
 * VM does not have, a misaligned address, an IIDR or NR_IRQS out of rule),
 * -EBUSY (a vCPU of the VM may run; NR_IRQS other than the VM's), -EEXIST
 * (another address), -E2BIG, -ENODEV (no vGIC on this board). */
int vgic_attr(struct vm *vm, enum vgic_attr_op op, uint32_t group, uint64_t attr, uint64_t *value);
#endif
