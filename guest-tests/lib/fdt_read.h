/*
 * A minimal reader of a flattened device tree, for guests that check the
 * tree hypv7 hands them in r2: the header, a node by its full path, a
 * property of that node. It trusts nothing: every offset is checked against
 * the header's sizes. (The hypervisor's writer, lib/fdt.c, is another
 * layer's; guests see only public headers, so the format's few numbers are
 * named here again.)
 */
#ifndef GUEST_FDT_READ_H
#define GUEST_FDT_READ_H

#include <stdint.h>

#define FDT_READ_MAGIC 0xd00dfeedu
#define FDT_READ_HEADER_SIZE 40u
/* The largest tree Linux takes, and so the largest a guest expects. */
#define FDT_READ_MAX_SIZE (1024u * 1024u)

/* Where hypv7 puts a VM's tree (README, the guest contract; the test's own
 * statement of hyp/vm_dtb.h): the start of the last 2 MiB of the RAM's
 * first 512 MiB, or the middle of a VM of less than 4 MiB. */
uint32_t fdt_documented_ipa(uint32_t ram_ipa, uint32_t ram_size);

/* A big-endian 32-bit value, as every FDT field is stored. */
uint32_t fdt_be32(const void *p);

/* 0 if `fdt` starts a tree whose header is consistent (magic, totalsize
 * between the header's size and FDT_READ_MAX_SIZE, blocks inside it). */
int fdt_check_header(const void *fdt);

/* The property `name` of the node at `path` ("/chosen", "/cpus/cpu@0");
 * its bytes and *len, or NULL if either is missing. */
const void *fdt_get_prop(const void *fdt, const char *path, const char *name, uint32_t *len);

#endif
