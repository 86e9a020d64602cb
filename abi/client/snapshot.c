/*
 * hypv7 snapshot library (snapshot.h). Registers go through GET_MULTI /
 * SET_MULTI, RAM through VM_READ_MEM / VM_WRITE_MEM in 64 KiB pieces.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hypv7/errno.h>

#include <hypv7/reg_table.h>
#include <hypv7/regname.h>
#include "hv.h"
#include "snapshot.h"

/* Linux errno values (the hv_* calls return them negated). */
enum {
#define SNAP_LNX_ERRNO(name, value) SNAP_##name = value,
	HYPV7_ERRNO_LIST(SNAP_LNX_ERRNO)
#undef SNAP_LNX_ERRNO
};

#define MIDR_ID ARM_CP15_REG32(0, 0, 0, 0)

/* A u64 as two words for printf (newlib-nano has no %llx). */
#define HI(v) ((unsigned long)((uint64_t)(v) >> 32))
#define LO(v) ((unsigned long)((uint64_t)(v)&0xffffffffu))

static int fail(struct snap_error *e, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct snap_error *e, int err, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

static const char *name_of(uint64_t id)
{
	const char *n = regname_short(id);
	return n ? n : "an unknown register";
}

/* Host-derived registers: restore compares them instead of writing. */
static bool is_invariant(uint64_t id)
{
	const struct abi_reg_desc *d = abi_reg_find(id);

	return d && (d->kind == ABI_REG_INVARIANT || d->kind == ABI_REG_VFP_INVARIANT ||
		     d->kind == ABI_REG_CCSIDR);
}

/* The vCPU's register list in a malloc'd array. */
static int reg_list(uint32_t handle, uint64_t **ids, uint32_t *n, struct snap_error *e)
{
	struct kvm_reg_list probe = { .n = 0 };
	int err = hv_get_reg_list(handle, &probe);

	if (err != -SNAP_E2BIG)
		return fail(e, err ? err : -SNAP_EINVAL, "GET_REG_LIST failed (%d)", err);
	struct kvm_reg_list *list = malloc(sizeof(*list) + probe.n * sizeof(uint64_t));
	if (!list)
		return fail(e, -SNAP_ENOMEM, "no memory for %u register ids", (unsigned)probe.n);
	list->n = probe.n;
	err = hv_get_reg_list(handle, list);
	if (err) {
		free(list);
		return fail(e, err, "GET_REG_LIST failed (%d)", err);
	}
	*n = (uint32_t)list->n;
	memmove(list, list->reg, *n * sizeof(uint64_t)); /* just the ids */
	*ids = (uint64_t *)list;
	return 0;
}

static size_t layout_size(uint32_t nr_regs, uint32_t ram_size)
{
	return sizeof(struct snap_header) + 2 * sizeof(uint64_t) * (size_t)nr_regs + ram_size;
}

static uint64_t *ids_of(const struct snap_header *h)
{
	return (uint64_t *)(h + 1);
}

static uint64_t *values_of(const struct snap_header *h)
{
	return ids_of(h) + h->nr_regs;
}

static uint8_t *ram_of(const struct snap_header *h)
{
	return (uint8_t *)(values_of(h) + h->nr_regs);
}

/* GET_MULTI or SET_MULTI of ids[i] <-> vals[i] for the `n` picked entries. */
static int multi(uint32_t handle, bool set, const uint64_t *ids, uint64_t *vals,
		 const uint32_t *pick, uint32_t n, uint32_t *failed_index)
{
	struct kvm_one_reg *regs = malloc(n * sizeof(*regs));
	uint32_t failed = 0;

	if (!regs)
		return -SNAP_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		regs[i].id = ids[pick[i]];
		regs[i].addr = (uint32_t)(uintptr_t)&vals[pick[i]];
	}
	int err =
	    set ? hv_set_multi(handle, regs, n, &failed) : hv_get_multi(handle, regs, n, &failed);
	if (err)
		*failed_index = failed < n ? pick[failed] : 0;
	free(regs);
	return err;
}

static int vm_of(uint32_t handle, struct hv_vm_info *info, struct snap_error *e)
{
	int err = hv_vm_info(HYPV7_HANDLE_VM(handle), info);

	return err ? fail(e, err, "VM_INFO of vm%u failed (%d)", (unsigned)HYPV7_HANDLE_VM(handle),
			  err)
		   : 0;
}

int snap_size(uint32_t handle, uint32_t flags, size_t *bytes, struct snap_error *e)
{
	struct kvm_reg_list probe = { .n = 0 };
	struct hv_vm_info info = { 0 };
	int err = hv_get_reg_list(handle, &probe);

	if (err != -SNAP_E2BIG)
		return fail(e, err ? err : -SNAP_EINVAL, "GET_REG_LIST failed (%d)", err);
	if ((flags & SNAP_RAM) && (err = vm_of(handle, &info, e)))
		return err;
	*bytes = layout_size((uint32_t)probe.n, (flags & SNAP_RAM) ? info.ram_size : 0);
	return 0;
}

