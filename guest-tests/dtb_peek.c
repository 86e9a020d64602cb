/*
 * A stopped VM has its device tree in RAM before anyone boots it: VM 0
 * reads VM 1's RAM (VM_READ_MEM) at the documented place, as kvmtool-style
 * control software would before setting r2 = that address, and finds a
 * whole tree describing VM 1's RAM. VM 1 is never started.
 */
#include <hypv7/hypercalls.h>

#include "fdt_read.h"
#include "hv.h"
#include "tap.h"

#define STOPPED_VM 1u
#define REG_CELLS 4u /* <addr-hi addr-lo size-hi size-lo> */
#define REG_RAM_SIZE_CELL 3u

static uint8_t tree[HYPV7_MEM_XFER_MAX];

int main(void)
{
	struct hv_vm_info info;
	uint32_t len;
	tap_plan(4);
	tap_ok(hv_vm_info(STOPPED_VM, &info) == 0, "VM_INFO of the stopped VM");
	uint32_t ipa = fdt_documented_ipa(info.ram_base, info.ram_size);
	tap_ok(hv_vm_read_mem(STOPPED_VM, ipa, tree, sizeof(tree)) == 0,
	       "its RAM read at the documented place (0x%08lx)", (unsigned long)ipa);
	tap_ok(fdt_check_header(tree) == 0 && fdt_be32(tree + sizeof(uint32_t)) <= sizeof(tree),
	       "a whole device tree is there");
	const uint8_t *reg = fdt_get_prop(tree, "/memory@40000000", "reg", &len);
	tap_ok(reg && len == REG_CELLS * sizeof(uint32_t) &&
		   fdt_be32(reg + REG_RAM_SIZE_CELL * sizeof(uint32_t)) == info.ram_size,
	       "its /memory is the stopped VM's RAM");
	return tap_done();
}
