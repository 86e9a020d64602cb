/* The state hypv7 enters a VM in, and that newlib works on top of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hypv7/guest_machine.h>

#include "fdt_read.h"
#include "guest.h"
#include "tap.h"

#define ENTRY_CPSR 0x1d3u /* SVC, A/I/F masked, ARM state */
#define ENTRY_R1 0xffffffffu
#define FDT_ALIGN 8u /* Linux's booting.rst */
#define MALLOC_SMALL 100u
#define MALLOC_LARGE (1024u * 1024u)
#define FILL_BYTE 0x5a

static void check_registers(void)
{
	tap_is_u32(guest_entry_r0, 0, "r0 is 0 at entry");
	tap_is_u32(guest_entry_r1, ENTRY_R1, "r1 is 0xffffffff at entry");
	/* r2: the device tree, 8-byte aligned in RAM, a consistent header. */
	tap_ok(guest_entry_r2 >= GUEST_RAM_IPA && guest_entry_r2 % FDT_ALIGN == 0 &&
		   fdt_check_header((const void *)guest_entry_r2) == 0,
	       "r2 points at a flattened device tree in RAM (0x%08lx)",
	       (unsigned long)guest_entry_r2);
	tap_is_u32(guest_entry_cpsr, ENTRY_CPSR, "CPSR is 0x1d3 at entry");
	tap_is_u32(guest_entry_sctlr & (SCTLR_M | SCTLR_C | SCTLR_I), 0,
		   "SCTLR.M, .C and .I are clear at entry");
	tap_is_u32(guest_entry_pc, (uint32_t)_start, "entered at the ELF entry (_start)");
}

static void check_printf(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5.2f|%#x|%s", -42, 3.14159, 0xbeefu, "hyp");
	tap_ok(strcmp(buf, "-42| 3.14|0xbeef|hyp") == 0, "snprintf formats numbers");
	if (strcmp(buf, "-42| 3.14|0xbeef|hyp") != 0)
		tap_diag("got '%s'", buf);
}

static int block_is_filled(const unsigned char *p, size_t n, int byte)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != byte)
			return 0;
	return 1;
}

static void check_malloc(void)
{
	unsigned char *small = malloc(MALLOC_SMALL);
	unsigned char *large = malloc(MALLOC_LARGE);

	tap_ok(small && large, "malloc returns memory");
	if (!small || !large)
		return;
	memset(small, FILL_BYTE, MALLOC_SMALL);
	memset(large, FILL_BYTE, MALLOC_LARGE);
	tap_ok(block_is_filled(small, MALLOC_SMALL, FILL_BYTE) &&
		   block_is_filled(large, MALLOC_LARGE, FILL_BYTE),
	       "malloc'd memory holds data");
	tap_ok((char *)large >= __heap_start && (char *)large + MALLOC_LARGE <= __heap_end,
	       "heap stays between image and stacks");
	free(large);
	free(small);
}

int main(void)
{
	tap_plan(10);
	check_registers();
	check_printf();
	check_malloc();
	return tap_done();
}
