/* Creating VMs from their configs (hyp/vm_config.h): RAM, stage 2 address
 * space, image, device tree (hyp/vm_dtb.c), devices and vCPUs. */
#include <stddef.h>

#include "arch/cache.h"
#include "lib/printk.h"
#include "hyp/elf.h"
#include "abi/errno.h"
#include "hyp/mem.h"
#include "boot/mmu.h"
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/switch.h"
#include "arch/sysregs.h"
#include "hyp/vgic.h"
#include "hyp/vm.h"
#include "hyp/vm_dtb.h"
#include "hyp/vuart.h"
#include "hyp/zimage.h"
#include "lib/string.h"
#include "platform/platform.h"

struct vm vms[MAX_VMS];
unsigned nr_vms;

#define VM_RAM_ALIGN LPAE_L2_BLOCK
#define VTTBR_VMID_SHIFT 48
#define ENTRY_R1_MACHINE_ANY 0xffffffffu /* kvmtool's "no machine type" */
/* PSCI CPU_ON's entry address: bit 0 set, a Thumb entry (AArch32). */
#define PSCI_ENTRY_THUMB 1u
#define MIB_SHIFT 20 /* bytes to MiB, for messages */
#define KIB_SHIFT 10

/* The ABI's time source: the physical counter, read in program order. */
static uint64_t read_phys_counter(void)
{
	isb();
	return read_CNTPCT();
}

static pte_t *s2_table_alloc(void *ctx)
{
	(void)ctx;
	return phys_alloc(LPAE_TABLE_SIZE, LPAE_TABLE_SIZE);
}

static const struct lpae_alloc s2_alloc = {
	.table = s2_table_alloc,
	.to_phys = identity_to_phys,
	.to_virt = identity_to_virt,
};

static int load_elf(struct vm *vm)
{
	struct elf_target t = { .ram_base = vm->ram_ipa, .ram_size = vm->ram_size, .ram = vm->ram };
	const char *error;
	if (elf_load(vm->config->image.start, vm_config_image_size(vm->config), &t, &vm->entry,
		     &error)) {
		printk("hypv7: %s: cannot load its image: %s\n", vm->name, error);
		return -EINVAL;
	}
	vm->initrd_ipa = vm->initrd_end_ipa = 0;
	return 0;
}

/* A zImage and its initrd where Linux's boot protocol wants them
 * (hyp/zimage.h), entered at the zImage's first byte. */
static int load_zimage(struct vm *vm)
{
	const struct vm_config *c = vm->config;
	struct zimage_info zi;
	struct linux_layout at;
	const char *error;
	uint32_t initrd_size = c->initrd.start ? vm_config_initrd_size(c) : 0;
	if (zimage_parse(c->image.start, vm_config_image_size(c), &zi, &error) ||
	    linux_layout_plan(&zi, vm->ram_size, vm_dtb_offset(vm), initrd_size, &at, &error)) {
		printk("hypv7: %s: cannot boot its zImage: %s (kernel %lu KiB, unpacked %lu KiB, "
		       "initrd %lu KiB, RAM %lu MiB)\n",
		       vm->name, error, vm_config_image_size(c) >> KIB_SHIFT,
		       zi.unpacked >> KIB_SHIFT, initrd_size >> KIB_SHIFT,
		       vm->ram_size >> MIB_SHIFT);
		return -EINVAL;
	}
	memcpy(vm->ram + at.kernel, c->image.start, zi.size);
	if (initrd_size)
		memcpy(vm->ram + at.initrd, c->initrd.start, initrd_size);
	vm->entry = vm->ram_ipa + at.kernel;
	vm->initrd_ipa = vm->ram_ipa + at.initrd;
	vm->initrd_end_ipa = vm->ram_ipa + at.initrd_end;
	return 0;
}

static int load_image(struct vm *vm)
{
	int rc = vm->config->image.kind == VM_IMAGE_ZIMAGE ? load_zimage(vm) : load_elf(vm);
	/* Its device tree too, after the image (which a tree overlapping it
	 * would otherwise lose), and again on each reset: the guest may have
	 * used that RAM since. */
	if (rc || vm_dtb_install(vm))
		return -EINVAL;
	/* The guest starts with caches off: image and tree must be in memory. */
	dcache_clean_inval_range((uintptr_t)vm->ram, vm->ram_size);
	icache_invalidate_all();
	return 0;
}

/* VM_BOOT_BARE_METAL's registers, Linux's: the only boot protocol a config
 * may name today (config_unsupported). */
