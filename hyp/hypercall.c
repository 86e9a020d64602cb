/*
 * The KVM register ABI over hypercalls. Each call checks in KVM's order:
 * who may act on the target (-EACCES), that it exists (-ENOENT), that it
 * was initialised where KVM needs that (-ENOEXEC), that it is not running
 * (-EBUSY), then reads the caller's structures (-EFAULT) and applies
 * abi/kvm_abi.c's rules. Nothing changes unless the call succeeds.
 */
#include <stddef.h>

#include "arch/cache.h"
#include "abi/errno.h"
#include "hyp/guest_mem.h"
#include "hyp/hypercall.h"
#include "hyp/pcpu.h"
#include <hypv7/id_index.h>
#include <hypv7/reg_table.h>
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "hyp/smccc.h"
#include "hyp/switch.h"
#include "hyp/vgic_attr.h"
#include "arch/sysregs.h"
#include "hyp/vm.h"
#include "hyp/vtimer.h"
#include "lib/string.h"

#include <hypv7/hypercalls.h>

#define REG_VALUE_MAX 8 /* the largest register the ABI has: u64 */
#define MAX_LISTED_REGS ABI_MAX_LISTED_REGS

/*
 * One call: its arguments and results are the caller's saved registers
 * (args[0..3] = r1..r4, result[1..3] = r1..r3, the same words), so a
 * handler reads every argument it needs before it writes a result.
 */
struct call {
	struct vcpu *caller;
	const uint32_t *args;
	uint32_t *result;
	struct guest_access mem; /* its view of the caller's memory */
};

static int hcall_CHECK_EXTENSION(struct call *c)
{
	switch (c->args[0]) {
	case KVM_CAP_ONE_REG:
	case KVM_CAP_ARM_PSCI:
	case KVM_CAP_ARM_PSCI_0_2:
	case KVM_CAP_DEVICE_CTRL: return 1;
	case KVM_CAP_NR_VCPUS: return (int)nr_cpus_up; /* KVM: the CPUs online */
	case KVM_CAP_MAX_VCPUS: return MAX_VCPUS_PER_VM;
	}
	return 0;
}

static int hcall_SELF(struct call *c)
{
	c->result[1] = HYPV7_HANDLE(c->caller->vm->id, c->caller->index);
	return 0;
}

/* The access rule of every call that names a VM: only the control VM may
 * name another one (and learns nothing, not even whether it exists). */
static bool may_name_vm(const struct vcpu *caller, uint32_t vm_id)
{
	return caller->vm->id == HYPV7_CONTROL_VM || vm_id == caller->vm->id;
}

static int hcall_VM_INFO(struct call *c)
{
	if (!may_name_vm(c->caller, c->args[0]))
		return -EACCES;
	struct vm *vm = vm_by_id(c->args[0]);
	if (!vm)
		return -ENOENT;
	c->result[1] = vm->nr_vcpus;
	c->result[2] = vm->ram_ipa;
	c->result[3] = vm->ram_size;
	return 0;
}

/* The target of a vCPU call, after the access rules. */
static int target_vcpu(struct call *c, struct vcpu **out)
{
	uint32_t handle = c->args[0];
	unsigned vm_id = HYPV7_HANDLE_VM(handle);
	if (!may_name_vm(c->caller, vm_id))
		return -EACCES;
	struct vm *vm = vm_by_id(vm_id);
	if (!vm || HYPV7_HANDLE_VCPU(handle) >= vm->nr_vcpus)
		return -ENOENT;
	*out = &vm->vcpus[HYPV7_HANDLE_VCPU(handle)];
	return 0;
}

static bool is_stopped(const struct vcpu *v)
{
	return v->state != VCPU_RUNNABLE;
}

/* A stopped vCPU of this CPU whose VFP state is not in the CPU: its bank is
 * the whole truth already. */
static inline bool bank_whole_here(const struct vcpu *v)
{
	struct pcpu *cpu = this_cpu();
	return v->home == cpu && cpu->vfp_owner != v;
}

/* Target for calls that read or write its registers. */
static int stopped_target(struct call *c, bool needs_init, struct vcpu **out)
{
	int err = target_vcpu(c, out);
	if (err)
		return err;
	if (needs_init && !abi_vcpu_initialised(&(*out)->abi))
		return -ENOEXEC;
	if (!is_stopped(*out))
		return -EBUSY;
	/* The bank becomes the whole truth (its CPU puts it, and its VFP
	 * state); another vCPU of the control VM may resume it meanwhile.
	 * Usually it is already: a stopped vCPU of this CPU whose VFP state
	 * is not in the CPU. */
	if (bank_whole_here(*out))
		return 0;
	smp_sync_vcpu(*out);
	return is_stopped(*out) ? 0 : -EBUSY;
}

