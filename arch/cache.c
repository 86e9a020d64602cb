/* Cache maintenance by set/way and by address, for boot and for guest memory. */
#include "arch/cache.h"
#include "arch/sysregs.h"

#define CLIDR_LOC_SHIFT 24
#define CLIDR_CTYPE_BITS 3
#define CTYPE_HAS_DCACHE 2 /* 2 = data only, 3 = separate, 4 = unified */
#define CCSIDR_LINE_MASK 0x7
#define CCSIDR_WAYS_SHIFT 3
#define CCSIDR_WAYS_MASK 0x3ff
#define CCSIDR_SETS_SHIFT 13
#define CCSIDR_SETS_MASK 0x7fff
#define CTR_DMINLINE_SHIFT 16
#define CTR_LINE_FIELD_MASK 0xf

static void invalidate_level(unsigned level)
{
	write_CSSELR(level << 1); /* the data cache at `level` */
	isb();
	uint32_t ccsidr = read_CCSIDR();
	unsigned line_shift = (ccsidr & CCSIDR_LINE_MASK) + 4;
	unsigned ways = ((ccsidr >> CCSIDR_WAYS_SHIFT) & CCSIDR_WAYS_MASK) + 1;
	unsigned sets = ((ccsidr >> CCSIDR_SETS_SHIFT) & CCSIDR_SETS_MASK) + 1;
	unsigned way_shift = ways > 1 ? (unsigned)__builtin_clz(ways - 1) : 0;
	for (unsigned way = 0; way < ways; way++)
		for (unsigned set = 0; set < sets; set++)
			write_DCISW((way << way_shift) | (set << line_shift) | (level << 1));
}

void dcache_invalidate_all(void)
{
	uint32_t clidr = read_CLIDR();
	unsigned loc = (clidr >> CLIDR_LOC_SHIFT) & 7;
	for (unsigned level = 0; level < loc; level++) {
		unsigned ctype = (clidr >> (level * CLIDR_CTYPE_BITS)) & 7;
		if (ctype >= CTYPE_HAS_DCACHE)
			invalidate_level(level);
	}
	dsb();
	isb();
}

static uint32_t dcache_line_bytes(void)
{
	static uint32_t line;
	if (!line)
		line = 4u << ((read_CTR() >> CTR_DMINLINE_SHIFT) & CTR_LINE_FIELD_MASK);
	return line;
}

void dcache_clean_inval_range(uintptr_t addr, uint32_t size)
{
	uint32_t line = dcache_line_bytes();
	uintptr_t end = addr + size;
	dsb();
	for (uintptr_t a = addr & ~(uintptr_t)(line - 1); a < end; a += line)
		write_DCCIMVAC(a);
	dsb();
}

void icache_invalidate_all(void)
{
	write_ICIALLU();
	dsb();
	isb();
}