/* The vCPU as at reset (abi/kvm_abi.c's values), entered at `entry`. */
static struct pt_regs *vcpu_reset(struct vcpu *vcpu, uint32_t entry)
{
	struct kvm_vcpu_init init;
	abi_preferred_target(&host_ids, &init);
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	abi_vcpu_init(&vcpu->abi, &init);
	struct pt_regs *r = &vcpu->bank.core.usr_regs;
	r->ARM_pc = (long)entry;
	return r;
}

void vcpu_power_on(struct vcpu *vcpu, uint32_t entry, uint32_t context_id)
{
	struct pt_regs *r = vcpu_reset(vcpu, entry & ~PSCI_ENTRY_THUMB);
	if (entry & PSCI_ENTRY_THUMB)
		r->ARM_cpsr |= PSR_T_BIT;
	r->ARM_r0 = (long)context_id;
	vcpu->state = VCPU_RUNNABLE;
	vcpu->on_pending = true;
	vcpu->waiting = false;
}

void vcpu_boot_state(struct vcpu *vcpu)
{
	struct pt_regs *r = vcpu_reset(vcpu, vcpu->vm->entry);
	r->ARM_r0 = 0;
	r->ARM_r1 = (long)ENTRY_R1_MACHINE_ANY;
	r->ARM_r2 = (long)vcpu->vm->dtb_ipa; /* hyp/vm_dtb.h */
	/* vCPU 0 runs; the others wait, powered off, for PSCI CPU_ON (as
	 * under KVM with the POWER_OFF feature). */
	vcpu->state = vcpu->index ? VCPU_OFF : VCPU_RUNNABLE;
	vcpu->waiting = false;
}

static int build_stage2(struct vm *vm)
{
	vm->s2_l1 = s2_table_alloc(NULL);
	if (!vm->s2_l1 || lpae_map(vm->s2_l1, vm->ram_ipa, (uintptr_t)vm->ram, vm->ram_size,
				   S2_PTE_NORMAL_RW, &s2_alloc))
		return -ENOMEM;
	/* VMID = VM id + 1: VMID 0 stays unused, every VM has its own. */
	vm->vttbr = (uintptr_t)vm->s2_l1 | ((uint64_t)(vm->id + 1) << VTTBR_VMID_SHIFT);
	return 0;
}

/* Why hypv7 cannot build a VM from `config` yet, or NULL if it can. */
static const char *config_unsupported(const struct vm_config *config)
{
	if (config->image.kind != VM_IMAGE_ELF && config->image.kind != VM_IMAGE_ZIMAGE)
		return "an image kind hypv7 cannot load";
	if (config->boot != VM_BOOT_BARE_METAL)
		return "a boot protocol hypv7 does not have";
	if (config->nr_vcpus < 1 || config->nr_vcpus > MAX_VCPUS_PER_VM)
		return "a number of vCPUs outside 1..MAX_VCPUS_PER_VM";
	/* Linux cannot run without an interrupt controller, and hypv7 gives
	 * one only where the GIC has the virtualization extensions. */
	if (config->image.kind == VM_IMAGE_ZIMAGE && !board.gich_base)
		return "a Linux kernel needs a GIC, and this board has none with the "
		       "virtualization "
		       "extensions (hypv7 does not emulate one in software)";
	return NULL;
}

static int attach_device(struct vm *vm, const struct vm_device_config *dev)
{
	switch (dev->kind) {
	case VM_DEVICE_PL011: return vuart_attach(vm, dev);
	default: return -EINVAL;
	}
}

/* Gives the VM the devices its config lists, up to the first empty slot. */
static int attach_devices(struct vm *vm)
{
	const struct vm_device_config *devs = vm->config->devices;
	for (unsigned i = 0; i < VM_MAX_DEVICES && devs[i].kind != VM_DEVICE_NONE; i++) {
		if (attach_device(vm, &devs[i])) {
			printk("hypv7: %s: cannot give it device %u at IPA 0x%08lx\n", vm->name, i,
			       devs[i].ipa);
			return -EINVAL;
		}
	}
	return 0;
}

static int alloc_ram(struct vm *vm)
{
	vm->ram_ipa = vm->config->ram_ipa;
	vm->ram_size = vm->config->ram_size;
	vm->ram = vm->ram_size ? phys_alloc(vm->ram_size, VM_RAM_ALIGN) : NULL;
	if (!vm->ram) {
		printk("hypv7: %s: cannot give it %lu MiB of RAM (%lu MiB free)\n", vm->name,
		       vm->ram_size >> MIB_SHIFT, phys_free_bytes() >> MIB_SHIFT);
		return -ENOMEM;
	}
	return 0;
}

