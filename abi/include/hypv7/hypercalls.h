/*
 * hypv7's hypercall ABI (docs/abi.md): function ids from hypercalls.def,
 * vCPU handles, vCPU states and the service UUID.  Shared by the
 * hypervisor, guests and the build host.
 */
#ifndef HYPV7_HYPERCALLS_H
#define HYPV7_HYPERCALLS_H

#include <stdint.h>

#include "smccc.h"

/* SMCCC function id: fast call, owner "vendor-specific hypervisor service". */
#define HYPV7_HC_BASE (SMCCC_FAST_CALL | (SMCCC_OWNER_VENDOR_HYP << SMCCC_OWNER_SHIFT))
#define HYPV7_HC_NR_MASK 0xffffu

/* HYPV7_HC_NR_<name>: the low 16 bits of each function id. */
enum hypv7_hc_nr {
#define HCALL(name, nr, summary) HYPV7_HC_NR_##name = nr,
#define HCALL_DISCOVERY(name, nr, summary) HYPV7_HC_NR_##name = nr,
#include "hypercalls.def"
};

/* The function id, usable in case labels: HYPV7_HC(GET_ONE_REG) = 0x86000012. */
#define HYPV7_HC(name) (HYPV7_HC_BASE | (uint32_t)HYPV7_HC_NR_##name)

/* What CALL_COUNT answers: the HCALL functions, discovery excluded. */
enum {
#define HCALL(name, nr, summary) HYPV7_HC_COUNT_##name,
#include "hypercalls.def"
	HYPV7_HC_NR_CALLS
};

#define HYPV7_HC_REVISION_MAJOR 1
#define HYPV7_HC_REVISION_MINOR 0

/*
 * hypv7's service UUID, 68797076-3700-4a0b-8c1d-2e3f40516273 ("hypv7" in
 * the first five bytes), returned by UID as SMCCC does: bytes 0..15 packed
 * little-endian into r0..r3.
 */
#define HYPV7_UUID_STRING "68797076-3700-4a0b-8c1d-2e3f40516273"
#define HYPV7_UID_R0 0x76707968u
#define HYPV7_UID_R1 0x0b4a0037u
#define HYPV7_UID_R2 0x3f2e1d8cu
#define HYPV7_UID_R3 0x73625140u

/* A vCPU handle names a VM and one of its vCPUs. */
#define HYPV7_HANDLE_VM_SHIFT 16
#define HYPV7_HANDLE_VCPU_MASK 0xffffu
#define HYPV7_HANDLE(vm_id, vcpu_index)                 \
	(((uint32_t)(vm_id) << HYPV7_HANDLE_VM_SHIFT) | \
	 ((uint32_t)(vcpu_index)&HYPV7_HANDLE_VCPU_MASK))
#define HYPV7_HANDLE_VM(handle) ((uint32_t)(handle) >> HYPV7_HANDLE_VM_SHIFT)
#define HYPV7_HANDLE_VCPU(handle) ((uint32_t)(handle)&HYPV7_HANDLE_VCPU_MASK)

/* The VM that may act on every other VM. */
#define HYPV7_CONTROL_VM 0

/* VCPU_STATE results. */
enum hypv7_vcpu_state {
	HYPV7_VCPU_RUNNABLE = 0,
	HYPV7_VCPU_PAUSED = 1,
	HYPV7_VCPU_POWERED_OFF = 2,
	HYPV7_VCPU_FAULTED = 3, /* stopped by a fault */
};

/*
 * Most entries one GET_MULTI / SET_MULTI takes (-EINVAL above it, nothing
 * done): far more than any vCPU's register list, and a bound on the time a
 * call keeps the CPU from the other VMs.
 */
#define HYPV7_MULTI_MAX 1024u

/* Largest VM_READ_MEM / VM_WRITE_MEM transfer. */
#define HYPV7_MEM_XFER_MAX 0x10000u

#endif /* HYPV7_HYPERCALLS_H */