static int save_ram(uint32_t vm, struct snap_header *h, struct snap_error *e)
{
	uint8_t *ram = ram_of(h);

	for (uint32_t off = 0; off < h->ram_size; off += HYPV7_MEM_XFER_MAX) {
		uint32_t len = h->ram_size - off;
		if (len > HYPV7_MEM_XFER_MAX)
			len = HYPV7_MEM_XFER_MAX;
		int err = hv_vm_read_mem(vm, h->ram_base + off, ram + off, len);
		if (err)
			return fail(e, err, "VM_READ_MEM at %#lx failed (%d)",
				    (unsigned long)(h->ram_base + off), err);
	}
	return 0;
}

static int save_regs(uint32_t handle, struct snap_header *h, struct snap_error *e)
{
	uint32_t *pick = malloc(h->nr_regs * sizeof(*pick));
	uint32_t failed = 0;

	if (!pick)
		return fail(e, -SNAP_ENOMEM, "no memory");
	for (uint32_t i = 0; i < h->nr_regs; i++)
		pick[i] = i;
	memset(values_of(h), 0, h->nr_regs * sizeof(uint64_t)); /* zero-extends u32s */
	int err = multi(handle, false, ids_of(h), values_of(h), pick, h->nr_regs, &failed);
	free(pick);
	if (err)
		return fail(e, err, "GET_MULTI failed at %s (%d)", name_of(ids_of(h)[failed]), err);
	for (uint32_t i = 0; i < h->nr_regs; i++)
		if (ids_of(h)[i] == MIDR_ID)
			h->midr = (uint32_t)values_of(h)[i];
	return 0;
}

int snap_save(uint32_t handle, uint32_t flags, void *buf, size_t len, size_t *used,
	      struct snap_error *e)
{
	struct snap_header *h = buf;
	struct hv_vm_info info = { 0 };
	uint64_t *ids;
	uint32_t n, state;
	int err = hv_vcpu_state(handle, &state);

	if (err)
		return fail(e, err, "VCPU_STATE failed (%d)", err);
	if (state == HYPV7_VCPU_RUNNABLE)
		return fail(e, -SNAP_EBUSY, "the vCPU is running: pause it first");
	if ((flags & SNAP_RAM) && (err = vm_of(handle, &info, e)))
		return err;
	if ((err = reg_list(handle, &ids, &n, e)))
		return err;
	size_t need = layout_size(n, info.ram_size);
	if (len < need) {
		free(ids);
		return fail(e, -SNAP_E2BIG, "buffer of %lu bytes, the snapshot needs %lu",
			    (unsigned long)len, (unsigned long)need);
	}
	*h = (struct snap_header){ .version = SNAP_VERSION,
				   .flags = flags & SNAP_RAM,
				   .nr_regs = n,
				   .ram_base = info.ram_base,
				   .ram_size = info.ram_size,
				   .header_size = sizeof(*h) };
	memcpy(ids_of(h), ids, n * sizeof(uint64_t));
	free(ids);
	err = save_regs(handle, h, e);
	if (!err)
		err = save_ram(HYPV7_HANDLE_VM(handle), h, e);
	if (err)
		return err;
	memcpy(h->magic, SNAP_MAGIC, SNAP_MAGIC_LEN); /* last: only whole snapshots */
	if (used)
		*used = need;
	return 0;
}

static int check_header(const struct snap_header *h, size_t len, struct snap_error *e)
{
	if (len < sizeof(*h) || memcmp(h->magic, SNAP_MAGIC, SNAP_MAGIC_LEN))
		return fail(e, -SNAP_EINVAL, "not a hypv7 snapshot (no HYP7SNAP magic)");
	if (h->version != SNAP_VERSION || h->header_size != sizeof(*h))
		return fail(e, -SNAP_EINVAL, "snapshot version %lu, this library reads %u",
			    (unsigned long)h->version, SNAP_VERSION);
	if (len < layout_size(h->nr_regs, h->ram_size))
		return fail(e, -SNAP_EINVAL, "snapshot truncated: %lu bytes of %lu",
			    (unsigned long)len,
			    (unsigned long)layout_size(h->nr_regs, h->ram_size));
	return 0;
}

/* Same CPU type: MIDR first (the clearer message), then the whole list. */
static int check_cpu(uint32_t handle, const struct snap_header *h, struct snap_error *e)
{
	uint64_t midr = 0, *ids;
	uint32_t n;
	struct kvm_one_reg r = { .id = MIDR_ID, .addr = (uint32_t)(uintptr_t)&midr };
	int err = hv_get_one_reg(handle, &r);

	if (err)
		return fail(e, err, "GET of MIDR failed (%d)", err);
	if ((uint32_t)midr != h->midr)
		return fail(e, -SNAP_EINVAL,
			    "snapshot taken on a CPU with MIDR %#lx, the target's MIDR is %#lx",
			    (unsigned long)h->midr, (unsigned long)midr);
	if ((err = reg_list(handle, &ids, &n, e)))
		return err;
	uint32_t i = 0;
	while (i < n && i < h->nr_regs && ids[i] == ids_of(h)[i])
		i++;
	if (i < n || i < h->nr_regs)
		err = fail(e, -SNAP_EINVAL,
			   "register list differs: snapshot has %lu ids, target %lu; "
			   "first difference at index %lu: snapshot %s, target %s",
			   (unsigned long)h->nr_regs, (unsigned long)n, (unsigned long)i,
			   i < h->nr_regs ? name_of(ids_of(h)[i]) : "(end)",
			   i < n ? name_of(ids[i]) : "(end)");
	free(ids);
	return err;
}

