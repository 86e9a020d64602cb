/*
 * A VM's device tree (hyp/vm_dtb.h), written with lib/fdt.h straight into
 * the VM's RAM. The tree describes what hypv7 gives the VM, laid out as
 * QEMU's virt board describes itself (`-M virt,dumpdtb=`), so a guest or
 * kernel built for that board finds the same nodes:
 *
 *   /            compatible "linux,dummy-virt", 2 address and size cells
 *   /memory@     the VM's RAM
 *   /cpus        one cpu@N per vCPU, enable-method "psci"
 *   /psci        1.0 over HVC
 *   /intc@       the GICv2 distributor and CPU interface
 *   /timer       the architected timer's four PPIs
 *   /apb-pclk    the 24 MHz fixed clock of the PL011
 *   /pl011@      each PL011 of the config
 *   /chosen      bootargs (VMn_CMDLINE=), stdout-path, the initrd (VMn_INITRD=)
 */
#include "hyp/vm_dtb.h"

#include <stdbool.h>
#include <stddef.h>

#include <hypv7/guest_machine.h>
#include <hypv7/kvm.h>

#include "abi/errno.h"
#include "hyp/host_ids.h"
#include "hyp/vm.h"
#include "lib/fdt.h"
#include "lib/printk.h"
#include "lib/string.h"

/* The root's address and size cells: 64-bit addresses, as QEMU's virt. */
#define ROOT_ADDRESS_CELLS 2u
#define ROOT_SIZE_CELLS 2u
/* /cpus: a cpu's reg is its MPIDR affinity, one cell, no size. */
#define CPUS_ADDRESS_CELLS 1u
#define CPUS_SIZE_CELLS 0u

/* Nodes other nodes point at. */
enum dtb_phandle {
	PHANDLE_APB_PCLK = 1,
	PHANDLE_GIC,
};

/* The GIC binding's interrupt specifier: <type number flags>
 * (Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml). */
#define GIC_INTERRUPT_CELLS 3u
#define GIC_ADDRESS_CELLS 0u
#define GIC_SPI 0u
#define GIC_PPI 1u
#define IRQ_TYPE_LEVEL_HIGH 4u
/* A PPI's flags name the CPUs it goes to in bits 8..15. */
#define GIC_PPI_CPU_MASK_SHIFT 8u

/* The architected timer's PPIs, QEMU virt's (hw/arm/virt.h ARCH_TIMER_*),
 * in the binding's order: secure, non-secure, virtual, hyp. */
#define TIMER_SECURE_PPI 13u
#define TIMER_NONSECURE_PPI 14u
#define TIMER_HYP_PPI 10u

/* The PL011's clock: QEMU virt's one fixed 24 MHz APB clock. */
#define APB_PCLK_HZ 24000000u

/* "name@<hex>": room for the longest name below and 8 hex digits. */
#define NODE_NAME_MAX 32u
#define HEX_DIGIT_BITS 4u
#define ADDRESS_HEX_DIGITS 8u

/* Cells of one 64-bit address or size: the high word is always 0 here. */
#define REG_PAIR(addr, size) 0, (addr), 0, (size)
#define REG_PAIR_CELLS 4u

/* "name@hex(unit)" into buf: the node-name form for a node with a reg. */
static const char *unit_name(char buf[NODE_NAME_MAX], const char *name, uint32_t unit)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(name);
	memcpy(buf, name, n);
	buf[n++] = '@';
	bool started = false;
	for (int d = ADDRESS_HEX_DIGITS - 1; d >= 0; d--) {
		unsigned digit = (unit >> (d * HEX_DIGIT_BITS)) & 0xfu;
		if (digit || started || d == 0) {
			buf[n++] = hex[digit];
			started = true;
		}
	}
	buf[n] = 0;
	return buf;
}

static void root_props(struct fdt_writer *w)
{
	fdt_prop_string(w, "compatible", "linux,dummy-virt");
	fdt_prop_string(w, "model", "hypv7 VM (QEMU virt layout)");
	fdt_prop_u32(w, "#address-cells", ROOT_ADDRESS_CELLS);
	fdt_prop_u32(w, "#size-cells", ROOT_SIZE_CELLS);
	fdt_prop_u32(w, "interrupt-parent", PHANDLE_GIC);
}

static void memory_node(struct fdt_writer *w, const struct vm *vm)
{
	char name[NODE_NAME_MAX];
	const uint32_t reg[] = { REG_PAIR(vm->ram_ipa, vm->ram_size) };
	fdt_begin_node(w, unit_name(name, "memory", vm->ram_ipa));
	fdt_prop_string(w, "device_type", "memory");
	fdt_prop_cells(w, "reg", reg, REG_PAIR_CELLS);
	fdt_end_node(w);
}

