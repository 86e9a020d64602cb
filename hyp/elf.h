/*
 * Loading a VM's ELF image into its RAM by the program headers.
 * Pure logic (no hardware), unit-tested on the host.
 */
#ifndef HYPV7_ELF_H
#define HYPV7_ELF_H
#include <stddef.h>
#include <stdint.h>

struct elf_target {
	uint32_t ram_base; /* IPA of the first RAM byte */
	uint32_t ram_size;
	uint8_t *ram; /* where the hypervisor sees that byte */
};

/*
 * Checks `image` (a 32-bit little-endian ARM executable), copies every
 * PT_LOAD segment to its physical address inside the target's RAM and
 * zeroes the rest of each segment. Returns 0 and the entry point, or -1
 * with *error saying why; on error nothing has been written.
 */
int elf_load(const uint8_t *image, size_t size, const struct elf_target *t, uint32_t *entry,
	     const char **error);
#endif