static int read_one_reg(struct call *c, uint64_t gva, struct kvm_one_reg *reg)
{
	return copy_from_guest(&c->mem, reg, gva, sizeof(*reg));
}

/*
 * The register list, worked out once at boot: every VM runs on the same CPU
 * type, so it is the same for all vCPUs. Beside each id, an accessor: where
 * its value lives in the bank when it is plain storage (in_bank), whether a
 * SET only stores it there (set_plain, after the bits this CPU fixes), or
 * the host's value when it is the CPU's own (is_host: a GET reads it, a SET
 * must repeat it); the timer and firmware registers have none (the ABI's
 * code does them). And an index from id to position: ONE_REG finds a
 * register in one probe, GET/SET_MULTI of the list in its own order
 * compare one id per entry.
 */
/* How a position's value moves (hypercall_init works it out once). */
enum reg_access {
	REG_BY_ABI,   /* timer, firmware, views: the ABI's code */
	REG_HOST,     /* the host's value: a SET must repeat it */
	REG_VCOUNT,   /* TIMER_CNT: the VM's virtual counter */
	REG_BANK,     /* storage; a SET stores once the fixed bits agree */
	REG_BANK_GET, /* storage for a GET; a SET has its own rules (CPSR) */
};

/* One word per position, read in one load on the MULTI paths. */
struct reg_accessor {
	uint16_t offset; /* in struct vcpu_bank, for REG_BANK and REG_BANK_GET */
	uint8_t size;    /* KVM_REG_SIZE of the id */
	uint8_t access;  /* enum reg_access */
} __attribute__((aligned(4)));

/* A list position as the hot paths read it: the id beside its accessor
 * and what a plain value is checked against, in one 32-byte line (the
 * list's own ids stay contiguous for GET_REG_LIST). */
struct reg_position {
	uint64_t id;
	struct reg_accessor at;
	union {
		struct fixed_bits64 fixed; /* REG_BANK: the bits a SET must keep */
		uint64_t host;             /* REG_HOST: the value */
	};
};

_Static_assert(MAX_LISTED_REGS <= ID_INDEX_MAX_IDS, "the id index holds the whole list");

static struct {
	uint32_t total;
	uint64_t ids[MAX_LISTED_REGS];
	struct reg_position pos[MAX_LISTED_REGS];
	struct abi_reg_ref ref[MAX_LISTED_REGS]; /* the ABI's lookup, for REG_BY_ABI and SETs */
	struct id_index by_id;                   /* id -> list position, one probe */
} reg_list;

/* The list position of `id`, or -1. */
static inline int reg_position(uint64_t id)
{
	return id_index_find(&reg_list.by_id, &reg_list.pos[0].id, sizeof(reg_list.pos[0]), id);
}

void hypercall_init(void)
{
	struct vcpu_bank bank;
	struct abi_vm vm = { .ids = &host_ids, .nr_vcpus = 1 };
	struct abi_vcpu v;
	abi_reg_table_init();
	abi_vcpu_create(&v, &bank, &vm, 0);
	unsigned total = abi_num_regs(&v);
	abi_copy_reg_list(&v, reg_list.ids);
	for (unsigned i = 0; i < total; i++) {
		uint64_t id = reg_list.ids[i];
		size_t offset = 0, set_offset = 0;
		reg_list.pos[i].id = id;
		reg_list.pos[i].at.size = (uint8_t)KVM_REG_SIZE(id);
		abi_reg_resolve(&v, id, &reg_list.ref[i]); /* listed: it resolves */
		bool in_bank = abi_reg_storage(&v, id, &offset) > 0;
		reg_list.pos[i].at.offset = (uint16_t)offset;
		struct fixed_bits64 fixed;
		uint64_t host;
		bool set_plain = in_bank && abi_reg_plain_set(&v, id, &set_offset, &fixed) > 0 &&
				 set_offset == offset;
		bool is_host = abi_reg_host_value(&v, id, &host) > 0;
		if (is_host)
			reg_list.pos[i].host = host;
		else if (set_plain)
			reg_list.pos[i].fixed = fixed;
		reg_list.pos[i].at.access = is_host                       ? REG_HOST
					    : id == KVM_REG_ARM_TIMER_CNT ? REG_VCOUNT
					    : set_plain                   ? REG_BANK
					    : in_bank                     ? REG_BANK_GET
									  : REG_BY_ABI;
	}
	id_index_build(&reg_list.by_id, &reg_list.pos[0].id, sizeof(reg_list.pos[0]), total);
	reg_list.total = total;
}

