/*
 * The flattened-device-tree writer (lib/fdt.h). Layout in the caller's
 * buffer while the tree is written:
 *
 *   header | reservation map | structure block ->   free   <- strings
 *
 * The strings block grows down from the buffer's end because its size is
 * not known until the tree is done; a property's name offset is kept, until
 * then, as its distance from the buffer's end. fdt_finish() moves the
 * strings right after the structure block and rewrites those offsets.
 */
#include "lib/fdt.h"

#include <stddef.h>

#include "lib/string.h"

/* The structure block starts after the header and a reservation map of one
 * (terminating) entry; both are multiples of 8, as the map must be aligned. */
#define FDT_STRUCT_OFFSET (FDT_HEADER_SIZE + FDT_RSV_ENTRY_SIZE)
/* A property's token, length and name offset. */
#define FDT_PROP_HEADER_SIZE (3 * FDT_CELL_SIZE)

/* Header fields, in the order of the Devicetree Specification (5.2). */
enum fdt_header_field {
	HDR_MAGIC,
	HDR_TOTALSIZE,
	HDR_OFF_DT_STRUCT,
	HDR_OFF_DT_STRINGS,
	HDR_OFF_MEM_RSVMAP,
	HDR_VERSION,
	HDR_LAST_COMP_VERSION,
	HDR_BOOT_CPUID_PHYS,
	HDR_SIZE_DT_STRINGS,
	HDR_SIZE_DT_STRUCT,
};

static uint32_t cell_align(uint32_t n)
{
	return (n + FDT_CELL_SIZE - 1) & ~(FDT_CELL_SIZE - 1);
}

static void write_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fail(struct fdt_writer *w, enum fdt_status status)
{
	if (w->status == FDT_OK)
		w->status = status;
}

static uint32_t free_bytes(const struct fdt_writer *w)
{
	return w->size - w->strings_size - w->struct_end;
}

/* Room for n more bytes of structure block, or a sticky error. */
static uint8_t *struct_reserve(struct fdt_writer *w, uint32_t n)
{
	if (w->status != FDT_OK)
		return NULL;
	if (n > free_bytes(w)) {
		fail(w, FDT_ERR_NOSPACE);
		return NULL;
	}
	uint8_t *p = w->buf + w->struct_end;
	memset(p, 0, n); /* padding is zeros */
	w->struct_end += n;
	return p;
}

static void struct_token(struct fdt_writer *w, uint32_t token)
{
	uint8_t *p = struct_reserve(w, FDT_CELL_SIZE);
	if (p)
		write_be32(p, token);
}

/* The string's distance from the buffer's end, added to the strings block
 * unless it is there already; 0 on error (no string ends at the very end). */
static uint32_t string_ref(struct fdt_writer *w, const char *s)
{
	uint32_t len = (uint32_t)strlen(s) + 1;
	for (uint32_t off = w->size - w->strings_size; off < w->size;) {
		const char *have = (const char *)w->buf + off;
		uint32_t have_len = (uint32_t)strlen(have) + 1;
		if (have_len == len && memcmp(have, s, len) == 0)
			return w->size - off;
		off += have_len;
	}
	if (len > free_bytes(w)) {
		fail(w, FDT_ERR_NOSPACE);
		return 0;
	}
	w->strings_size += len;
	memcpy(w->buf + w->size - w->strings_size, s, len);
	return w->strings_size;
}

void fdt_open(struct fdt_writer *w, void *buf, uint32_t size)
{
	w->buf = buf;
	w->size = size;
	w->struct_end = FDT_STRUCT_OFFSET;
	w->strings_size = 0;
	w->depth = 0;
	w->status = FDT_OK;
	if (!buf || size < FDT_STRUCT_OFFSET) {
		w->struct_end = 0;
		w->size = 0;
		fail(w, FDT_ERR_BADARG);
	}
}

void fdt_begin_node(struct fdt_writer *w, const char *name)
{
	if (!name) {
		fail(w, FDT_ERR_BADARG);
		return;
	}
	uint32_t len = (uint32_t)strlen(name) + 1;
	uint8_t *p = struct_reserve(w, FDT_CELL_SIZE + cell_align(len));
	if (!p)
		return;
	write_be32(p, FDT_BEGIN_NODE);
	memcpy(p + FDT_CELL_SIZE, name, len);
	w->depth++;
}

void fdt_end_node(struct fdt_writer *w)
{
	if (w->depth == 0) {
		fail(w, FDT_ERR_NESTING);
		return;
	}
	struct_token(w, FDT_END_NODE);
	if (w->status == FDT_OK)
		w->depth--;
}

void fdt_prop(struct fdt_writer *w, const char *name, const void *data, uint32_t len)
{
	if (!name || (len && !data)) {
		fail(w, FDT_ERR_BADARG);
		return;
	}
	if (w->status != FDT_OK)
		return;
	if (w->depth == 0) {
		fail(w, FDT_ERR_NESTING); /* a property outside every node */
		return;
	}
	uint32_t ref = string_ref(w, name);
	uint8_t *p = struct_reserve(w, FDT_PROP_HEADER_SIZE + cell_align(len));
	if (!p)
		return;
	write_be32(p, FDT_PROP);
	write_be32(p + FDT_CELL_SIZE, len);
	write_be32(p + 2 * FDT_CELL_SIZE, ref);
	if (len)
		memcpy(p + FDT_PROP_HEADER_SIZE, data, len);
}

