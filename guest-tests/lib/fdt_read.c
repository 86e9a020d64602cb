/* The minimal flattened-device-tree reader (fdt_read.h). */
#include "fdt_read.h"

#include <stddef.h>
#include <string.h>

#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE 0x2u
#define FDT_PROP 0x3u
#define FDT_NOP 0x4u
#define FDT_END 0x9u
#define CELL 4u
/* Header fields used, as byte offsets. */
#define HDR_TOTALSIZE 4u
#define HDR_OFF_STRUCT 8u
#define HDR_OFF_STRINGS 12u
#define HDR_SIZE_STRINGS 32u
#define HDR_SIZE_STRUCT 36u
#define MAX_DEPTH 16

#define MIB (1024u * 1024u)
#define DTB_REGION_SIZE (2u * MIB)
#define DTB_LOWMEM_LIMIT (512u * MIB)
#define DTB_ALIGN 8u

uint32_t fdt_documented_ipa(uint32_t ram_ipa, uint32_t ram_size)
{
	uint32_t top = ram_size < DTB_LOWMEM_LIMIT ? ram_size : DTB_LOWMEM_LIMIT;
	if (top >= 2 * DTB_REGION_SIZE)
		return ram_ipa + top - DTB_REGION_SIZE;
	return ram_ipa + ((top / 2) & ~(DTB_ALIGN - 1));
}

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint32_t hdr(const void *fdt, uint32_t field)
{
	return fdt_be32((const uint8_t *)fdt + field);
}

int fdt_check_header(const void *fdt)
{
	if (hdr(fdt, 0) != FDT_READ_MAGIC)
		return -1;
	uint32_t total = hdr(fdt, HDR_TOTALSIZE);
	if (total < FDT_READ_HEADER_SIZE || total > FDT_READ_MAX_SIZE)
		return -1;
	if (hdr(fdt, HDR_OFF_STRUCT) > total ||
	    hdr(fdt, HDR_SIZE_STRUCT) > total - hdr(fdt, HDR_OFF_STRUCT) ||
	    hdr(fdt, HDR_OFF_STRINGS) > total ||
	    hdr(fdt, HDR_SIZE_STRINGS) > total - hdr(fdt, HDR_OFF_STRINGS))
		return -1;
	return 0;
}

static uint32_t align4(uint32_t n)
{
	return (n + CELL - 1) & ~(CELL - 1);
}

/* Whether the path component starting at `path` (up to '/' or the end) is
 * `name`; *next is where the following component starts. */
static int component_is(const char *path, const char *name, const char **next)
{
	size_t n = strcspn(path, "/");
	*next = path[n] == '/' ? path + n + 1 : path + n;
	return strlen(name) == n && strncmp(path, name, n) == 0;
}

const void *fdt_get_prop(const void *fdt, const char *path, const char *name, uint32_t *len)
{
	if (fdt_check_header(fdt) || path[0] != '/')
		return NULL;
	const uint8_t *s = (const uint8_t *)fdt + hdr(fdt, HDR_OFF_STRUCT);
	const char *strings = (const char *)fdt + hdr(fdt, HDR_OFF_STRINGS);
	uint32_t size = hdr(fdt, HDR_SIZE_STRUCT), strings_size = hdr(fdt, HDR_SIZE_STRINGS);
	/* matched[d]: the path matches down to depth d; want: the rest of it. */
	const char *want[MAX_DEPTH + 1];
	int depth = -1, matched = -1;
	want[0] = path + 1;
	for (uint32_t off = 0; off + CELL <= size;) {
		uint32_t token = fdt_be32(s + off);
		off += CELL;
		if (token == FDT_BEGIN_NODE) {
			const char *node = (const char *)s + off;
			const char *nul = memchr(node, 0, size - off);
			if (!nul)
				return NULL;
			off += align4((uint32_t)(nul - node) + 1);
			if (++depth > MAX_DEPTH)
				return NULL;
			/* The root is "" and matches at once. */
			if (depth == 0) {
				matched = 0;
			} else if (matched == depth - 1 && *want[depth - 1] &&
				   component_is(want[depth - 1], node, &want[depth])) {
				matched = depth;
			}
		} else if (token == FDT_END_NODE) {
			if (matched == depth)
				matched--;
			depth--;
		} else if (token == FDT_PROP) {
			if (off + 2 * CELL > size)
				return NULL;
			uint32_t plen = fdt_be32(s + off), nameoff = fdt_be32(s + off + CELL);
			const uint8_t *data = s + off + 2 * CELL;
			off += 2 * CELL + align4(plen);
			if (off > size || nameoff >= strings_size)
				return NULL;
			if (matched == depth && *want[depth] == 0 &&
			    strcmp(strings + nameoff, name) == 0) {
				*len = plen;
				return data;
			}
		} else if (token != FDT_NOP) {
			break; /* FDT_END, or garbage */
		}
	}
	return NULL;
}
