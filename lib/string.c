/* The few libc routines a freestanding hypervisor needs (GCC emits calls). */
#include "lib/string.h"

#include <stddef.h>
#include <stdint.h>

/* GCC must not turn these loops back into calls to themselves. */
#define NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#define BLOCK_BYTES (8 * sizeof(uint32_t))
#define WORD_ALIGNED(p) (((uintptr_t)(p) & (sizeof(uint32_t) - 1)) == 0)

NO_LIBCALLS void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (WORD_ALIGNED(d) && WORD_ALIGNED(s)) {
		/* Bulk: eight words per load-multiple/store-multiple pair. */
		for (; n >= BLOCK_BYTES; n -= BLOCK_BYTES)
			__asm__ volatile("ldmia %0!, {r3-r8, r10, ip}\n\t"
					 "stmia %1!, {r3-r8, r10, ip}"
					 : "+r"(s), "+r"(d)
					 :
					 : "r3", "r4", "r5", "r6", "r7", "r8", "r10", "ip",
					   "memory");
		for (; n >= 4 * sizeof(uint32_t); n -= 4 * sizeof(uint32_t)) {
			uint32_t a = ((const uint32_t *)s)[0], b = ((const uint32_t *)s)[1];
			uint32_t c = ((const uint32_t *)s)[2], e = ((const uint32_t *)s)[3];
			((uint32_t *)d)[0] = a;
			((uint32_t *)d)[1] = b;
			((uint32_t *)d)[2] = c;
			((uint32_t *)d)[3] = e;
			d += 4 * sizeof(uint32_t);
			s += 4 * sizeof(uint32_t);
		}
		for (; n >= sizeof(uint32_t); n -= sizeof(uint32_t)) {
			*(uint32_t *)d = *(const uint32_t *)s;
			d += sizeof(uint32_t);
			s += sizeof(uint32_t);
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALLS void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	if (WORD_ALIGNED(d)) {
		uint32_t word = (uint8_t)c * 0x01010101u;
		for (; n >= sizeof(uint32_t); n -= sizeof(uint32_t)) {
			*(uint32_t *)d = word;
			d += sizeof(uint32_t);
		}
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

NO_LIBCALLS void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}
