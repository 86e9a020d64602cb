#include "cache.h"
#include "errno.h"
#include "guest_mem.h"
#include "sysregs.h"
#include "vm.h"
#include "lib/string.h"

#define PAR_FAULT (1ull << 0)
#define PAR_LPAE (1ull << 11)
#define PAR_LPAE_PA_MASK 0x000000fffffff000ull
#define PAR_SHORT_PA_MASK 0xfffff000ull
#define PAGE_OFFSET_MASK (GUEST_PAGE_SIZE - 1)
#define GVA_LIMIT (1ull << 32)

/* Guest VA -> physical address, or -1; PAR belongs to the guest, so it
 * is put back afterwards. */
static int64_t translate(uint32_t gva, bool write)
{
	uint64_t saved_par = read_cp15_64(0, 7);
	if (write)
		write_cp15(0, 7, 8, 5, gva); /* ATS12NSOPW */
	else
		write_cp15(0, 7, 8, 4, gva); /* ATS12NSOPR */
	isb();
	uint64_t par = read_cp15_64(0, 7);
	write_cp15_64(0, 7, saved_par);
	if (par & PAR_FAULT)
		return -1;
	uint64_t pa = par & PAR_LPAE ? par & PAR_LPAE_PA_MASK : par & PAR_SHORT_PA_MASK;
	return (int64_t)(pa | (gva & PAGE_OFFSET_MASK));
}

int guest_range_ok(struct vcpu *vcpu, uint64_t gva, uint32_t len, bool write)
{
	(void)vcpu;
	if (gva + len > GVA_LIMIT || gva + len < gva)
		return -EFAULT;
	if (!len)
		return 0;
	uint64_t last = gva + len - 1;
	for (uint64_t page = gva & ~(uint64_t)PAGE_OFFSET_MASK; page <= last;
	     page += GUEST_PAGE_SIZE)
		if (translate((uint32_t)page, write) < 0)
			return -EFAULT;
	return 0;
}

/* Copies page by page; the range was checked first, so this cannot fail. */
static void copy_pages(uint64_t gva, uint8_t *buf, uint32_t len, bool to_guest)
{
	while (len) {
		uint32_t in_page = GUEST_PAGE_SIZE - (uint32_t)(gva & PAGE_OFFSET_MASK);
		uint32_t chunk = len < in_page ? len : in_page;
		uint8_t *ram = (uint8_t *)(uintptr_t)translate((uint32_t)gva, to_guest);
		/* The guest may run with caches off: meet it at the PoC. */
		dcache_clean_inval_range((uintptr_t)ram, chunk);
		if (to_guest)
			memcpy(ram, buf, chunk);
		else
			memcpy(buf, ram, chunk);
		dcache_clean_inval_range((uintptr_t)ram, chunk);
		gva += chunk;
		buf += chunk;
		len -= chunk;
	}
}

int copy_from_guest(struct vcpu *vcpu, void *dst, uint64_t gva, uint32_t len)
{
	if (guest_range_ok(vcpu, gva, len, false))
		return -EFAULT;
	copy_pages(gva, dst, len, false);
	return 0;
}

int copy_to_guest(struct vcpu *vcpu, uint64_t gva, const void *src, uint32_t len)
{
	if (guest_range_ok(vcpu, gva, len, true))
		return -EFAULT;
	copy_pages(gva, (uint8_t *)src, len, true);
	return 0;
}

uint8_t *vm_ram_at(struct vm *vm, uint64_t ipa, uint32_t len)
{
	if (ipa < vm->ram_ipa || ipa + len > (uint64_t)vm->ram_ipa + vm->ram_size)
		return 0;
	return vm->ram + (ipa - vm->ram_ipa);
}
