/*
 * Reaching a guest's memory by the addresses the guest uses: virtual
 * addresses translate through the guest's stage 1 and stage 2 (the CPU's
 * ATS12NSOPR/ATS12NSOPW), so a buffer that does not translate, or that is
 * not writable where hypv7 writes, fails before anything is copied.
 * The guest must be the loaded vCPU (its translation regime is live) and
 * must not run between guest_access_begin() and guest_access_end().
 */
#ifndef HYPV7_GUEST_MEM_H
#define HYPV7_GUEST_MEM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arm.h"
#include "arch/sysregs.h"

#define GUEST_XLATE_SLOTS 4

struct guest_xlate {
	uint32_t page;
	uint32_t pa_page;
	bool writable; /* translated for a write (so readable too) */
	bool coherent; /* the guest reaches it through the caches as Hyp does */
};

/* One hypercall's view of its caller's memory: translations are kept for
 * the call (one per page, however the call walks its buffers). */
struct guest_access {
	unsigned used, next;
	bool started;                   /* a translation was made: PAR must be put back */
	bool data_cache_on;             /* the caller's SCTLR.C: off means uncached access */
	uint64_t guest_par;             /* the caller's PAR, which translations overwrite */
	uint32_t ram_pa, ram_size;      /* the caller's RAM: the only place a pointer may land */
	const struct guest_xlate *last; /* the page used last: checked first */
	struct guest_xlate e[GUEST_XLATE_SLOTS];
};

/* Everything else is set up by the first translation: a call that never
 * reaches guest memory pays one store. */
static inline void guest_access_begin(struct guest_access *ga)
{
	ga->started = false;
}
void guest_access_restore_par(struct guest_access *ga);
/* Puts back the caller's PAR if a translation overwrote it. */
static inline void guest_access_end(struct guest_access *ga)
{
	if (ga->started)
		guest_access_restore_par(ga);
}

/* 0 or -EFAULT; on -EFAULT nothing was copied. */
int guest_copy_in(struct guest_access *ga, void *dst, uint64_t gva, uint32_t len);
int guest_copy_out(struct guest_access *ga, uint64_t gva, const void *src, uint32_t len);

#define GUEST_MEM_PAGE_MASK 0xfffu
#define GUEST_MEM_WORD_MASK 3u

/*
 * The hot case inline: one or two aligned words in the page the call used
 * last, which the guest reaches through the caches (a register value beside
 * the one before it). Returns where they are, or 0 for the general path.
 */
static inline uint32_t *guest_words_at(const struct guest_access *ga, uint64_t gva, uint32_t len,
				       bool write)
{
	const struct guest_xlate *x = ga->started ? ga->last : 0;
	uint32_t offset = (uint32_t)gva & GUEST_MEM_PAGE_MASK;
	if (!x || (gva >> 32) || ((uint32_t)gva & ~GUEST_MEM_PAGE_MASK) != x->page ||
	    !x->coherent || (write && !x->writable) || ((offset | len) & GUEST_MEM_WORD_MASK) ||
	    len > 2 * sizeof(uint32_t) || offset + len > GUEST_MEM_PAGE_MASK + 1)
		return 0;
	return (uint32_t *)(uintptr_t)(x->pa_page | offset);
}

static inline int copy_from_guest(struct guest_access *ga, void *dst, uint64_t gva, uint32_t len)
{
	const uint32_t *src = guest_words_at(ga, gva, len, false);
	if (!src || ((uintptr_t)dst & GUEST_MEM_WORD_MASK))
		return guest_copy_in(ga, dst, gva, len);
	for (uint32_t i = 0; i < len / sizeof(uint32_t); i++)
		((uint32_t *)dst)[i] = src[i];
	return 0;
}

static inline int copy_to_guest(struct guest_access *ga, uint64_t gva, const void *src,
				uint32_t len)
{
	uint32_t *dst = guest_words_at(ga, gva, len, true);
	if (!dst || ((uintptr_t)src & GUEST_MEM_WORD_MASK))
		return guest_copy_out(ga, gva, src, len);
	for (uint32_t i = 0; i < len / sizeof(uint32_t); i++)
		dst[i] = ((const uint32_t *)src)[i];
	return 0;
}
/*
 * The hot paths' view of a small buffer: where Hyp reaches the caller's
 * [gva, gva + len) when it lies in one page of the caller's RAM that both
 * sides reach through write-back caches (translated for a write when
 * `write`); NULL for anything else, which the general copy then decides.
 * The page becomes the one used last, so guest_words_at() finds its
 * neighbours.
 */
