/* VMs and their vCPUs. */
#ifndef HYPV7_VM_H
#define HYPV7_VM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hypv7/hypercalls.h>

#include "hyp/host_ids.h"
#include "hyp/mmio.h"
#include "hyp/vgic.h"
#include "hyp/virq.h"
#include "arch/lpae.h"
#include "abi/vcpu_bank.h"
#include "hyp/vuart.h"
#include "hyp/vm_config.h"
#include "hyp/pcpu.h"
/* The guest machine's layout (GUEST_PAGE_SIZE, GUEST_RAM_IPA, ...): public,
 * for guests read the same addresses. */
#include <hypv7/guest_machine.h>

#define VM_NAME_LEN 8

/* A vCPU's state is what VCPU_STATE reports (docs/abi.md). */
enum vcpu_state {
	VCPU_RUNNABLE = HYPV7_VCPU_RUNNABLE,
	VCPU_PAUSED = HYPV7_VCPU_PAUSED,
	VCPU_OFF = HYPV7_VCPU_POWERED_OFF,
	VCPU_FAULTED = HYPV7_VCPU_FAULTED,
};

struct vm;
struct pcpu;

struct vcpu {
	struct vcpu_bank bank; /* first: the trap frame (hyp/vectors.S) */
	struct abi_vcpu abi;
	struct vm *vm;
	unsigned index;
	uint32_t handle; /* HYPV7_HANDLE(vm id, index), for SELF's fast path */
	enum vcpu_state state;
	/* The physical CPU whose registers hold its state (not only the
	 * bank), or NULL. A vCPU is loaded on at most one CPU at a time. */
	struct pcpu *loaded_on;
	/* The physical CPU it is placed on (VMn_AFFINITY=, hyp/sched.c). */
	struct pcpu *home;
	/* PSCI CPU_ON made it runnable and it has not run since. */
	bool on_pending;
	bool restarted; /* reset to its entry state since its last exit */
	/* In WFI until an interrupt is due (hyp/sched.h): runnable, not run. */
	bool waiting;
	uint32_t hcr;           /* HCR while it runs: traps and the virtual IRQ line */
	struct virq_lines virq; /* its interrupt lines (hyp/virq.h) */
	struct vgic_cpu vgic;   /* its GIC CPU state (hyp/vgic.h) */
};

static inline bool vcpu_loaded(const struct vcpu *vcpu)
{
	return vcpu->loaded_on != NULL;
}

/* Loaded on the CPU running this code: its registers are the truth and
 * this CPU may touch them (another CPU's cannot be reached but by IPI). */
static inline bool vcpu_loaded_here(const struct vcpu *vcpu)
{
	return vcpu->loaded_on && vcpu->loaded_on == this_cpu();
}

struct vm {
	unsigned id;
	char name[VM_NAME_LEN];
	const struct vm_config *config; /* what the build made it (hyp/vm_config.h) */
	struct abi_vm abi;
	uint32_t ram_ipa;
	uint32_t ram_size;
	uint8_t *ram; /* where Hyp sees the first RAM byte (identity map) */
	pte_t *s2_l1;
	uint64_t vttbr;
	uint32_t entry;
	uint32_t dtb_ipa; /* its device tree, r2 at entry (hyp/vm_dtb.h) */
	/* Its initrd (VMn_INITRD=), [start, end); equal when it has none. */
	uint32_t initrd_ipa, initrd_end_ipa;
	struct vuart uart;
	struct mmio_map mmio;     /* its emulated devices, by IPA */
	struct vgic_dist vgic;    /* its GIC distributor (hyp/vgic.h) */
	unsigned injected_faults; /* reported so far (hyp/trap.c) */
	unsigned nr_vcpus;
	struct vcpu vcpus[MAX_VCPUS_PER_VM];
};

extern struct vm vms[MAX_VMS];
extern unsigned nr_vms;

void vms_create_all(void);
static inline struct vm *vm_by_id(unsigned id)
{
	return id < nr_vms ? &vms[id] : NULL;
}
/* Puts the vCPU in the guest contract's entry state (kvmtool-style). */
void vcpu_boot_state(struct vcpu *vcpu);
/* PSCI CPU_ON: reset, then entered at `entry` (bit 0: Thumb) with
 * r0 = `context_id`; runnable, "on pending" until it runs. */
void vcpu_power_on(struct vcpu *vcpu, uint32_t entry, uint32_t context_id);
/* Reloads the image and restarts the VM (PSCI SYSTEM_RESET from a VM). */
void vm_restart(struct vm *vm);
/* Maps a device page range of the board into the VM's stage 2 (the
 * virtual GIC's CPU interface); 0 or -ENOMEM. */
int vm_map_device(struct vm *vm, uint32_t ipa, uintptr_t pa, uint32_t size);
/* Stops every vCPU of the VM in `state` (VCPU_OFF or VCPU_FAULTED). */
void vm_stop(struct vm *vm, enum vcpu_state state);

#endif
