/* Physical memory for VMs and their tables: a bump allocator over the
 * board's RAM above the hypervisor image. Nothing is ever freed. */
#ifndef HYPV7_MEM_H
#define HYPV7_MEM_H
#include <stdint.h>
void mem_init(void);
/* Zeroed, `align`-aligned memory, or 0 when the board has no more. */
void *phys_alloc(uint32_t size, uint32_t align);
uint32_t phys_free_bytes(void);
#endif