/* The vCPUs are the host CPU's kind (the register ABI's target). */
static const char *cpu_compatible(void)
{
	return abi_cpu_target(&host_ids) == KVM_ARM_TARGET_CORTEX_A7 ? "arm,cortex-a7"
								     : "arm,cortex-a15";
}

static void cpus_node(struct fdt_writer *w, const struct vm *vm)
{
	char name[NODE_NAME_MAX];
	fdt_begin_node(w, "cpus");
	fdt_prop_u32(w, "#address-cells", CPUS_ADDRESS_CELLS);
	fdt_prop_u32(w, "#size-cells", CPUS_SIZE_CELLS);
	for (unsigned i = 0; i < vm->config->nr_vcpus; i++) {
		/* reg = the vCPU's MPIDR affinity; with at most 4 vCPUs (one
		 * cluster of kvm_abi.c's MPIDR), that is its index. */
		fdt_begin_node(w, unit_name(name, "cpu", i));
		fdt_prop_string(w, "device_type", "cpu");
		fdt_prop_string(w, "compatible", cpu_compatible());
		fdt_prop_u32(w, "reg", i);
		fdt_prop_string(w, "enable-method", "psci");
		fdt_end_node(w);
	}
	fdt_end_node(w);
}

static void psci_node(struct fdt_writer *w)
{
	static const char *const compatible[] = { "arm,psci-1.0", "arm,psci-0.2" };
	fdt_begin_node(w, "psci");
	fdt_prop_strings(w, "compatible", compatible, sizeof(compatible) / sizeof(compatible[0]));
	fdt_prop_string(w, "method", "hvc");
	fdt_end_node(w);
}

static void gic_node(struct fdt_writer *w)
{
	char name[NODE_NAME_MAX];
	const uint32_t reg[] = { REG_PAIR(GUEST_GICD_IPA, GUEST_GICD_SIZE),
				 REG_PAIR(GUEST_GICC_IPA, GUEST_GICC_SIZE) };
	fdt_begin_node(w, unit_name(name, "intc", GUEST_GICD_IPA));
	fdt_prop_string(w, "compatible", "arm,cortex-a15-gic");
	fdt_prop_cells(w, "reg", reg, sizeof(reg) / sizeof(reg[0]));
	fdt_prop_u32(w, "#interrupt-cells", GIC_INTERRUPT_CELLS);
	/* No children, no interrupt-map to translate for: dtc's check for
	 * interrupt providers wants it said. */
	fdt_prop_u32(w, "#address-cells", GIC_ADDRESS_CELLS);
	fdt_prop(w, "interrupt-controller", NULL, 0);
	fdt_prop_u32(w, "phandle", PHANDLE_GIC);
	fdt_end_node(w);
}

static void timer_node(struct fdt_writer *w, unsigned nr_vcpus)
{
	/* As QEMU virt: level-high, to every vCPU. */
	uint32_t flags = ((1u << nr_vcpus) - 1) << GIC_PPI_CPU_MASK_SHIFT | IRQ_TYPE_LEVEL_HIGH;
	const uint32_t interrupts[] = {
		GIC_PPI, TIMER_SECURE_PPI, flags, GIC_PPI, TIMER_NONSECURE_PPI, flags,
		GIC_PPI, GUEST_VTIMER_PPI, flags, GIC_PPI, TIMER_HYP_PPI,       flags,
	};
	fdt_begin_node(w, "timer");
	fdt_prop_string(w, "compatible", "arm,armv7-timer");
	fdt_prop_cells(w, "interrupts", interrupts, sizeof(interrupts) / sizeof(interrupts[0]));
	fdt_prop(w, "always-on", NULL, 0);
	fdt_end_node(w);
}

static void clock_node(struct fdt_writer *w)
{
	fdt_begin_node(w, "apb-pclk");
	fdt_prop_string(w, "compatible", "fixed-clock");
	fdt_prop_u32(w, "#clock-cells", 0);
	fdt_prop_u32(w, "clock-frequency", APB_PCLK_HZ);
	fdt_prop_string(w, "clock-output-names", "clk24mhz");
	fdt_prop_u32(w, "phandle", PHANDLE_APB_PCLK);
	fdt_end_node(w);
}

static void pl011_node(struct fdt_writer *w, const struct vm_device_config *dev)
{
	static const char *const compatible[] = { "arm,pl011", "arm,primecell" };
	static const char *const clock_names[] = { "uartclk", "apb_pclk" };
	const uint32_t clocks[] = { PHANDLE_APB_PCLK, PHANDLE_APB_PCLK };
	const uint32_t reg[] = { REG_PAIR(dev->ipa, dev->size) };
	const uint32_t interrupts[] = { GIC_SPI, dev->intid - GUEST_SPI_BASE, IRQ_TYPE_LEVEL_HIGH };
	char name[NODE_NAME_MAX];
	fdt_begin_node(w, unit_name(name, "pl011", dev->ipa));
	fdt_prop_strings(w, "compatible", compatible, sizeof(compatible) / sizeof(compatible[0]));
	fdt_prop_cells(w, "reg", reg, REG_PAIR_CELLS);
	fdt_prop_cells(w, "interrupts", interrupts, GIC_INTERRUPT_CELLS);
	fdt_prop_cells(w, "clocks", clocks, sizeof(clocks) / sizeof(clocks[0]));
	fdt_prop_strings(w, "clock-names", clock_names,
			 sizeof(clock_names) / sizeof(clock_names[0]));
	fdt_end_node(w);
}