/* One or two words between a register's place in the bank and the caller. */
static inline void copy_reg_words(uint32_t *dst, const uint32_t *src, unsigned size)
{
	dst[0] = src[0];
	if (size > sizeof(uint32_t))
		dst[1] = src[1];
}

static inline unsigned list_index(const struct reg_position *p)
{
	return (unsigned)(p - reg_list.pos);
}

/* A SET value against the bits this CPU fixes for list position p. */
static inline bool fits_fixed(const struct reg_position *p, const uint32_t *value)
{
	uint64_t x = value[0];
	if (p->at.size > sizeof(uint32_t))
		x |= (uint64_t)value[1] << 32;
	return (x & p->fixed.mask) == p->fixed.value;
}

/* The host's value of list position p (a REG_HOST). */
static inline const uint32_t *host_value(const struct reg_position *p)
{
	return (const uint32_t *)&p->host;
}

/* A SET of a host register: accepted (nothing to store) when it repeats the
 * host's value. */
static inline bool repeats_host(const struct reg_position *p, const uint32_t *value)
{
	const uint32_t *host = host_value(p);
	return value[0] == host[0] && (p->at.size == sizeof(uint32_t) || value[1] == host[1]);
}

/*
 * GET or SET of list position i between the vCPU and `value`, the caller's
 * buffer as Hyp reaches it, by the position's accessor: plain storage in
 * the bank (for a SET, once the value agrees with the fixed bits) or the
 * host's value. False for everything else (and a SET the rules refuse),
 * which the general path then does.
 */
static inline __attribute__((always_inline)) bool
plain_transfer(struct vcpu *v, const struct reg_position *p, uint32_t *value, bool set)
{
	struct reg_accessor a = p->at;
	uint32_t *bank = (uint32_t *)((uint8_t *)&v->bank + a.offset);
	unsigned size = a.size;
	if (!set && a.access >= REG_BANK) { /* the most common case first */
		copy_reg_words(value, bank, size);
		return true;
	}
	switch (a.access) {
	case REG_BANK:
		if (!set)
			copy_reg_words(value, bank, size);
		else if (fits_fixed(p, value))
			copy_reg_words(bank, value, size);
		else
			return false;
		return true;
	case REG_BANK_GET:
		if (set)
			return false;
		copy_reg_words(value, bank, size);
		return true;
	case REG_HOST:
		if (set)
			return repeats_host(p, value);
		copy_reg_words(value, host_value(p), size);
		return true;
	case REG_VCOUNT:
		if (set) {
			abi_set_virtual_count(&v->vm->abi, value[0] | (uint64_t)value[1] << 32);
		} else {
			uint64_t count = abi_virtual_count(&v->vm->abi);
			value[0] = (uint32_t)count;
			value[1] = (uint32_t)(count >> 32);
		}
		return true;
	default: return false;
	}
}

#define NOT_IN_ARRAY UINT32_MAX /* a ONE_REG call: no array position */

/* GET of the register at position `index` of a caller's array: when that is
 * the register's place in the list too (a snapshot asks in list order) and
 * its value is plain storage, it is read straight from the bank. */
static int get_reg_to_guest(struct call *c, struct vcpu *v, const struct kvm_one_reg *reg,
			    uint32_t index)
{
	if (index < reg_list.total && reg_list.ids[index] == reg->id &&
	    reg_list.pos[index].at.access >= REG_BANK)
		return copy_to_guest(&c->mem, reg->addr,
				     (const uint8_t *)&v->bank + reg_list.pos[index].at.offset,
				     reg_list.pos[index].at.size);
	uint8_t value[REG_VALUE_MAX];
	int size = abi_get_reg_sized(&v->abi, reg->id, value);
	if (size < 0)
		return size;
	return copy_to_guest(&c->mem, reg->addr, value, (uint32_t)size);
}

/* SET validates every value, whatever its position (`index` is unused). */
static int set_reg_from_guest(struct call *c, struct vcpu *v, const struct kvm_one_reg *reg,
			      uint32_t index)
{
	(void)index;
	struct abi_reg_ref ref;
	int size = abi_reg_resolve(&v->abi, reg->id, &ref);
	if (size < 0)
		return size;
	uint8_t value[REG_VALUE_MAX];
	int err = copy_from_guest(&c->mem, value, reg->addr, (uint32_t)size);
	if (err)
		return err;
	return abi_set_reg_ref(&v->abi, &ref, value);
}

/* A register the list has that is not plain storage (timer, invariants,
 * firmware, CPSR, a fixed bit set wrong): the ABI's rules, in place. */
static int abi_transfer(struct vcpu *v, unsigned i, uint32_t *value, bool set)
{
	if (set)
		return abi_set_reg_ref(&v->abi, &reg_list.ref[i], value);
	abi_get_reg_ref(&v->abi, &reg_list.ref[i], value);
	return 0;
}

