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

/* Version 1 has one vCPU (nr_vcpus 0) and no vGIC entries. */
static uint32_t vcpus_of(const struct snap_header *h)
{
	return h->nr_vcpus ? h->nr_vcpus : 1;
}

static uint32_t vgic_count(const struct snap_header *h)
{
	return h->version >= SNAP_VM_VERSION ? ((const struct snap_vm_header *)h)->vgic_entries : 0;
}

static uint64_t *ids_of(const struct snap_header *h)
{
	return (uint64_t *)((uintptr_t)h + h->header_size);
}

/* vCPU 0's values; vCPU v's follow at values_of(h) + v * nr_regs. */
static uint64_t *values_of(const struct snap_header *h)
{
	return ids_of(h) + h->nr_regs;
}

static struct snap_vgic_entry *vgic_of(const struct snap_header *h)
{
	return (struct snap_vgic_entry *)(values_of(h) + (size_t)vcpus_of(h) * h->nr_regs);
}

static uint8_t *ram_of(const struct snap_header *h)
{
	return (uint8_t *)(vgic_of(h) + vgic_count(h));
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

/* GET_MULTI of the whole list into vals (one vCPU's row). */
static int save_regs(uint32_t handle, struct snap_header *h, uint64_t *vals, struct snap_error *e)
{
	uint32_t *pick = malloc(h->nr_regs * sizeof(*pick));
	uint32_t failed = 0;

	if (!pick)
		return fail(e, -SNAP_ENOMEM, "no memory");
	for (uint32_t i = 0; i < h->nr_regs; i++)
		pick[i] = i;
	memset(vals, 0, h->nr_regs * sizeof(uint64_t)); /* zero-extends u32s */
	int err = multi(handle, false, ids_of(h), vals, pick, h->nr_regs, &failed);
	free(pick);
	if (err)
		return fail(e, err, "GET_MULTI failed at %s (%d)", name_of(ids_of(h)[failed]), err);
	for (uint32_t i = 0; i < h->nr_regs; i++)
		if (ids_of(h)[i] == MIDR_ID)
			h->midr = (uint32_t)vals[i];
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
	err = save_regs(handle, h, values_of(h), e);
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

static int check_invariants(uint32_t handle, const struct snap_header *h, const uint64_t *vals,
			    struct snap_error *e)
{
	for (uint32_t i = 0; i < h->nr_regs; i++) {
		uint64_t id = ids_of(h)[i], now = 0;
		struct kvm_one_reg r = { .id = id, .addr = (uint32_t)(uintptr_t)&now };
		if (!is_invariant(id))
			continue;
		int err = hv_get_one_reg(handle, &r);
		if (err)
			return fail(e, err, "GET of %s failed (%d)", name_of(id), err);
		if (now != vals[i])
			return fail(e, -SNAP_EINVAL,
				    "%s differs: snapshot 0x%08lx%08lx, target 0x%08lx%08lx",
				    name_of(id), HI(vals[i]), LO(vals[i]), HI(now), LO(now));
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

static int restore_regs(uint32_t handle, const struct snap_header *h, uint64_t *vals,
			struct snap_error *e)
{
	uint32_t *pick = malloc(h->nr_regs * sizeof(*pick));
	uint32_t failed = 0;

	if (!pick)
		return fail(e, -SNAP_ENOMEM, "no memory");
	uint32_t n = pick_writable(h, pick);
	int err = multi(handle, true, ids_of(h), vals, pick, n, &failed);
	free(pick);
	if (err)
		return fail(e, err, "SET_MULTI refused %s = 0x%08lx%08lx (%d); no register changed",
			    name_of(ids_of(h)[failed]), HI(vals[failed]), LO(vals[failed]), err);
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
		err = check_invariants(handle, h, values_of(h), e);
	if (!err && (h->flags & SNAP_RAM))
		err = check_ram(handle, h, e); /* sizes first: before anything changes */
	if (!err)
		err = restore_regs(handle, h, values_of(h), e);
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

/* ---------------------------------------------------------------- a VM */

#define GIC_PRIVATE_IRQS 32u
#define GIC_SGI_BYTES 16u /* SPENDSGIR / CPENDSGIR: a byte per SGI */
#define WORD_BYTES 4u
#define ALL_ONES 0xffffffffu
#define GICD_CTLR_OFF 0x000u
#define GICD_ISENABLER_OFF 0x100u
#define GICD_ISPENDR_OFF 0x200u
#define GICD_ISACTIVER_OFF 0x300u
#define GICD_SPENDSGIR_OFF 0xf20u
#define GICD_SET_TO_CLEAR 0x80u   /* ISxxxR + 0x80 = ICxxxR */
#define GICD_SPEND_TO_CPEND 0x10u /* SPENDSGIR - 0x10 = CPENDSGIR */

/* The distributor's state registers in restore order: configuration before
 * enables and pending/active bits, the SGIs' sources last; how many bits
 * each interrupt has in it. */
static const struct {
	uint32_t offset, bits_per_irq;
} dist_state[] = {
	{ 0x080, 1 },              /* IGROUPR */
	{ 0x400, 8 },              /* IPRIORITYR */
	{ 0x800, 8 },              /* ITARGETSR */
	{ 0xc00, 2 },              /* ICFGR */
	{ GICD_ISENABLER_OFF, 1 }, /* ISENABLER */
	{ GICD_ISPENDR_OFF, 1 },   /* ISPENDR */
	{ GICD_ISACTIVER_OFF, 1 }, /* ISACTIVER */
	{ GICD_SPENDSGIR_OFF, 0 }, /* SPENDSGIR: 16 bytes, private only */
};
#define NR_DIST_STATE (sizeof(dist_state) / sizeof(dist_state[0]))

/* Each vCPU's CPU interface: CTLR, PMR, BPR, ABPR, APR0. */
static const uint32_t cpu_state[] = { 0x00, 0x04, 0x08, 0x1c, 0xd0 };
#define NR_CPU_STATE (sizeof(cpu_state) / sizeof(cpu_state[0]))

static uint32_t private_words(uint32_t bits_per_irq)
{
	return bits_per_irq ? GIC_PRIVATE_IRQS * bits_per_irq / 32 : GIC_SGI_BYTES / WORD_BYTES;
}

static uint32_t all_words(uint32_t bits_per_irq, uint32_t nr_irqs)
{
	return bits_per_irq ? nr_irqs * bits_per_irq / 32 : GIC_SGI_BYTES / WORD_BYTES;
}

/* The vGIC's attributes in restore order (out may be NULL: just count). */
static uint32_t vgic_plan(uint32_t nr_vcpus, uint32_t nr_irqs, struct snap_vgic_entry *out)
{
	uint32_t n = 0;
#define ENTRY(grp, cpu, off)                                                                       \
	do {                                                                                       \
		if (out)                                                                           \
			out[n] = (struct snap_vgic_entry){                                         \
				.attr = ((uint64_t)(cpu) << KVM_DEV_ARM_VGIC_CPUID_SHIFT) | (off), \
				.group = (grp)                                                     \
			};                                                                         \
		n++;                                                                               \
	} while (0)
	for (unsigned r = 0; r < NR_DIST_STATE; r++) {
		uint32_t priv = private_words(dist_state[r].bits_per_irq);
		for (uint32_t c = 0; c < nr_vcpus; c++)
			for (uint32_t w = 0; w < priv; w++)
				ENTRY(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, c,
				      dist_state[r].offset + WORD_BYTES * w);
		for (uint32_t w = priv; w < all_words(dist_state[r].bits_per_irq, nr_irqs); w++)
			ENTRY(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0,
			      dist_state[r].offset + WORD_BYTES * w);
	}
	for (uint32_t c = 0; c < nr_vcpus; c++)
		for (unsigned r = 0; r < NR_CPU_STATE; r++)
			ENTRY(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, c, cpu_state[r]);
	ENTRY(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, GICD_CTLR_OFF); /* last: it switches delivery */
#undef ENTRY
	return n;
}

/* The VM's vGIC interrupt count, or 0 when the board gives it none. */
static int gic_irqs(uint32_t vm, uint32_t *nr, struct snap_error *e)
{
	struct kvm_device_attr a = { .group = KVM_DEV_ARM_VGIC_GRP_NR_IRQS,
				     .addr = (uint32_t)(uintptr_t)nr };
	int err = hv_device_attr_get(vm, &a);
	*nr = err ? 0 : *nr;
	if (err == -SNAP_ENODEV)
		return 0;
	return err ? fail(e, err, "NR_IRQS of vm%u's vGIC failed (%d)", (unsigned)vm, err) : 0;
}

static size_t vm_layout_size(uint32_t nr_regs, uint32_t nr_vcpus, uint32_t vgic_entries,
			     uint32_t ram_size)
{
	return sizeof(struct snap_vm_header) + sizeof(uint64_t) * (size_t)nr_regs * (1 + nr_vcpus) +
	       sizeof(struct snap_vgic_entry) * (size_t)vgic_entries + ram_size;
}

/* Everything a VM snapshot's size depends on. */
struct vm_shape {
	struct hv_vm_info info;
	uint32_t nr_regs, nr_irqs, vgic_entries;
};

static int vm_shape(uint32_t vm, uint32_t flags, struct vm_shape *s, struct snap_error *e)
{
	struct kvm_reg_list probe = { .n = 0 };
	int err = hv_vm_info(vm, &s->info);
	if (err)
		return fail(e, err, "VM_INFO of vm%u failed (%d)", (unsigned)vm, err);
	err = hv_get_reg_list(HYPV7_HANDLE(vm, 0), &probe);
	if (err != -SNAP_E2BIG)
		return fail(e, err ? err : -SNAP_EINVAL, "GET_REG_LIST failed (%d)", err);
	s->nr_regs = (uint32_t)probe.n;
	if ((err = gic_irqs(vm, &s->nr_irqs, e)))
		return err;
	s->vgic_entries = s->nr_irqs ? vgic_plan(s->info.nr_vcpus, s->nr_irqs, NULL) : 0;
	if (!(flags & SNAP_RAM))
		s->info.ram_size = 0;
	return 0;
}

int snap_vm_size(uint32_t vm_id, uint32_t flags, size_t *bytes, struct snap_error *e)
{
	struct vm_shape s;
	int err = vm_shape(vm_id, flags, &s, e);
	if (!err)
		*bytes =
		    vm_layout_size(s.nr_regs, s.info.nr_vcpus, s.vgic_entries, s.info.ram_size);
	return err;
}

/* -EBUSY unless no vCPU of the VM runs; *on (if not NULL): bit v set for
 * each vCPU that is not powered off. */
static int vm_stopped(uint32_t vm, uint32_t nr_vcpus, uint32_t *on, struct snap_error *e)
{
	if (on)
		*on = 0;
	for (uint32_t v = 0; v < nr_vcpus; v++) {
		uint32_t state;
		int err = hv_vcpu_state(HYPV7_HANDLE(vm, v), &state);
		if (err)
			return fail(e, err, "VCPU_STATE of vm%u vCPU %lu failed (%d)", (unsigned)vm,
				    (unsigned long)v, err);
		if (state == HYPV7_VCPU_RUNNABLE)
			return fail(e, -SNAP_EBUSY,
				    "vm%u vCPU %lu is running: pause every vCPU first",
				    (unsigned)vm, (unsigned long)v);
		if (on && state != HYPV7_VCPU_POWERED_OFF)
			*on |= 1u << v;
	}
	return 0;
}

static int vgic_transfer(uint32_t vm, const struct snap_header *h, bool set, struct snap_error *e)
{
	struct snap_vgic_entry *g = vgic_of(h);
	for (uint32_t i = 0; i < vgic_count(h); i++) {
		uint32_t off = (uint32_t)g[i].attr, value = ALL_ONES;
		struct kvm_device_attr a = { .group = g[i].group,
					     .attr = g[i].attr,
					     .addr = (uint32_t)(uintptr_t)&value };
		bool is_set_reg = g[i].group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS &&
				  (off - GICD_ISENABLER_OFF < GICD_SET_TO_CLEAR ||
				   off - GICD_ISPENDR_OFF < GICD_SET_TO_CLEAR ||
				   off - GICD_ISACTIVER_OFF < GICD_SET_TO_CLEAR ||
				   off - GICD_SPENDSGIR_OFF < GIC_SGI_BYTES);
		int err = 0;
		if (set && is_set_reg) { /* its clear twin, all ones, first */
			struct kvm_device_attr clear = a;
			clear.attr = off - GICD_SPENDSGIR_OFF < GIC_SGI_BYTES
					 ? g[i].attr - GICD_SPEND_TO_CPEND
					 : g[i].attr + GICD_SET_TO_CLEAR;
			err = hv_device_attr_set(vm, &clear);
		}
		if (!err) {
			value = g[i].value;
			err = set ? hv_device_attr_set(vm, &a) : hv_device_attr_get(vm, &a);
		}
		if (err)
			return fail(
			    e, err, "%s_DEVICE_ATTR of vGIC %s offset %#lx, vCPU %lu failed (%d)",
			    set ? "SET" : "GET",
			    g[i].group == KVM_DEV_ARM_VGIC_GRP_CPU_REGS ? "CPU" : "DIST",
			    (unsigned long)off,
			    (unsigned long)(g[i].attr >> KVM_DEV_ARM_VGIC_CPUID_SHIFT), err);
		if (!set)
			g[i].value = value;
	}
	return 0;
}

int snap_vm_save(uint32_t vm_id, uint32_t flags, void *buf, size_t len, size_t *used,
		 struct snap_error *e)
{
	struct snap_vm_header *vh = buf;
	struct snap_header *h = &vh->base;
	struct vm_shape s;
	uint64_t *ids;
	uint32_t n;
	uint32_t on = 0;
	int err = vm_shape(vm_id, flags, &s, e);
	if (!err)
		err = vm_stopped(vm_id, s.info.nr_vcpus, &on, e);
	if (err)
		return err;
	size_t need = vm_layout_size(s.nr_regs, s.info.nr_vcpus, s.vgic_entries, s.info.ram_size);
	if (len < need)
		return fail(e, -SNAP_E2BIG, "buffer of %lu bytes, the snapshot needs %lu",
			    (unsigned long)len, (unsigned long)need);
	if ((err = reg_list(HYPV7_HANDLE(vm_id, 0), &ids, &n, e)))
		return err;
	*vh = (struct snap_vm_header){ .base = { .version = SNAP_VM_VERSION,
						 .flags = (flags & SNAP_RAM) |
							  (s.nr_irqs ? SNAP_VGIC : 0),
						 .nr_regs = n,
						 .ram_base = s.info.ram_base,
						 .ram_size = s.info.ram_size,
						 .header_size = sizeof(*vh),
						 .nr_vcpus = s.info.nr_vcpus },
				       .vgic_entries = s.vgic_entries,
				       .gic_nr_irqs = s.nr_irqs,
				       .vcpus_on = on };
	memcpy(ids_of(h), ids, n * sizeof(uint64_t));
	free(ids);
	for (uint32_t v = 0; !err && v < s.info.nr_vcpus; v++)
		err = save_regs(HYPV7_HANDLE(vm_id, v), h, values_of(h) + (size_t)v * n, e);
	if (!err && s.vgic_entries) {
		vgic_plan(s.info.nr_vcpus, s.nr_irqs, vgic_of(h));
		err = vgic_transfer(vm_id, h, false, e);
	}
	if (!err)
		err = save_ram(vm_id, h, e);
	if (err)
		return err;
	memcpy(h->magic, SNAP_MAGIC, SNAP_MAGIC_LEN); /* last: only whole snapshots */
	if (used)
		*used = need;
	return 0;
}

static int check_vm_header(const struct snap_header *h, size_t len, struct snap_error *e)
{
	const struct snap_vm_header *vh = (const void *)h;
	if (len < sizeof(*vh) || memcmp(h->magic, SNAP_MAGIC, SNAP_MAGIC_LEN))
		return fail(e, -SNAP_EINVAL, "not a hypv7 snapshot (no HYP7SNAP magic)");
	if (h->version != SNAP_VM_VERSION || h->header_size != sizeof(*vh))
		return fail(e, -SNAP_EINVAL, "snapshot version %lu: a VM snapshot is version %u",
			    (unsigned long)h->version, SNAP_VM_VERSION);
	size_t need = vm_layout_size(h->nr_regs, h->nr_vcpus, vh->vgic_entries, h->ram_size);
	if (len < need)
		return fail(e, -SNAP_EINVAL, "snapshot truncated: %lu bytes of %lu",
			    (unsigned long)len, (unsigned long)need);
	return 0;
}

/* The target must have the snapshot's shape: vCPUs, RAM, GIC, CPU. */
static int check_vm_shape(uint32_t vm, const struct snap_header *h, struct snap_error *e)
{
	const struct snap_vm_header *vh = (const void *)h;
	struct vm_shape s;
	int err = vm_shape(vm, SNAP_RAM, &s, e);
	if (err)
		return err;
	if (s.info.nr_vcpus != h->nr_vcpus)
		return fail(e, -SNAP_EINVAL, "snapshot of %lu vCPUs, vm%u has %lu",
			    (unsigned long)h->nr_vcpus, (unsigned)vm,
			    (unsigned long)s.info.nr_vcpus);
	if ((h->flags & SNAP_RAM) &&
	    (s.info.ram_size != h->ram_size || s.info.ram_base != h->ram_base))
		return fail(e, -SNAP_EINVAL,
			    "snapshot RAM is %#lx bytes at %#lx, vm%u has %#lx at %#lx",
			    (unsigned long)h->ram_size, (unsigned long)h->ram_base, (unsigned)vm,
			    (unsigned long)s.info.ram_size, (unsigned long)s.info.ram_base);
	if (s.nr_irqs != vh->gic_nr_irqs)
		return fail(e, -SNAP_EINVAL, "snapshot's GIC has %lu interrupts, vm%u's %lu",
			    (unsigned long)vh->gic_nr_irqs, (unsigned)vm, (unsigned long)s.nr_irqs);
	if ((err = vm_stopped(vm, s.info.nr_vcpus, NULL, e)) ||
	    (err = check_cpu(HYPV7_HANDLE(vm, 0), h, e)))
		return err;
	for (uint32_t v = 0; v < h->nr_vcpus; v++)
		if ((err = check_invariants(HYPV7_HANDLE(vm, v), h,
					    values_of(h) + (size_t)v * h->nr_regs, e)))
			return err;
	return 0;
}

int snap_vm_restore(uint32_t vm_id, const void *buf, size_t len, struct snap_error *e)
{
	const struct snap_header *h = buf;
	int err = check_vm_header(h, len, e);
	if (!err)
		err = check_vm_shape(vm_id, h, e); /* before anything changes */
	for (uint32_t v = 0; !err && v < h->nr_vcpus; v++)
		err = restore_regs(HYPV7_HANDLE(vm_id, v), h, values_of(h) + (size_t)v * h->nr_regs,
				   e);
	if (!err && vgic_count(h))
		err = vgic_transfer(vm_id, h, true, e);
	if (!err && (h->flags & SNAP_RAM))
		err = write_ram(vm_id, h, e);
	return err;
}

int snap_vm_resume(uint32_t vm_id, const void *buf, struct snap_error *e)
{
	const struct snap_vm_header *vh = buf;
	for (uint32_t v = 0; v < vh->base.nr_vcpus; v++) {
		if (!(vh->vcpus_on & (1u << v)))
			continue;
		int err = hv_vcpu_resume(HYPV7_HANDLE(vm_id, v));
		if (err)
			return fail(e, err, "VCPU_RESUME of vm%u vCPU %lu failed (%d)",
				    (unsigned)vm_id, (unsigned long)v, err);
	}
	return 0;
}
