/*
 * A small flattened-device-tree writer (the DTB format of the Devicetree
 * Specification, version 17): nodes and properties go straight into a
 * caller's buffer, with every cell big-endian and each property name stored
 * once in the strings block. Pure C, no hardware: hyp/vm_dtb.c builds each
 * VM's tree with it, tests/host/test_fdt.c checks it against dtc.
 *
 * Usage: fdt_open(), then fdt_begin_node("") for the root, properties and
 * nodes, fdt_end_node() for each, fdt_finish(). Errors are sticky: after the
 * first (no room, a node closed that was never opened, ...) every call does
 * nothing and fdt_finish() returns the error. A tree that does not fit is an
 * error, never a write past the buffer.
 */
#ifndef HYPV7_LIB_FDT_H
#define HYPV7_LIB_FDT_H
#include <stdint.h>

/* The header's magic and the versions written (as libfdt writes them). */
#define FDT_MAGIC 0xd00dfeedu
#define FDT_VERSION 17u
#define FDT_LAST_COMP_VERSION 16u

/* Structure-block tokens. */
#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE 0x2u
#define FDT_PROP 0x3u
#define FDT_NOP 0x4u
#define FDT_END 0x9u

/* Sizes of the fixed parts: the header, one memory-reservation entry (the
 * map is only its terminating entry here), one structure-block cell. */
#define FDT_HEADER_SIZE 40u
#define FDT_RSV_ENTRY_SIZE 16u
#define FDT_CELL_SIZE 4u

enum fdt_status {
	FDT_OK = 0,
	FDT_ERR_NOSPACE, /* the tree does not fit the buffer */
	FDT_ERR_NESTING, /* end_node without begin_node, or nodes left open */
	FDT_ERR_BADARG,  /* a buffer too small for the header, a NULL name */
};

struct fdt_writer {
	uint8_t *buf;
	uint32_t size;         /* bytes of buf */
	uint32_t struct_end;   /* next free byte of the structure block */
	uint32_t strings_size; /* the strings block grows down from buf + size */
	unsigned depth;        /* nodes open */
	enum fdt_status status;
};

/* Starts a tree in buf[0..size). */
void fdt_open(struct fdt_writer *w, void *buf, uint32_t size);
void fdt_begin_node(struct fdt_writer *w, const char *name);
void fdt_end_node(struct fdt_writer *w);
/* A property of `len` raw bytes (len 0: an empty, boolean property). */
void fdt_prop(struct fdt_writer *w, const char *name, const void *data, uint32_t len);
void fdt_prop_u32(struct fdt_writer *w, const char *name, uint32_t value);
void fdt_prop_cells(struct fdt_writer *w, const char *name, const uint32_t *cells, unsigned n);
void fdt_prop_string(struct fdt_writer *w, const char *name, const char *s);
/* A string list ("a\0b\0"), as compatible and clock-names are. */
void fdt_prop_strings(struct fdt_writer *w, const char *name, const char *const *list, unsigned n);
/* Closes the tree: the header, the strings block moved after the structure
 * block. Returns FDT_OK and the tree's total size, or the first error. */
enum fdt_status fdt_finish(struct fdt_writer *w, uint32_t *total_size);
/* The error's meaning, for messages. */
const char *fdt_status_text(enum fdt_status status);

/* Big-endian 32-bit access, as every FDT field and cell is stored. */
static inline uint32_t fdt_read_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

#endif