void fdt_prop_cells(struct fdt_writer *w, const char *name, const uint32_t *cells, unsigned n)
{
	uint8_t be[FDT_CELL_SIZE];
	uint32_t start = w->struct_end;
	fdt_prop(w, name, NULL, 0);
	if (w->status != FDT_OK)
		return;
	/* Grow the empty property by one cell at a time: no staging buffer. */
	for (unsigned i = 0; i < n; i++) {
		write_be32(be, cells[i]);
		uint8_t *p = struct_reserve(w, FDT_CELL_SIZE);
		if (!p)
			return;
		memcpy(p, be, FDT_CELL_SIZE);
	}
	write_be32(w->buf + start + FDT_CELL_SIZE, n * FDT_CELL_SIZE);
}

void fdt_prop_u32(struct fdt_writer *w, const char *name, uint32_t value)
{
	fdt_prop_cells(w, name, &value, 1);
}

void fdt_prop_string(struct fdt_writer *w, const char *name, const char *s)
{
	fdt_prop_strings(w, name, &s, 1);
}

void fdt_prop_strings(struct fdt_writer *w, const char *name, const char *const *list, unsigned n)
{
	uint32_t start = w->struct_end, len = 0;
	fdt_prop(w, name, NULL, 0);
	for (unsigned i = 0; i < n && w->status == FDT_OK; i++) {
		if (!list[i]) {
			fail(w, FDT_ERR_BADARG);
			return;
		}
		/* The strings are packed, the padding comes once at the end:
		 * undo the previous string's padding before appending. */
		uint32_t s_len = (uint32_t)strlen(list[i]) + 1;
		w->struct_end = start + FDT_PROP_HEADER_SIZE + len;
		uint8_t *p = struct_reserve(w, cell_align(s_len));
		if (!p)
			return;
		memcpy(p, list[i], s_len);
		len += s_len;
	}
	if (w->status == FDT_OK) {
		w->struct_end = start + FDT_PROP_HEADER_SIZE + cell_align(len);
		write_be32(w->buf + start + FDT_CELL_SIZE, len);
	}
}

/* Rewrites each property's name offset from "distance from the buffer's
 * end" to "offset in the strings block", which will start right after the
 * structure block. */
static void fix_name_offsets(struct fdt_writer *w)
{
	uint32_t off = FDT_STRUCT_OFFSET;
	while (off < w->struct_end) {
		uint32_t token = fdt_read_be32(w->buf + off);
		off += FDT_CELL_SIZE;
		if (token == FDT_BEGIN_NODE) {
			off += cell_align((uint32_t)strlen((const char *)w->buf + off) + 1);
		} else if (token == FDT_PROP) {
			uint32_t len = fdt_read_be32(w->buf + off);
			uint8_t *ref = w->buf + off + FDT_CELL_SIZE;
			write_be32(ref, w->strings_size - fdt_read_be32(ref));
			off += 2 * FDT_CELL_SIZE + cell_align(len);
		}
	}
}

static void write_header(struct fdt_writer *w, uint32_t total)
{
	uint32_t strings_off = w->struct_end;
	const uint32_t fields[] = {
		[HDR_MAGIC] = FDT_MAGIC,
		[HDR_TOTALSIZE] = total,
		[HDR_OFF_DT_STRUCT] = FDT_STRUCT_OFFSET,
		[HDR_OFF_DT_STRINGS] = strings_off,
		[HDR_OFF_MEM_RSVMAP] = FDT_HEADER_SIZE,
		[HDR_VERSION] = FDT_VERSION,
		[HDR_LAST_COMP_VERSION] = FDT_LAST_COMP_VERSION,
		[HDR_BOOT_CPUID_PHYS] = 0,
		[HDR_SIZE_DT_STRINGS] = w->strings_size,
		[HDR_SIZE_DT_STRUCT] = w->struct_end - FDT_STRUCT_OFFSET,
	};
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		write_be32(w->buf + i * FDT_CELL_SIZE, fields[i]);
	memset(w->buf + FDT_HEADER_SIZE, 0, FDT_RSV_ENTRY_SIZE);
}

enum fdt_status fdt_finish(struct fdt_writer *w, uint32_t *total_size)
{
	if (w->status == FDT_OK && w->depth != 0)
		fail(w, FDT_ERR_NESTING);
	struct_token(w, FDT_END);
	if (w->status != FDT_OK)
		return w->status;
	fix_name_offsets(w);
	memmove(w->buf + w->struct_end, w->buf + w->size - w->strings_size, w->strings_size);
	uint32_t total = w->struct_end + w->strings_size;
	write_header(w, total);
	if (total_size)
		*total_size = total;
	return FDT_OK;
}

const char *fdt_status_text(enum fdt_status status)
{
	switch (status) {
	case FDT_OK: return "no error";
	case FDT_ERR_NOSPACE: return "the tree does not fit its buffer";
	case FDT_ERR_NESTING: return "nodes not closed in order";
	case FDT_ERR_BADARG: return "a bad argument";
	}
	return "an unknown error";
}
