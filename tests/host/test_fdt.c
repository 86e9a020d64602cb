/*
 * Host tests of the device-tree writer (lib/fdt.c): a tree it writes is
 * parsed by dtc, the field's own tool, and its text checked; every buffer
 * too small for the tree is refused without a byte written past its end;
 * nodes out of order and bad arguments are errors; names are stored once.
 */
/* mkstemp, fdopen, popen: POSIX, beyond C11. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "lib/fdt.h"
#include "tap.h"

#define TREE_BUF_SIZE 4096u
#define GUARD_SIZE 64u
#define GUARD_BYTE 0xa5
#define DTS_MAX 8192u
#define TEST_UART_BASE 0x09000000u
#define TEST_UART_SIZE 0x1000u
#define TEST_INTERRUPT_CELLS 3u

static const char *const compat[] = { "arm,pl011", "arm,primecell" };

/* The test tree: a root, nested nodes, every kind of property. */
static void build_tree(struct fdt_writer *w)
{
	const uint32_t reg[] = { 0, TEST_UART_BASE, 0, TEST_UART_SIZE };
	const uint8_t raw[] = { 1, 2, 3 };
	fdt_begin_node(w, "");
	fdt_prop_u32(w, "#address-cells", 2);
	fdt_prop_string(w, "compatible", "linux,dummy-virt");
	fdt_begin_node(w, "pl011@9000000");
	fdt_prop_strings(w, "compatible", compat, 2);
	fdt_prop_cells(w, "reg", reg, 4);
	fdt_prop(w, "raw-bytes", raw, sizeof(raw));
	fdt_prop(w, "interrupt-controller", NULL, 0);
	fdt_prop_u32(w, "#interrupt-cells", TEST_INTERRUPT_CELLS);
	fdt_end_node(w);
	fdt_begin_node(w, "chosen");
	fdt_prop_string(w, "bootargs", "console=ttyAMA0");
	fdt_end_node(w);
	fdt_end_node(w);
}

static char dts[DTS_MAX];

/* dtc's text of the tree in buf, or NULL when dtc fails. */
static const char *run_dtc(const uint8_t *buf, uint32_t size)
{
	char path[] = "/tmp/hypv7-fdt-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	fwrite(buf, 1, size, f);
	fclose(f);
	char cmd[sizeof(path) + 64];
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts %s 2>&1", path);
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(dts, 1, sizeof(dts) - 1, p) : 0;
	int rc = p ? pclose(p) : -1;
	remove(path);
	dts[n] = 0;
	return rc == 0 ? dts : NULL;
}

static void expect_line(const char *text, const char *line)
{
	if (!tap_ok(text && strstr(text, line), "dtc shows: %s", line) && text)
		tap_diag("dtc printed:\n%s", text);
}

static uint32_t good_size;

static void test_dtc_parses(void)
{
	uint8_t buf[TREE_BUF_SIZE];
	struct fdt_writer w;
	fdt_open(&w, buf, sizeof(buf));
	build_tree(&w);
	TAP_EQ(fdt_finish(&w, &good_size), FDT_OK, "a tree that fits is written");
	TAP_EQ(fdt_read_be32(buf), FDT_MAGIC, "it starts with the magic, big-endian");
	TAP_EQ(fdt_read_be32(buf + FDT_CELL_SIZE), good_size, "totalsize is its size");
	const char *text = run_dtc(buf, good_size);
	tap_ok(text != NULL, "dtc -I dtb parses it");
	expect_line(text, "#address-cells = <0x02>;");
	expect_line(text, "compatible = \"linux,dummy-virt\";");
	expect_line(text, "pl011@9000000 {");
	expect_line(text, "compatible = \"arm,pl011\\0arm,primecell\";");
	expect_line(text, "reg = <0x00 0x9000000 0x00 0x1000>;");
	expect_line(text, "raw-bytes = [01 02 03];");
	expect_line(text, "interrupt-controller;");
	expect_line(text, "#interrupt-cells = <0x03>;");
	expect_line(text, "bootargs = \"console=ttyAMA0\";");
	/* "compatible" is used twice and stored once. */
	uint32_t strings_size = fdt_read_be32(buf + 8 * FDT_CELL_SIZE);
	uint32_t want = sizeof("#address-cells") + sizeof("compatible") + sizeof("reg") +
			sizeof("raw-bytes") + sizeof("interrupt-controller") +
			sizeof("#interrupt-cells") + sizeof("bootargs");
	TAP_EQ(strings_size, want, "each property name is stored once");
}

/* Every buffer smaller than the tree: refused, nothing written past it. */
static void test_overflow(void)
{
	uint8_t buf[TREE_BUF_SIZE + GUARD_SIZE];
	unsigned bad_status = 0, overruns = 0;
	for (uint32_t size = 0; size < good_size; size++) {
		struct fdt_writer w;
		memset(buf, GUARD_BYTE, sizeof(buf));
		fdt_open(&w, buf, size);
		build_tree(&w);
		enum fdt_status st = fdt_finish(&w, NULL);
		enum fdt_status want =
		    size < FDT_HEADER_SIZE + FDT_RSV_ENTRY_SIZE ? FDT_ERR_BADARG : FDT_ERR_NOSPACE;
		bad_status += st != want;
		for (uint32_t i = size; i < sizeof(buf); i++)
			overruns += buf[i] != GUARD_BYTE;
	}
	TAP_EQ(bad_status, 0, "every buffer smaller than the tree is refused");
	TAP_EQ(overruns, 0, "and nothing is written past any of them");
}

static void test_misuse(void)
{
	uint8_t buf[TREE_BUF_SIZE];
	struct fdt_writer w;
	fdt_open(&w, buf, sizeof(buf));
	fdt_end_node(&w);
	TAP_EQ(fdt_finish(&w, NULL), FDT_ERR_NESTING, "end_node with no node open is an error");
	fdt_open(&w, buf, sizeof(buf));
	fdt_begin_node(&w, "");
	TAP_EQ(fdt_finish(&w, NULL), FDT_ERR_NESTING, "a node left open is an error");
	fdt_open(&w, buf, sizeof(buf));
	fdt_prop_u32(&w, "x", 1);
	TAP_EQ(fdt_finish(&w, NULL), FDT_ERR_NESTING, "a property outside any node is an error");
	fdt_open(&w, buf, sizeof(buf));
	fdt_begin_node(&w, "");
	fdt_prop(&w, "x", NULL, 1);
	fdt_end_node(&w);
	TAP_EQ(fdt_finish(&w, NULL), FDT_ERR_BADARG, "bytes without data are an error");
	fdt_open(&w, NULL, sizeof(buf));
	TAP_EQ(fdt_finish(&w, NULL), FDT_ERR_BADARG, "no buffer is an error");
}

int main(void)
{
	test_dtc_parses();
	test_overflow();
	test_misuse();
	return tap_failures ? 1 : 0;
}
