/*
 * Copies between Hyp and a guest's virtual addresses (hypercall pointers),
 * translated through the guest's stage 1 and stage 2 with the MMU's own
 * ATS operations, so a pointer means what it means to the guest.
 */
#include "arch/cache.h"
#include "abi/errno.h"
#include "hyp/guest_mem.h"
#include "arch/sysregs.h"
#include "hyp/pcpu.h"
#include "hyp/vm.h"
#include "lib/string.h"

#define PAGE_OFFSET_MASK GUEST_MEM_PAGE_MASK
_Static_assert(GUEST_MEM_PAGE_MASK == GUEST_PAGE_SIZE - 1, "one page size for guests");
#define GVA_LIMIT (1ull << 32)

void guest_access_restore_par(struct guest_access *ga)
{
	write_PAR(ga->guest_par); /* PAR is the guest's */
}

/* The first translation of a call: what it must keep and know. */
static void start_translating(struct guest_access *ga)
{
	ga->started = true;
	ga->used = 0;
	ga->next = 0;
	ga->last = 0;
	ga->guest_par = read_PAR();
	const struct vm *vm = this_cpu()->current->vm; /* the caller is loaded */
	ga->ram_pa = (uint32_t)(uintptr_t)vm->ram;
	ga->ram_size = vm->ram_size;
	/* Hyp reads the Non-secure SCTLR: the caller's, which is loaded. */
	ga->data_cache_on = read_SCTLR() & SCTLR_C;
}

static const struct guest_xlate *lookup(struct guest_access *ga, uint32_t page, bool write)
{
	if (!ga->started)
		start_translating(ga);
	for (unsigned i = 0; i < ga->used; i++)
		if (ga->e[i].page == page && (ga->e[i].writable || !write))
			return &ga->e[i];
	struct guest_xlate x;
	if (guest_translate(ga->ram_pa, ga->ram_size, page, write, &x))
		return NULL;
	x.coherent = x.coherent && ga->data_cache_on;
	unsigned slot = ga->used < GUEST_XLATE_SLOTS ? ga->used++ : ga->next++ % GUEST_XLATE_SLOTS;
	ga->e[slot] = x;
	return &ga->e[slot];
}

void *guest_small_window(struct guest_access *ga, uint64_t gva, uint32_t len, bool write)
{
	uint32_t offset = (uint32_t)gva & PAGE_OFFSET_MASK;
	if ((gva >> 32) || offset + len > GUEST_PAGE_SIZE)
		return NULL;
	const struct guest_xlate *x = lookup(ga, (uint32_t)gva - offset, write);
	if (!x || !x->coherent)
		return NULL;
	ga->last = x;
	return (void *)(uintptr_t)(x->pa_page | offset);
}

/* [gva, gva + len) inside the 32-bit address space. */
static bool range_valid(uint64_t gva, uint32_t len)
{
	return gva < GVA_LIMIT && len <= GVA_LIMIT - gva;
}

static int check_pages(struct guest_access *ga, uint32_t gva, uint32_t len, bool write)
{
	uint32_t last = (gva + len - 1) & ~PAGE_OFFSET_MASK;
	for (uint32_t page = gva & ~PAGE_OFFSET_MASK;; page += GUEST_PAGE_SIZE) {
		if (!lookup(ga, page, write))
			return -EFAULT;
		if (page == last)
			return 0;
	}
}

int guest_range_ok(struct guest_access *ga, uint64_t gva, uint32_t len, bool write)
{
	if (!range_valid(gva, len))
		return -EFAULT;
	return len ? check_pages(ga, (uint32_t)gva, len, write) : 0;
}