/* The vCPU `handle` names when the caller may reach its bank in place
 * now: a VM it may name, a vCPU initialised, stopped, of this CPU, with
 * its VFP state not in the CPU. NULL otherwise (the general path decides). */
static inline struct vcpu *bank_in_place(const struct vcpu *caller, uint32_t handle)
{
	unsigned vm_id = HYPV7_HANDLE_VM(handle), index = HYPV7_HANDLE_VCPU(handle);
	struct vm *vm = vm_by_id(vm_id);
	if (!vm || !may_name_vm(caller, vm_id) || index >= vm->nr_vcpus)
		return NULL;
	struct vcpu *v = &vm->vcpus[index];
	if (!abi_vcpu_initialised(&v->abi) || !is_stopped(v) || !bank_whole_here(v))
		return NULL;
	return v;
}

/*
 * GET/SET_ONE_REG as a control VM makes them over and over, answered at
 * once from the vector without the call context (hyp/vectors.S): a target
 * whose bank is reachable in place (bank_in_place), the struct and the
 * value in one page of the caller's RAM (writable, reached through
 * write-back caches on both sides), a register of the list. One
 * translation, the id by the index, the value by its position's accessor;
 * the answer (r0) is the general path's. False, with nothing changed, for
 * anything else, and while the caller's timer line is raised (handle_hvc
 * looks at the timer again): the general path answers then.
 */
bool one_reg_at_once(struct vcpu *caller, bool set)
{
	uint32_t *regs = (uint32_t *)caller->bank.core.usr_regs.uregs; /* r1 handle, r2 struct */
	uint32_t gva = regs[2], offset = gva & GUEST_MEM_PAGE_MASK;
	if (vtimer_line_raised(caller) || (offset & GUEST_MEM_WORD_MASK) ||
	    offset > GUEST_PAGE_SIZE - sizeof(struct kvm_one_reg))
		return false;
	/* The translation first: it needs most registers, and little is
	 * live across it. */
	const struct vm *own = caller->vm;
	uint8_t *page =
	    guest_page_at_once((uint32_t)(uintptr_t)own->ram, own->ram_size, gva - offset);
	if (!page)
		return false;
	const uint32_t *s = (const uint32_t *)(page + offset); /* each word read once */
	uint32_t addr = s[2], value_offset = addr & GUEST_MEM_PAGE_MASK;
	if (s[3] || ((addr ^ gva) & ~GUEST_MEM_PAGE_MASK) || (addr & GUEST_MEM_WORD_MASK))
		return false; /* the value elsewhere, or unaligned */
	struct vcpu *v = bank_in_place(caller, regs[1]);
	if (!v)
		return false;
	int i = reg_position(s[0] | (uint64_t)s[1] << 32);
	if (i < 0 || value_offset + reg_list.pos[i].at.size > GUEST_PAGE_SIZE)
		return false;
	uint32_t *value = (uint32_t *)(page + value_offset);
	const struct reg_position *p = &reg_list.pos[i];
	/* Each direction its own inline copy: `set` is then no test inside. */
	bool plain = set ? plain_transfer(v, p, value, true) : plain_transfer(v, p, value, false);
	regs[0] = plain ? 0 : (uint32_t)abi_transfer(v, (unsigned)i, value, set);
	return true;
}

static int one_reg(struct call *c, bool set)
{
	struct vcpu *v;
	struct kvm_one_reg reg;
	int err = stopped_target(c, true, &v);
	if (err)
		return err;
	err = read_one_reg(c, c->args[1], &reg);
	if (err)
		return err;
	return set ? set_reg_from_guest(c, v, &reg, NOT_IN_ARRAY)
		   : get_reg_to_guest(c, v, &reg, NOT_IN_ARRAY);
}

static int hcall_GET_ONE_REG(struct call *c)
{
	return one_reg(c, false);
}

static int hcall_SET_ONE_REG(struct call *c)
{
	return one_reg(c, true);
}

static int hcall_GET_REG_LIST(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	if (!abi_vcpu_initialised(&v->abi))
		return -ENOEXEC;
	uint32_t list = c->args[1];
	uint64_t n;
	if (copy_from_guest(&c->mem, &n, list, sizeof(n)))
		return -EFAULT;
	uint64_t total = reg_list.total;
	bool fits = n >= total;
	uint32_t bytes = sizeof(n) + (fits ? (uint32_t)total * sizeof(reg_list.ids[0]) : 0);
	/* Check the whole destination first: -EFAULT must change nothing. */
	if (guest_range_ok(&c->mem, list, bytes, true))
		return -EFAULT;
	copy_to_guest(&c->mem, list, &total, sizeof(total));
	if (!fits)
		return -E2BIG;
	copy_to_guest(&c->mem, list + sizeof(n), reg_list.ids,
		      (uint32_t)total * sizeof(reg_list.ids[0]));
	return 0;
}