/* The config's devices; the first PL011 is the console. Returns it, or NULL. */
static const struct vm_device_config *device_nodes(struct fdt_writer *w, const struct vm *vm)
{
	const struct vm_device_config *devs = vm->config->devices, *console = NULL;
	for (unsigned i = 0; i < VM_MAX_DEVICES && devs[i].kind != VM_DEVICE_NONE; i++) {
		if (devs[i].kind != VM_DEVICE_PL011)
			continue;
		pl011_node(w, &devs[i]);
		if (!console)
			console = &devs[i];
	}
	return console;
}

static void chosen_node(struct fdt_writer *w, const struct vm *vm,
			const struct vm_device_config *console)
{
	char name[NODE_NAME_MAX + 1];
	fdt_begin_node(w, "chosen");
	fdt_prop_string(w, "bootargs", vm->config->cmdline ? vm->config->cmdline : "");
	if (console) {
		name[0] = '/';
		unit_name(name + 1, "pl011", console->ipa);
		fdt_prop_string(w, "stdout-path", name);
	}
	if (vm->initrd_end_ipa != vm->initrd_ipa) {
		fdt_prop_u32(w, "linux,initrd-start", vm->initrd_ipa);
		fdt_prop_u32(w, "linux,initrd-end", vm->initrd_end_ipa);
	}
	fdt_end_node(w);
}

static enum fdt_status write_tree(const struct vm *vm, void *buf, uint32_t size, uint32_t *len)
{
	struct fdt_writer w;
	fdt_open(&w, buf, size);
	fdt_begin_node(&w, "");
	root_props(&w);
	memory_node(&w, vm);
	cpus_node(&w, vm);
	psci_node(&w);
	gic_node(&w);
	timer_node(&w, vm->config->nr_vcpus);
	clock_node(&w);
	const struct vm_device_config *console = device_nodes(&w, vm);
	chosen_node(&w, vm, console);
	fdt_end_node(&w);
	return fdt_finish(&w, len);
}

/* The user's tree (VMn_DTB=), checked again here: hypv7 is what the guest
 * trusts to hand it a tree that is one. */
static int copy_user_tree(const struct vm *vm, void *buf, uint32_t size)
{
	const uint8_t *dtb = vm->config->dtb.start;
	uint32_t len = (uint32_t)(vm->config->dtb.end - dtb);
	if (len < FDT_HEADER_SIZE || fdt_read_be32(dtb) != FDT_MAGIC ||
	    fdt_read_be32(dtb + FDT_CELL_SIZE) > len) {
		printk("hypv7: %s: VMn_DTB= is not a flattened device tree\n", vm->name);
		return -EINVAL;
	}
	len = fdt_read_be32(dtb + FDT_CELL_SIZE);
	if (len > size) {
		printk("hypv7: %s: its device tree (%lu bytes) does not fit the %lu bytes for it\n",
		       vm->name, len, size);
		return -EINVAL;
	}
	memcpy(buf, dtb, len);
	return 0;
}

uint32_t vm_dtb_offset(const struct vm *vm)
{
	uint32_t top = vm->ram_size < VM_DTB_LOWMEM_LIMIT ? vm->ram_size : VM_DTB_LOWMEM_LIMIT;
	if (top >= 2 * VM_DTB_REGION_SIZE)
		return top - VM_DTB_REGION_SIZE;
	return (top / 2) & ~(VM_DTB_ALIGN - 1);
}

int vm_dtb_install(struct vm *vm)
{
	uint32_t offset = vm_dtb_offset(vm);
	uint32_t room = vm->ram_size - offset;
	uint32_t size = room < VM_DTB_MAX_SIZE ? room : VM_DTB_MAX_SIZE;
	void *buf = vm->ram + offset;
	if (vm->config->dtb.start) {
		if (copy_user_tree(vm, buf, size))
			return -EINVAL;
	} else {
		uint32_t len;
		enum fdt_status st = write_tree(vm, buf, size, &len);
		if (st != FDT_OK) {
			printk("hypv7: %s: cannot write its device tree: %s\n", vm->name,
			       fdt_status_text(st));
			return -EINVAL;
		}
	}
	vm->dtb_ipa = vm->ram_ipa + offset;
	return 0;
}
