/*
 * The device tree hypv7 writes for a VM, read from inside it: r2 points at
 * it, at the documented place (the start of the last 2 MiB of RAM), and its
 * nodes describe this VM: /memory (RAM as VMn_MEM= says), /chosen (bootargs
 * as VMn_CMDLINE= says, stdout-path the PL011), the PL011, PSCI over HVC,
 * one cpu, the GIC and the timer. tests.list gives the VM DTB_CHECK_MEM_MIB
 * of RAM and DTB_CHECK_CMDLINE as its command line.
 */
#include <string.h>

#include <hypv7/guest_machine.h>

#include "fdt_read.h"
#include "guest.h"
#include "tap.h"

#define DTB_CHECK_MEM_MIB 32u
#define DTB_CHECK_CMDLINE \
	"console=ttyAMA0 quote=\" back=\\ trigraph=?\?/ end" /* "?\?": not a trigraph */
#define MIB (1024u * 1024u)
#define GIC_SPI 0u
#define IRQ_TYPE_LEVEL_HIGH 4u
#define REG_CELLS 4u /* <addr-hi addr-lo size-hi size-lo> */
#define IRQ_CELLS 3u
#define TIMER_IRQ_CELLS 12u /* four PPIs */
#define GIC_REG_CELLS 8u    /* distributor and CPU interface */
#define PHANDLE_CELLS 1u
#define MIDR_PART_SHIFT 4u
#define MIDR_PART_MASK 0xfffu
#define MIDR_PART_CORTEX_A7 0xc07u

static const void *fdt;

static const char *prop_str(const char *path, const char *name)
{
	uint32_t len;
	const char *s = fdt_get_prop(fdt, path, name, &len);
	return s && len > 0 && s[len - 1] == 0 ? s : NULL;
}

static void is_str(const char *path, const char *name, const char *want)
{
	const char *got = prop_str(path, name);
	if (!tap_ok(got && strcmp(got, want) == 0, "%s %s = \"%s\"", path, name, want))
		tap_diag("got %s%s%s", got ? "\"" : "", got ? got : "(none)", got ? "\"" : "");
}

/* Property `name` of `path` is exactly the cells want[0..n). */
static void is_cells(const char *path, const char *name, const uint32_t *want, uint32_t n)
{
	uint32_t len;
	const uint8_t *p = fdt_get_prop(fdt, path, name, &len);
	int same = p && len == n * sizeof(uint32_t);
	for (uint32_t i = 0; same && i < n; i++)
		same = fdt_be32(p + i * sizeof(uint32_t)) == want[i];
	tap_ok(same, "%s %s: %lu cells as expected", path, name, (unsigned long)n);
}

static void check_placement(void)
{
	tap_is_u32(guest_entry_r2, fdt_documented_ipa(GUEST_RAM_IPA, DTB_CHECK_MEM_MIB * MIB),
		   "r2 = the start of the last 2 MiB of RAM");
	fdt = (const void *)guest_entry_r2;
	tap_ok(fdt_check_header(fdt) == 0, "a consistent FDT header there");
}

static void check_memory_chosen(void)
{
	const uint32_t mem[REG_CELLS] = { 0, GUEST_RAM_IPA, 0, DTB_CHECK_MEM_MIB * MIB };
	is_cells("/memory@40000000", "reg", mem, REG_CELLS);
	is_str("/memory@40000000", "device_type", "memory");
	is_str("/chosen", "bootargs", DTB_CHECK_CMDLINE);
	is_str("/chosen", "stdout-path", "/pl011@9000000");
	is_str("/", "compatible", "linux,dummy-virt");
}

/* The vCPU's kind, from the MIDR it reads (the host's). */
static const char *cpu_compatible(void)
{
	uint32_t midr;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(midr));
	return ((midr >> MIDR_PART_SHIFT) & MIDR_PART_MASK) == MIDR_PART_CORTEX_A7
		   ? "arm,cortex-a7"
		   : "arm,cortex-a15";
}

static void check_devices(void)
{
	const uint32_t uart_reg[REG_CELLS] = { 0, GUEST_UART_IPA, 0, GUEST_UART_SIZE };
	const uint32_t uart_irq[IRQ_CELLS] = { GIC_SPI, GUEST_UART_SPI, IRQ_TYPE_LEVEL_HIGH };
	const uint32_t gic_reg[GIC_REG_CELLS] = { 0, GUEST_GICD_IPA, 0, GUEST_GICD_SIZE,
						  0, GUEST_GICC_IPA, 0, GUEST_GICC_SIZE };
	uint32_t len, gic_phandle;
	is_cells("/pl011@9000000", "reg", uart_reg, REG_CELLS);
	is_cells("/pl011@9000000", "interrupts", uart_irq, IRQ_CELLS);
	is_str("/pl011@9000000", "compatible", "arm,pl011"); /* the list's first */
	is_str("/psci", "method", "hvc");
	is_str("/psci", "compatible", "arm,psci-1.0");
	is_str("/cpus/cpu@0", "enable-method", "psci");
	is_str("/cpus/cpu@0", "device_type", "cpu");
	is_str("/cpus/cpu@0", "compatible", cpu_compatible());
	is_cells("/intc@8000000", "reg", gic_reg, GIC_REG_CELLS);
	const uint8_t *ph = fdt_get_prop(fdt, "/intc@8000000", "phandle", &len);
	gic_phandle = ph && len == sizeof(uint32_t) ? fdt_be32(ph) : 0;
	is_cells("/", "interrupt-parent", &gic_phandle, PHANDLE_CELLS);
	fdt_get_prop(fdt, "/timer", "interrupts", &len);
	tap_is_u32(len, TIMER_IRQ_CELLS * sizeof(uint32_t), "/timer lists four PPIs");
	tap_ok(fdt_get_prop(fdt, "/nonexistent", "reg", &len) == NULL,
	       "a node that does not exist is not found");
}

int main(void)
{
	tap_plan(19);
	check_placement();
	check_memory_chosen();
	check_devices();
	return tap_done();
}