typedef int reg_transfer(struct call *c, struct vcpu *v, const struct kvm_one_reg *reg,
			 uint32_t index);

/* A page of the caller's memory as Hyp reaches it (guest_small_window),
 * for one direction; `page` is odd while there is none. */
struct window {
	uint32_t page;
	uint8_t *host;
	bool write;
};
#define NO_WINDOW 1u

/* Where Hyp reaches [gva, gva + len) through the window, moved to gva's
 * page when it is elsewhere; NULL when the general path must do it. */
static inline void *window_at(struct call *c, struct window *w, uint64_t gva, uint32_t len)
{
	uint32_t offset = (uint32_t)gva & GUEST_MEM_PAGE_MASK;
	if ((gva >> 32) || (offset & GUEST_MEM_WORD_MASK) || offset + len > GUEST_PAGE_SIZE)
		return NULL;
	if ((uint32_t)gva - offset == w->page)
		return w->host + offset;
	uint8_t *at = guest_small_window(&c->mem, gva, len, w->write);
	if (at) {
		w->page = (uint32_t)gva - offset;
		w->host = at - offset;
	}
	return at;
}

/* One entry the general way: read it, then GET or SET it. */
static int entry_the_general_way(struct call *c, struct vcpu *v, uint64_t at, uint32_t index,
				 reg_transfer *transfer)
{
	struct kvm_one_reg reg;
	int err = read_one_reg(c, at, &reg);
	return err ? err : transfer(c, v, &reg, index);
}

#define MULTI_CHUNK 16u /* entries read in one copy on the general path */

/* Entries [i, i + n) the general way, read in one copy; a chunk that does
 * not translate whole is read entry by entry, so the entries before a bad
 * one are still done. */
static int chunk_the_general_way(struct call *c, struct vcpu *v, uint64_t at, uint32_t i,
				 uint32_t n, reg_transfer *transfer)
{
	struct kvm_one_reg chunk[MULTI_CHUNK];
	bool whole = !copy_from_guest(&c->mem, chunk, at, n * (uint32_t)sizeof(chunk[0]));
	for (uint32_t k = 0; k < n; k++) {
		c->result[1] = i + k;
		int err =
		    whole ? transfer(c, v, &chunk[k], i + k)
			  : entry_the_general_way(c, v, at + k * sizeof(chunk[0]), i + k, transfer);
		if (err)
			return err;
	}
	return 0;
}

#define ENTRY_SIZE ((uint32_t)sizeof(struct kvm_one_reg))
#define ENTRY_WORDS (ENTRY_SIZE / sizeof(uint32_t))

/* Where Hyp reaches the value of entry `e` (list position i), when the
 * entry names the register of that position; NULL otherwise. */
static inline uint32_t *value_in_place(struct call *c, struct window *values, const uint32_t *e,
				       uint32_t i)
{
	if (e[0] != (uint32_t)reg_list.ids[i] || e[1] != (uint32_t)(reg_list.ids[i] >> 32))
		return NULL;
	return window_at(c, values, e[2] | (uint64_t)e[3] << 32, reg_list.pos[i].at.size);
}

/* Where in the window's page a value's last word is: a value at addr of
 * `size` (4 or 8) is aligned and ends inside the page exactly when this is
 * an aligned offset in the page (a value below the page wraps to huge).
 * `last_word_base` is the page plus one word. */
#define VALUE_OUTSIDE_WINDOW (~(GUEST_MEM_PAGE_MASK & ~GUEST_MEM_WORD_MASK))
static inline uint32_t last_word_offset(uint32_t addr, unsigned size, uint32_t last_word_base)
{
	return addr + size - last_word_base;
}

/* Entries [i, end), which lie in one page of the caller's array (`e` is
 * entry i as Hyp reaches it), done in place while each names the register
 * of its position and its value is in the caller's RAM as Hyp reaches it
 * (a SET also while its value is plain storage); returns the first index
 * not done. */
