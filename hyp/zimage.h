/*
 * Linux zImages as VM kernels: reading the header an ARM zImage carries,
 * and where its parts go in the VM's RAM under Linux's boot protocol
 * (Documentation/arch/arm/booting.rst). Pure logic (no hardware),
 * unit-tested on the host.
 */
#ifndef HYPV7_ZIMAGE_H
#define HYPV7_ZIMAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the header says. */
struct zimage_info {
	uint32_t load_addr;   /* 0: position independent (every multiplatform kernel) */
	uint32_t size;        /* bytes the image occupies (end - start) */
	uint32_t unpacked;    /* the decompressed kernel, bss included; 0 if unknown */
	uint32_t text_offset; /* where from the start of RAM it decompresses to */
};

/* Whether `image` starts like a zImage (its magic at offset 0x24). */
bool zimage_recognised(const uint8_t *image, size_t size);

/* Reads the header. 0, or -1 with *error saying why the image is not a
 * little-endian zImage hypv7 can boot. */
int zimage_parse(const uint8_t *image, size_t size, struct zimage_info *info, const char **error);

/* Where a Linux VM's parts go, as offsets into its RAM. */
struct linux_layout {
	uint32_t kernel;     /* the zImage, entered at its first byte */
	uint32_t initrd;     /* the initrd's first byte, when there is one */
	uint32_t initrd_end; /* its end (exclusive), = initrd when none */
};

/*
 * Places a zImage and an initrd of `initrd_size` bytes (0: none) in RAM of
 * `ram_size` bytes whose device tree region starts at `dtb_offset` (the
 * tree's placement is hyp/vm_dtb.h's, the same for every guest): the
 * kernel where it decompresses without first moving itself, the initrd
 * just below the tree. 0, or -1 with *error saying what does not fit.
 */
int linux_layout_plan(const struct zimage_info *zi, uint32_t ram_size, uint32_t dtb_offset,
		      uint32_t initrd_size, struct linux_layout *out, const char **error);

#endif
