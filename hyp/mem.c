/* Physical memory for VMs and tables: a bump allocator above the image. */
#include "hyp/mem.h"
#include "platform/platform.h"
#include "lib/string.h"

extern uint8_t __image_end[];
static uint64_t next_free;

void mem_init(void)
{
	next_free = (uintptr_t)__image_end;
}

void *phys_alloc(uint32_t size, uint32_t align)
{
	uint64_t start = (next_free + align - 1) & ~(uint64_t)(align - 1);
	uint64_t ram_end = (uint64_t)board.ram.base + board.ram.size;
	if (start + size > ram_end || start + size < start)
		return 0;
	next_free = start + size;
	void *p = (void *)(uintptr_t)start;
	memset(p, 0, size);
	return p;
}

uint32_t phys_free_bytes(void)
{
	return (uint32_t)((uint64_t)board.ram.base + board.ram.size - next_free);
}