void *guest_small_window(struct guest_access *ga, uint64_t gva, uint32_t len, bool write);

/* PAR as ATS12NSOP* leave it (64-bit: LPAE or short format). */
#define PAR_FAULT (1ull << 0)
#define PAR_LPAE (1ull << 11)
#define PAR_LPAE_PA_MASK 0x000000fffffff000ull
#define PAR_SHORT_PA_MASK 0xfffff000ull
#define PAR_ATTR_SHIFT 56

/* MAIR-format attribute nibbles that are write-back: 0b01rw with rw != 0
 * (transient) and 0b11rw. */
#define WRITE_BACK_NIBBLES ((1u << 0x5) | (1u << 0x6) | (1u << 0x7) | (0xfu << 0xc))
#define NIBBLE_BITS 4
#define NIBBLE_MASK 0xfu

/* Both halves (outer, inner) of a PAR attribute byte write-back. */
static inline bool attr_write_back(uint8_t attr)
{
	return (WRITE_BACK_NIBBLES >> (attr >> NIBBLE_BITS)) &
	       (WRITE_BACK_NIBBLES >> (attr & NIBBLE_MASK)) & 1u;
}

/* Asks the MMU (the caller puts the guest's PAR back). */
static inline uint64_t guest_ats(uint32_t page, bool write)
{
	if (write)
		write_ATS12NSOPW(page);
	else
		write_ATS12NSOPR(page);
	isb();
	return read_PAR();
}

/*
 * The caller's page `page` through its stage 1 and stage 2, for a pointer
 * that must land in its RAM [ram_pa, ram_pa + ram_size). A page is first
 * asked for as writable, whatever this access needs: calls usually read
 * and write the same pages (a struct and the value beside it), and one
 * translation then serves both. Only a read of a read-only page takes a
 * second one. Overwrites PAR.
 */
static inline __attribute__((always_inline)) int guest_translate(uint32_t ram_pa, uint32_t ram_size,
								 uint32_t page, bool write,
								 struct guest_xlate *x)
{
	uint64_t par = guest_ats(page, true);
	x->writable = !(par & PAR_FAULT);
	if (!x->writable && !write)
		par = guest_ats(page, false);
	if (par & PAR_FAULT)
		return -1;
	bool lpae = par & PAR_LPAE;
	uint64_t pa = lpae ? par & PAR_LPAE_PA_MASK : par & PAR_SHORT_PA_MASK;
	/* Stage 2 maps devices too (the GICV page): a pointer is good only in
	 * the caller's RAM, or Hyp would copy to and from a device. */
	if ((pa >> 32) || (uint32_t)pa - ram_pa >= ram_size)
		return -1;
	x->page = page;
	x->pa_page = (uint32_t)pa;
	/* Short-format results carry no attributes: assume the worst. */
	x->coherent = lpae && attr_write_back((uint8_t)(par >> PAR_ATTR_SHIFT));
	return 0;
}

/*
 * Outside any call context, for a hot path that needs one page: where Hyp
 * reaches the caller's page `page` (page-aligned) when it is writable, in
 * the caller's RAM [ram_pa, ram_pa + ram_size) and reached through
 * write-back caches on both sides; NULL otherwise. One translation; the
 * caller's PAR is put back at once.
 */
static inline __attribute__((always_inline)) void *
guest_page_at_once(uint32_t ram_pa, uint32_t ram_size, uint32_t page)
{
	uint64_t guest_par = read_PAR(); /* PAR is the guest's */
	struct guest_xlate x;
	int err = guest_translate(ram_pa, ram_size, page, true, &x);
	write_PAR(guest_par);
	if (err || !x.writable || !x.coherent || !(read_SCTLR() & SCTLR_C))
		return NULL;
	return (void *)(uintptr_t)x.pa_page;
}

struct vm;
/* 0 if all of [gva, gva + len) translates (writable if `write`). */
int guest_range_ok(struct guest_access *ga, uint64_t gva, uint32_t len, bool write);

/* A VM's RAM by IPA: where Hyp sees it, or 0 if not all inside its RAM. */
uint8_t *vm_ram_at(struct vm *vm, uint64_t ipa, uint32_t len);
#endif