static inline __attribute__((always_inline)) uint32_t plain_run(struct call *c, struct vcpu *v,
								const uint32_t *e, uint32_t i,
								uint32_t end, struct window *values,
								bool set)
{
	if (values->page == NO_WINDOW && !window_at(c, values, e[2], sizeof(uint32_t)))
		return i;
	/* The values window in locals: the copies below could alias it. */
	uint32_t base = values->page + sizeof(uint32_t);          /* last_word_offset's */
	uintptr_t delta = (uintptr_t)values->host - values->page; /* caller's address -> Hyp's */
	const struct reg_position *p = &reg_list.pos[i], *stop = &reg_list.pos[end];
	for (; p < stop; p++, e += ENTRY_WORDS) {
		/* The entry's four words (id, addr) read once, tested at once. */
		uint32_t id_lo = e[0], id_hi = e[1], addr = e[2], addr_hi = e[3];
		if ((id_lo ^ (uint32_t)p->id) | (id_hi ^ (uint32_t)(p->id >> 32)) | addr_hi)
			break;
		unsigned size = p->at.size;
		if (last_word_offset(addr, size, base) & VALUE_OUTSIDE_WINDOW) {
			uint32_t *at = window_at(c, values, addr, size);
			if (!at)
				break;
			base = values->page + sizeof(uint32_t);
			delta = (uintptr_t)at - addr;
		}
		uint32_t *value = (uint32_t *)(addr + delta);
		if (plain_transfer(v, p, value, set))
			continue;
		if (set) /* the rules may refuse it: the caller reports where */
			break;
		/* The timer and firmware registers: the ABI's code, in place. */
		abi_get_reg_ref(&v->abi, &reg_list.ref[list_index(p)], value);
	}
	return list_index(p);
}

/* plain_run for each direction, out of line: the loop gets the registers
 * to itself (inside the MULTI handler it was spilling). */
static __attribute__((noinline)) uint32_t plain_get_run(struct call *c, struct vcpu *v,
							const uint32_t *e, uint32_t i, uint32_t end,
							struct window *values)
{
	return plain_run(c, v, e, i, end, values, false);
}

static __attribute__((noinline)) uint32_t plain_set_run(struct call *c, struct vcpu *v,
							const uint32_t *e, uint32_t i, uint32_t end,
							struct window *values)
{
	return plain_run(c, v, e, i, end, values, true);
}

/*
 * GET or SET of every entry of the caller's kvm_one_reg[]; stops at the
 * first failure, whose index goes to r1. An entry naming the register of
 * its own list position (a snapshot asks in list order) is done in place:
 * the entries read where they lie, page by page, each value moved between
 * the vCPU and the caller's page by its position's accessor, each page
 * translated once. Anything else takes the general path, entry by entry,
 * so the entries before a bad one are still done, as the ABI says.
 */
static inline __attribute__((always_inline)) int for_each_entry(struct call *c, struct vcpu *v,
								bool set)
{
	uint32_t array = c->args[1], count = c->args[2];
	c->result[1] = 0;
	if (count > HYPV7_MULTI_MAX)
		return -EINVAL;
	reg_transfer *transfer = set ? set_reg_from_guest : get_reg_to_guest;
	struct window entries = { NO_WINDOW, NULL, false }, values = { NO_WINDOW, NULL, !set };
	uint32_t listed = count < reg_list.total ? count : reg_list.total;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t at = array + (uint64_t)i * ENTRY_SIZE;
		const uint32_t *e = window_at(c, &entries, at, ENTRY_SIZE);
		if (!e) { /* e.g. a caller with its caches off: a chunk by copies */
			uint32_t n = count - i < MULTI_CHUNK ? count - i : MULTI_CHUNK;
			int err = chunk_the_general_way(c, v, at, i, n, transfer);
			if (err)
				return err;
			i += n - 1;
			continue;
		}
		uint32_t *value = NULL;
		if (i < listed) {
			uint32_t in_page =
			    (GUEST_PAGE_SIZE - ((uint32_t)at & GUEST_MEM_PAGE_MASK)) / ENTRY_SIZE;
			uint32_t end = listed - i < in_page ? listed : i + in_page;
			uint32_t stop = set ? plain_set_run(c, v, e, i, end, &values)
					    : plain_get_run(c, v, e, i, end, &values);
			if (stop == end) {
				i = end - 1;
				continue;
			}
			e += (stop - i) * ENTRY_WORDS;
			at += (uint64_t)(stop - i) * ENTRY_SIZE;
			i = stop;
			value = value_in_place(c, &values, e, i);
		}
		c->result[1] = i;
		int err = value ? abi_transfer(v, i, value, set)
				: entry_the_general_way(c, v, at, i, transfer);
		if (err)
			return err;
	}
	c->result[1] = count ? count - 1 : 0;
	return 0;
}

static int hcall_GET_MULTI(struct call *c)
{
	struct vcpu *v;
	int err = stopped_target(c, true, &v);
	if (err)
		return err;
	return for_each_entry(c, v, false);
}