static int check_invariants(uint32_t handle, const struct snap_header *h, struct snap_error *e)
{
	for (uint32_t i = 0; i < h->nr_regs; i++) {
		uint64_t id = ids_of(h)[i], now = 0;
		struct kvm_one_reg r = { .id = id, .addr = (uint32_t)(uintptr_t)&now };
		if (!is_invariant(id))
			continue;
		int err = hv_get_one_reg(handle, &r);
		if (err)
			return fail(e, err, "GET of %s failed (%d)", name_of(id), err);
		if (now != values_of(h)[i])
			return fail(e, -SNAP_EINVAL,
				    "%s differs: snapshot 0x%08lx%08lx, target 0x%08lx%08lx",
				    name_of(id), HI(values_of(h)[i]), LO(values_of(h)[i]), HI(now),
				    LO(now));
	}
	return 0;
}

/* Every non-invariant entry, TIMER_CNT first (it moves the VM's virtual
 * counter, against which CVAL and CTL.ISTATUS are then judged). */
static uint32_t pick_writable(const struct snap_header *h, uint32_t *pick)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < h->nr_regs; i++)
		if (ids_of(h)[i] == KVM_REG_ARM_TIMER_CNT)
			pick[n++] = i;
	for (uint32_t i = 0; i < h->nr_regs; i++)
		if (ids_of(h)[i] != KVM_REG_ARM_TIMER_CNT && !is_invariant(ids_of(h)[i]))
			pick[n++] = i;
	return n;
}

static int restore_regs(uint32_t handle, const struct snap_header *h, struct snap_error *e)
{
	uint32_t *pick = malloc(h->nr_regs * sizeof(*pick));
	uint32_t failed = 0;

	if (!pick)
		return fail(e, -SNAP_ENOMEM, "no memory");
	uint32_t n = pick_writable(h, pick);
	int err = multi(handle, true, ids_of(h), values_of(h), pick, n, &failed);
	free(pick);
	if (err)
		return fail(e, err, "SET_MULTI refused %s = 0x%08lx%08lx (%d); no register changed",
			    name_of(ids_of(h)[failed]), HI(values_of(h)[failed]),
			    LO(values_of(h)[failed]), err);
	return 0;
}

static int check_ram(uint32_t handle, const struct snap_header *h, struct snap_error *e)
{
	struct hv_vm_info info;
	int err = vm_of(handle, &info, e);

	if (err)
		return err;
	if (info.ram_base != h->ram_base || info.ram_size != h->ram_size)
		return fail(e, -SNAP_EINVAL,
			    "snapshot RAM is %#lx bytes at %#lx, the target VM has %#lx at %#lx",
			    (unsigned long)h->ram_size, (unsigned long)h->ram_base,
			    (unsigned long)info.ram_size, (unsigned long)info.ram_base);
	return 0;
}

static int write_ram(uint32_t vm, const struct snap_header *h, struct snap_error *e)
{
	const uint8_t *ram = ram_of(h);

	for (uint32_t off = 0; off < h->ram_size; off += HYPV7_MEM_XFER_MAX) {
		uint32_t len = h->ram_size - off;
		if (len > HYPV7_MEM_XFER_MAX)
			len = HYPV7_MEM_XFER_MAX;
		int err = hv_vm_write_mem(vm, h->ram_base + off, ram + off, len);
		if (err)
			return fail(e, err,
				    "VM_WRITE_MEM at %#lx failed (%d); registers were restored",
				    (unsigned long)(h->ram_base + off), err);
	}
	return 0;
}

int snap_restore(uint32_t handle, const void *buf, size_t len, struct snap_error *e)
{
	const struct snap_header *h = buf;
	int err = check_header(h, len, e);

	if (!err)
		err = check_cpu(handle, h, e);
	if (!err)
		err = check_invariants(handle, h, e);
	if (!err && (h->flags & SNAP_RAM))
		err = check_ram(handle, h, e); /* sizes first: before anything changes */
	if (!err)
		err = restore_regs(handle, h, e);
	if (!err && (h->flags & SNAP_RAM))
		err = write_ram(HYPV7_HANDLE_VM(handle), h, e);
	return err;
}

uint64_t *snap_value(void *buf, uint64_t id)
{
	struct snap_header *h = buf;

	for (uint32_t i = 0; i < h->nr_regs; i++)
		if (ids_of(h)[i] == id)
			return &values_of(h)[i];
	return NULL;
}