/* One page's part of a copy; `x` translates the page. */
static void copy_chunk(const struct guest_xlate *x, uint32_t offset, uint8_t *buf, uint32_t len,
		       bool to_guest)
{
	uint8_t *ram = (uint8_t *)(uintptr_t)(x->pa_page + offset);
	/*
	 * A guest that reaches this memory uncached meets us at the PoC: no
	 * stale line may be read or merged into a write before, and no line
	 * may stay behind after, so both sides need the maintenance.
	 */
	if (!x->coherent)
		dcache_clean_inval_range((uintptr_t)ram, len);
	uint8_t *dst = to_guest ? ram : buf;
	const uint8_t *src = to_guest ? buf : ram;
	if (len == sizeof(uint32_t) && !((uintptr_t)dst & 3) && !((uintptr_t)src & 3))
		*(uint32_t *)dst = *(const uint32_t *)src; /* most registers */
	else
		memcpy(dst, src, len);
	if (!x->coherent)
		dcache_clean_inval_range((uintptr_t)ram, len);
}

/* Words, for the small aligned buffers registers and structs are. */
static void copy_words(uint32_t *dst, const uint32_t *src, uint32_t len)
{
	for (uint32_t i = 0; i < len / sizeof(uint32_t); i++)
		dst[i] = src[i];
}

#define SMALL_COPY_MAX 16u /* struct kvm_one_reg; a register is 4 or 8 */
#define WORD_MASK (sizeof(uint32_t) - 1)

/*
 * The common case, kept short: a buffer of a few words inside one page,
 * usually the page the call used last, in memory the guest reaches through
 * the caches. Returns false for anything else.
 */
static bool copy_small(struct guest_access *ga, uint32_t gva, uint8_t *buf, uint32_t len,
		       bool to_guest)
{
	uint32_t page = gva & ~PAGE_OFFSET_MASK;
	const struct guest_xlate *x = ga->started ? ga->last : 0;
	if (!x || x->page != page || (to_guest && !x->writable)) {
		x = lookup(ga, page, to_guest);
		if (!x)
			return false;
		ga->last = x;
	}
	if (!x->coherent || ((gva | (uintptr_t)buf | len) & WORD_MASK) || len > SMALL_COPY_MAX)
		copy_chunk(x, gva & PAGE_OFFSET_MASK, buf, len, to_guest);
	else if (to_guest)
		copy_words((uint32_t *)(uintptr_t)(x->pa_page | (gva & PAGE_OFFSET_MASK)),
			   (const uint32_t *)buf, len);
	else
		copy_words((uint32_t *)buf,
			   (const uint32_t *)(uintptr_t)(x->pa_page | (gva & PAGE_OFFSET_MASK)),
			   len);
	return true;
}

static int copy(struct guest_access *ga, uint64_t gva64, uint8_t *buf, uint32_t len, bool to_guest)
{
	uint32_t offset = (uint32_t)gva64 & PAGE_OFFSET_MASK;
	if (!(gva64 >> 32) && len && offset + len <= GUEST_PAGE_SIZE) /* one page */
		return copy_small(ga, (uint32_t)gva64, buf, len, to_guest) ? 0 : -EFAULT;
	if (!range_valid(gva64, len))
		return -EFAULT;
	if (!len)
		return 0;
	uint32_t gva = (uint32_t)gva64;
	if (check_pages(ga, gva, len, to_guest)) /* all or nothing */
		return -EFAULT;
	while (len) {
		uint32_t chunk = GUEST_PAGE_SIZE - offset < len ? GUEST_PAGE_SIZE - offset : len;
		copy_chunk(lookup(ga, gva - offset, to_guest), offset, buf, chunk, to_guest);
		gva += chunk;
		buf += chunk;
		len -= chunk;
		offset = 0;
	}
	return 0;
}

int guest_copy_in(struct guest_access *ga, void *dst, uint64_t gva, uint32_t len)
{
	return copy(ga, gva, dst, len, false);
}

int guest_copy_out(struct guest_access *ga, uint64_t gva, const void *src, uint32_t len)
{
	return copy(ga, gva, (uint8_t *)src, len, true);
}

uint8_t *vm_ram_at(struct vm *vm, uint64_t ipa, uint32_t len)
{
	if (ipa < vm->ram_ipa || ipa + len > (uint64_t)vm->ram_ipa + vm->ram_size)
		return 0;
	return vm->ram + (ipa - vm->ram_ipa);
}
