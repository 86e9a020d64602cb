/*
 * -EFAULT for bad pointers, with nothing changed: the control VM passes
 * buffers that do not translate (a hole it punches in its own stage-1 map;
 * addresses outside its RAM, which its stage 1 maps but stage 2 does not),
 * a read-only page as a destination, and buffers that start in a good page
 * and run into a bad one. After each, the destination and the register
 * must be as before.
 */
#include <stdint.h>
#include <string.h>

#include "ctl.h"
#include "hex64.h"
#include "tap.h"

#define WORKER_VM 1u
#define NR_TESTS 21
#define PAGE 4096u
#define FILL 0xa5u

/*
 * Another VM's memory cannot be named: a guest address goes through the
 * caller's own stage 2, so the nearest thing is the IPA just above our
 * own RAM (physically, the next VM's RAM may well sit there).  The
 * hypervisor lives outside every VM's IPA space; on qemu-virt it is at PA
 * 0x40000000, which for us is our own RAM, so "Hyp memory" is an IPA
 * outside RAM such as 0x80000000.
 */
#define HYP_ADDR 0x80000000u

#define ID_TPIDRURW ARM_CP15_REG32(0, 13, 0, 2)
#define ID_D0 (KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_VFP | 0)

enum { PG_GOOD, PG_HOLE, PG_GOOD2, PG_RO, NR_PAGES };
static uint8_t pages[NR_PAGES][PAGE] __attribute__((aligned(PAGE)));

static uint32_t handle;
static uint64_t orig_urw, orig_d0;

static uint32_t at(unsigned page, uint32_t offset)
{
	return (uint32_t)(uintptr_t)pages[page] + offset;
}

static int fill_ok(unsigned page, uint32_t offset, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (pages[page][offset + i] != FILL)
			return 0;
	return 1;
}

static int regs_unchanged(void)
{
	uint64_t urw = 0, d0 = 0;

	return !ctl_get(handle, ID_TPIDRURW, &urw) && !ctl_get(handle, ID_D0, &d0) &&
	       urw == orig_urw && d0 == orig_d0;
}

static int get_at(uint64_t id, uint32_t addr)
{
	struct kvm_one_reg r = { id, addr };

	return hv_get_one_reg(handle, &r);
}

static int set_from(uint64_t id, uint32_t addr)
{
	struct kvm_one_reg r = { id, addr };

	return hv_set_one_reg(handle, &r);
}

static void efault(int got, const char *what)
{
	if (!tap_ok(got == -LNX_EFAULT, "%s: -EFAULT", what))
		tap_diag("got %d", got);
}

static void test_get_destinations(const struct hv_vm_info *me)
{
	efault(get_at(ID_TPIDRURW, at(PG_HOLE, 0)), "GET into a hole in our stage-1 map");
	efault(get_at(ID_TPIDRURW, me->ram_base + me->ram_size),
	       "GET to the IPA just above our RAM");
	efault(get_at(ID_TPIDRURW, HYP_ADDR),
	       "GET to 0x80000000 (outside RAM; Hyp is not addressable)");
	efault(get_at(ID_TPIDRURW, at(PG_RO, 0)), "GET into a read-only page");
	tap_ok(fill_ok(PG_RO, 0, 8), "read-only page unchanged");
	efault(get_at(ID_D0, at(PG_GOOD, PAGE - 4)), "GET u64 across a good page into a hole");
	tap_ok(fill_ok(PG_GOOD, PAGE - 4, 4), "good half of the crossing buffer unchanged");
	efault(get_at(ID_D0, at(PG_GOOD2, PAGE - 4)),
	       "GET u64 across a good page into a read-only one");
	tap_ok(fill_ok(PG_GOOD2, PAGE - 4, 4) && fill_ok(PG_RO, 0, 4),
	       "both halves of that buffer unchanged");
	efault(hv_get_one_reg(handle, (const struct kvm_one_reg *)at(PG_HOLE, 16)),
	       "GET with the kvm_one_reg itself in a hole");
}

static void test_set_sources(void)
{
	efault(set_from(ID_TPIDRURW, at(PG_HOLE, 0)), "SET from a hole");
	efault(set_from(ID_D0, at(PG_GOOD, PAGE - 4)), "SET u64 across a good page into a hole");
	tap_ok(regs_unchanged(), "TPIDRURW and D0 unchanged after the failed SETs");
	tap_ok(set_from(ID_TPIDRURW, at(PG_RO, 0)) == 0 &&
		   !ctl_get(handle, ID_TPIDRURW, &orig_urw) && orig_urw == 0xa5a5a5a5u,
	       "SET from a read-only page is fine (it is only read)");
}

static void test_other_calls(void)
{
	struct kvm_reg_list *l = (struct kvm_reg_list *)at(PG_GOOD2, PAGE - 64);
	uint32_t failed;

	/* Room for 136 ids claimed, but only 7 fit before the read-only page. */
	l->n = 200;
	efault(hv_get_reg_list(handle, l), "GET_REG_LIST whose reg[] runs into a read-only page");
	tap_ok(l->n == 200 && fill_ok(PG_GOOD2, PAGE - 56, 56), "list header and ids unchanged");
	efault(hv_get_multi(handle, (const struct kvm_one_reg *)at(PG_HOLE, 0), 1, &failed),
	       "GET_MULTI with its array in a hole");
	efault(hv_preferred_target((struct kvm_vcpu_init *)at(PG_RO, 0)),
	       "PREFERRED_TARGET into a read-only page");
	efault(hv_vm_read_mem(WORKER_VM, MBOX_ADDR, (void *)at(PG_RO, 0), 16),
	       "VM_READ_MEM into a read-only page");
	tap_ok(fill_ok(PG_RO, 0, 32) && regs_unchanged(), "read-only page and registers unchanged");
}

int main(void)
{
	struct hv_vm_info me;

	tap_plan(NR_TESTS);
	handle = ctl_handle(WORKER_VM);
	memset(pages, FILL, sizeof(pages));
	int err = ctl_mbox_wait_ready(WORKER_VM);
	err = err ? err : ctl_pause(handle);
	err = err ? err : hv_vm_info(0, &me);
	err = err ? err : ctl_get(handle, ID_TPIDRURW, &orig_urw);
	err = err ? err : ctl_get(handle, ID_D0, &orig_d0);
	err = err ? err : guest_mmu_set_page(at(PG_HOLE, 0), GUEST_PAGE_NONE);
	err = err ? err : guest_mmu_set_page(at(PG_RO, 0), GUEST_PAGE_RO);
	if (!tap_ok(err == 0, "worker paused, a hole and a read-only page made (%d)", err))
		return tap_done();
	test_get_destinations(&me);
	test_set_sources();
	test_other_calls();
	return tap_done();
}