/* All or nothing: the bank and the VM-wide values are restored on error. */
static int hcall_SET_MULTI(struct call *c)
{
	struct vcpu *v;
	int err = stopped_target(c, true, &v);
	if (err)
		return err;
	struct vcpu_bank saved_bank = v->bank;
	struct abi_vm saved_vm = v->vm->abi;
	err = for_each_entry(c, v, true);
	if (err) {
		v->bank = saved_bank;
		v->vm->abi = saved_vm;
	}
	return err;
}

static int hcall_VCPU_INIT(struct call *c)
{
	struct vcpu *v;
	struct kvm_vcpu_init init;
	int err = stopped_target(c, false, &v);
	if (!err)
		err = copy_from_guest(&c->mem, &init, c->args[1], sizeof(init));
	if (!err)
		err = abi_vcpu_init(&v->abi, &init);
	if (err)
		return err;
	tlb_flush_guests(); /* as KVM: a re-initialised vCPU starts afresh */
	dsb();
	v->state = v->abi.features & (1u << KVM_ARM_VCPU_POWER_OFF) ? VCPU_OFF : VCPU_PAUSED;
	return 0;
}

static int hcall_PREFERRED_TARGET(struct call *c)
{
	struct kvm_vcpu_init init;
	int err = abi_preferred_target(&host_ids, &init);
	if (err)
		return err;
	return copy_to_guest(&c->mem, c->args[0], &init, sizeof(init));
}

static int hcall_VCPU_PAUSE(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	if (v->state != VCPU_RUNNABLE)
		return 0;
	v->state = VCPU_PAUSED;
	/* Synchronous: on return it runs nowhere. One running on another CPU
	 * is stopped there (an IPI) and waited for; the caller pausing
	 * itself stops as this call ends. */
	if (v != c->caller)
		smp_sync_vcpu(v);
	return 0;
}

static int hcall_VCPU_RESUME(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	if (!abi_vcpu_initialised(&v->abi))
		return -ENOEXEC;
	v->state = VCPU_RUNNABLE;
	v->waiting = false; /* a WFI may end early (ARM ARM B1.8.13) */
	sched_made_runnable(v);
	return 0;
}

static int hcall_VCPU_STATE(struct call *c)
{
	struct vcpu *v;
	int err = target_vcpu(c, &v);
	if (err)
		return err;
	c->result[1] = v->state;
	return 0;
}

static int vm_mem(struct call *c, bool write)
{
	if (c->caller->vm->id != HYPV7_CONTROL_VM)
		return -EACCES;
	struct vm *vm = vm_by_id(c->args[0]);
	if (!vm)
		return -ENOENT;
	uint32_t ipa = c->args[1], len = c->args[2], buf = c->args[3];
	if (len > HYPV7_MEM_XFER_MAX)
		return -EINVAL;
	uint8_t *ram = vm_ram_at(vm, ipa, len);
	if (!ram)
		return -EFAULT;
	/* The target may reach its RAM uncached (its MMU or caches off): meet
	 * it at the point of coherency on both sides of the copy. */
	dcache_clean_inval_range((uintptr_t)ram, len);
	if (!write)
		return copy_to_guest(&c->mem, buf, ram, len);
	int err = copy_from_guest(&c->mem, ram, buf, len);
	dcache_clean_inval_range((uintptr_t)ram, len);
	icache_invalidate_all(); /* the target may execute what was written */
	return err;
}

static int hcall_VM_READ_MEM(struct call *c)
{
	return vm_mem(c, false);
}

static int hcall_VM_WRITE_MEM(struct call *c)
{
	return vm_mem(c, true);
}

/* The VM's vGIC-v2 as KVM's device: only the control VM, as for memory. */
static int device_attr(struct call *c, enum vgic_attr_op op)
{
	if (c->caller->vm->id != HYPV7_CONTROL_VM)
		return -EACCES;
	struct vm *vm = vm_by_id(c->args[0]);
	if (!vm)
		return -ENOENT;
	struct kvm_device_attr attr;
	if (copy_from_guest(&c->mem, &attr, c->args[1], sizeof(attr)))
		return -EFAULT;
	unsigned size = op == VGIC_ATTR_HAS ? 0 : vgic_attr_value_size(attr.group);
	uint64_t value = 0;
	if (op == VGIC_ATTR_SET && size && copy_from_guest(&c->mem, &value, attr.addr, size))
		return -EFAULT; /* as KVM: read before anything is looked at */
	int err = vgic_attr(vm, op, attr.group, attr.attr, &value);
	if (!err && op == VGIC_ATTR_GET && size)
		err = copy_to_guest(&c->mem, attr.addr, &value, size);
	return err;
}

static int hcall_DEVICE_ATTR_GET(struct call *c)
{
	return device_attr(c, VGIC_ATTR_GET);
}