static int vm_create(struct vm *vm, unsigned id, const struct vm_config *config)
{
	vm->id = id;
	vm->config = config;
	vm->name[0] = 'v';
	vm->name[1] = 'm';
	vm->name[2] = (char)('0' + id);
	vm->name[3] = 0;
	const char *unsupported = config_unsupported(config);
	if (unsupported) {
		printk("hypv7: %s: %s: %s\n", vm->name, config->name, unsupported);
		return -EINVAL;
	}
	if (alloc_ram(vm))
		return -ENOMEM;
	if (build_stage2(vm) || load_image(vm) || attach_devices(vm))
		return -EINVAL;
	vm->abi.ids = &host_ids;
	vm->abi.read_counter = read_phys_counter;
	/* As KVM: the virtual counter starts from zero when the VM is made. */
	vm->abi.cntvoff = read_CNTPCT();
	vm->abi.nr_vcpus = vm->nr_vcpus = config->nr_vcpus;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];
		v->vm = vm;
		v->index = i;
		v->handle = HYPV7_HANDLE(id, i);
		v->hcr = HCR_GUEST;
		if (!(v->home = sched_placement(vm, i))) {
			printk("hypv7: %s: VM%u_AFFINITY names CPU %u for vCPU %u, and %u CPU%s "
			       "came up\n",
			       vm->name, id, config->affinity[i], i, nr_cpus_up,
			       nr_cpus_up == 1 ? "" : "s");
			return -EINVAL;
		}
		abi_vcpu_create(&v->abi, &v->bank, &vm->abi, i);
		v->state = VCPU_PAUSED; /* until initialised and resumed */
		if (config->start == VM_START_RUNNING)
			vcpu_boot_state(v);
	}
	return vgic_attach(vm); /* after the vCPUs: it has per-vCPU state */
}

void vms_create_all(void)
{
	for (unsigned i = 0; i < nr_vm_configs && nr_vms < MAX_VMS; i++) {
		struct vm *vm = &vms[nr_vms];
		if (vm_create(vm, nr_vms, &vm_configs[i]) == 0) {
			printk("hypv7: %s: %s, %lu MiB at IPA 0x%08lx (PA 0x%08lx), %s\n", vm->name,
			       vm->config->name, vm->ram_size >> MIB_SHIFT, vm->ram_ipa,
			       (uint32_t)(uintptr_t)vm->ram,
			       vm->config->start == VM_START_STOPPED ? "stopped" : "running");
			nr_vms++;
		} else {
			memset(vm, 0, sizeof(*vm));
		}
	}
}

int vm_map_device(struct vm *vm, uint32_t ipa, uintptr_t pa, uint32_t size)
{
	if (lpae_map(vm->s2_l1, ipa, pa, size, S2_PTE_DEVICE_RW, &s2_alloc))
		return -ENOMEM;
	dsb(); /* the table walk must see it (a fault is never in the TLB) */
	isb();
	return 0;
}

void vm_stop(struct vm *vm, enum vcpu_state state)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		vm->vcpus[i].state = state;
		smp_kick(vm->vcpus[i].home); /* one running elsewhere stops now */
	}
}

/* Every vCPU of `vm` stops, its bank whole; a vCPU loaded on this CPU (the
 * caller's own) stays loaded. smp_sync_vcpu lets other CPUs run between
 * its looks, so it looks until all are stopped at once. */
static void vm_quiesce(struct vm *vm)
{
	bool again = true;
	while (again) {
		again = false;
		for (unsigned i = 0; i < vm->nr_vcpus; i++) {
			struct vcpu *v = &vm->vcpus[i];
			v->state = VCPU_PAUSED;
			if (vcpu_loaded_here(v) || (!vcpu_loaded(v) && v->home->vfp_owner != v))
				continue;
			smp_sync_vcpu(v);
			again = true;
		}
	}
}

void vm_restart(struct vm *vm)
{
	vm_quiesce(vm);
	if (load_image(vm)) {
		vm_stop(vm, VCPU_FAULTED);
		return;
	}
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];
		vcpu_put(v); /* the caller's own vCPU, loaded here */
		vcpu_boot_state(v);
		v->restarted = true;
		sched_made_runnable(v);
	}
	vuart_reset(vm);    /* its line drops before the GIC forgets it */
	vgic_reset(vm);     /* its vCPUs are all put now */
	tlb_flush_guests(); /* no translation of the old run may survive */
	dsb();
	isb();
}