static int hcall_DEVICE_ATTR_SET(struct call *c)
{
	return device_attr(c, VGIC_ATTR_SET);
}

static int hcall_DEVICE_ATTR_HAS(struct call *c)
{
	return device_attr(c, VGIC_ATTR_HAS);
}

typedef int hypercall_fn(struct call *c);

/* Function number -> handler (hcall_<name> for each entry of the table),
 * indexed directly: dispatch is one load, not a search. */
static hypercall_fn *const calls[] = {
#define HCALL(name, nr, summary) [nr] = hcall_##name,
#include <hypv7/hypercalls.def>
};
#define NR_CALL_SLOTS (sizeof(calls) / sizeof(calls[0]))

/* The SMCCC service queries of hypv7's range; false if `fn` is not one. */
static bool discovery(uint32_t fn, uint32_t *regs)
{
	switch (fn) {
	case HYPV7_HC(CALL_COUNT): regs[0] = HYPV7_HC_NR_CALLS; return true;
	case HYPV7_HC(UID):
		regs[0] = HYPV7_UID_R0;
		regs[1] = HYPV7_UID_R1;
		regs[2] = HYPV7_UID_R2;
		regs[3] = HYPV7_UID_R3;
		return true;
	case HYPV7_HC(REVISION):
		regs[0] = HYPV7_HC_REVISION_MAJOR;
		regs[1] = HYPV7_HC_REVISION_MINOR;
		return true;
	}
	return false;
}

/* hypv7's own call `fn`, with the caller's memory reachable meanwhile. */
static __attribute__((noinline)) void hypv7_call(struct vcpu *caller, uint32_t *regs,
						 hypercall_fn *fn)
{
	struct call c;
	c.caller = caller;
	c.args = &regs[1];
	c.result = regs;
	guest_access_begin(&c.mem);
	regs[0] = (uint32_t)fn(&c);
	guest_access_end(&c.mem);
}

/* SMCCC owners with functions in hypv7: an id of any other owner is
 * NOT_SUPPORTED at once. */
#define OWNERS_SERVED ((1u << SMCCC_OWNER_ARCH) | (1u << SMCCC_OWNER_STANDARD))
/* The discovery calls' corner at the top of hypv7's own range. */
#define DISCOVERY_FIRST HYPV7_HC(CALL_COUNT)
#define DISCOVERY_SPAN ((uint32_t)(HYPV7_HC_NR_REVISION - HYPV7_HC_NR_CALL_COUNT))

bool hvc_answer_at_once(struct vcpu *caller)
{
	uint32_t *r0 = (uint32_t *)&caller->bank.core.usr_regs.uregs[0];
	uint32_t fn = *r0;
	if (vtimer_line_raised(caller))
		return false; /* the general path looks at the timer again */
	switch (fn) {
	case SMCCC_VERSION: *r0 = SMCCC_VERSION_1_1; return true;
	case PSCI_VERSION: {
		uint32_t version = abi_psci_version(&caller->abi);
		*r0 = version >= PSCI_VERSION_FN_SINCE ? version : SMCCC_NOT_SUPPORTED;
		return true;
	}
	}
	/* The vector sent hypv7's call table's ids elsewhere. */
	uint32_t owner = (fn >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK;
	if (owner == SMCCC_OWNER_VENDOR_HYP) {
		if (fn - DISCOVERY_FIRST <= DISCOVERY_SPAN)
			return false;
	} else if ((OWNERS_SERVED >> owner) & 1u) {
		return false;
	}
	*r0 = SMCCC_NOT_SUPPORTED;
	return true;
}

/* hypv7's calls, then the SMCCC services. */
static void dispatch(struct vcpu *caller, uint32_t *regs)
{
	uint32_t nr = regs[0] - HYPV7_HC_BASE; /* below the range: huge */
	if (nr < NR_CALL_SLOTS && calls[nr])
		hypv7_call(caller, regs, calls[nr]);
	else if (!discovery(regs[0], regs))
		smccc_handle_call(caller);
}

/* HVC #0 (hyp/vectors.S sends it here when hvc_answer_at_once did not
 * answer it). hypv7's calls first, then the SMCCC services. The caller runs
 * on at once unless the call paused, stopped or reset it (a reset leaves it
 * unloaded). */
struct vcpu *handle_hvc(struct vcpu *caller)
{
	dispatch(caller, (uint32_t *)caller->bank.core.usr_regs.uregs);
	/* Back to the caller at once, unless its timer's line is raised: the
	 * guest may have quietened the timer, which sched_next_to_run sees. */
	if (vcpu_loaded(caller) && caller->state == VCPU_RUNNABLE && !vtimer_line_raised(caller))
		return caller;
	return sched_next_to_run();
}
