/*
 * hypv7-snapshot: a hypv7 snapshot file (abi/client/snapshot.h, version 1
 * or 2), read on the build host.
 *
 *   hypv7-snapshot show FILE     header, every vCPU's registers by their KVM
 *                                names, the vGIC decoded (each interrupt
 *                                enabled, pending or active: its priority,
 *                                target, trigger; the SGIs' sources; each CPU
 *                                interface), RAM checksums per MiB
 *   hypv7-snapshot diff A B      what changed from A to B, by name
 *
 * Exit status: show 0; diff 0 if the two are the same, 1 if they differ;
 * 2 on errors (not a snapshot, truncated, unreadable), as diff(1).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hypv7/kvm.h>
#include <hypv7/regname.h>

#include "abi/client/snapshot.h"

#define EXIT_SAME 0
#define EXIT_DIFFER 1
#define EXIT_TROUBLE 2
#define MIB (1024u * 1024u)
#define FNV_OFFSET 0x811c9dc5u
#define FNV_PRIME 0x01000193u
#define MAX_IRQS 1024u
#define MAX_CPUS 8u
#define NR_PRIVATE 32u
#define NR_SGIS 16u
#define BITS_PER_WORD 32u

/* The distributor's registers the snapshot carries (GICv2 offsets). */
#define GICD_CTLR 0x000u
#define GICD_IGROUPR 0x080u
#define GICD_ISENABLER 0x100u
#define GICD_ISPENDR 0x200u
#define GICD_ISACTIVER 0x300u
#define GICD_IPRIORITYR 0x400u
#define GICD_ITARGETSR 0x800u
#define GICD_ICFGR 0xc00u
#define GICD_SPENDSGIR 0xf20u
#define BIT_REG_SPAN 0x80u
#define BYTE_REG_SPAN 0x400u
#define ICFGR_SPAN 0x100u
#define ICFGR_EDGE 2u
#define PMR_SHIFT 3 /* KVM's 5-bit PMR to the 8-bit priority */

struct snapshot {
	const char *path;
	uint8_t *bytes;
	size_t size;
	const struct snap_header *h;
	uint32_t nr_vcpus, vgic_entries, nr_irqs;
	const uint64_t *ids, *values; /* values[vcpu * nr_regs + i] */
	const struct snap_vgic_entry *vgic;
	const uint8_t *ram;
};

/* One interrupt as a vCPU's distributor view has it. */
struct irq_state {
	bool group1, enabled, pending, active, edge;
	uint8_t priority, targets;
};

/* The vGIC decoded: per vCPU for interrupts 0..31, vCPU 0's for SPIs. */
struct gic_view {
	bool present;
	uint32_t ctlr;
	struct irq_state irq[MAX_CPUS][MAX_IRQS];
	uint8_t sgi_sources[MAX_CPUS][NR_SGIS];
	uint32_t cpu_regs[MAX_CPUS][5]; /* CTLR, PMR, BPR, ABPR, APR0 */
};

static const struct {
	uint32_t offset;
	const char *name;
} cpu_regs[] = {
	{ 0x00, "GICC_CTLR" }, { 0x04, "GICC_PMR" },  { 0x08, "GICC_BPR" },
	{ 0x1c, "GICC_ABPR" }, { 0xd0, "GICC_APR0" },
};
#define NR_CPU_REGS (sizeof(cpu_regs) / sizeof(cpu_regs[0]))

static int trouble(const char *path, const char *why)
{
	fprintf(stderr, "hypv7-snapshot: %s: %s\n", path, why);
	return EXIT_TROUBLE;
}

static int load(const char *path, struct snapshot *s)
{
	FILE *f = fopen(path, "rb");
	memset(s, 0, sizeof(*s));
	s->path = path;
	if (!f)
		return trouble(path, "cannot open it");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	s->bytes = malloc(size > 0 ? (size_t)size : 1);
	if (size < 0 || !s->bytes || fread(s->bytes, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		return trouble(path, "cannot read it");
	}
	fclose(f);
	s->size = (size_t)size;
	s->h = (const struct snap_header *)s->bytes;
	if (s->size < sizeof(*s->h) || memcmp(s->h->magic, SNAP_MAGIC, SNAP_MAGIC_LEN))
		return trouble(path, "not a hypv7 snapshot (no HYP7SNAP magic)");
	bool v2 = s->h->version == SNAP_VM_VERSION;
	if (!(s->h->version == SNAP_VERSION && s->h->header_size == sizeof(struct snap_header)) &&
	    !(v2 && s->h->header_size == sizeof(struct snap_vm_header) &&
	      s->size >= sizeof(struct snap_vm_header)))
		return trouble(path, "a snapshot version this tool does not read");
	const struct snap_vm_header *vh = (const void *)s->bytes;
	s->nr_vcpus = s->h->nr_vcpus ? s->h->nr_vcpus : 1;
	s->vgic_entries = v2 ? vh->vgic_entries : 0;
	s->nr_irqs = v2 ? vh->gic_nr_irqs : 0;
	if (s->nr_vcpus > MAX_CPUS || s->nr_irqs > MAX_IRQS)
		return trouble(path, "more vCPUs or interrupts than a GICv2 has");
	uint64_t need = (uint64_t)s->h->header_size + 8ull * s->h->nr_regs * (1ull + s->nr_vcpus) +
			(uint64_t)sizeof(struct snap_vgic_entry) * s->vgic_entries + s->h->ram_size;
	if (s->size < need)
		return trouble(path, "truncated");
	s->ids = (const uint64_t *)(s->bytes + s->h->header_size);
	s->values = s->ids + s->h->nr_regs;
	s->vgic = (const struct snap_vgic_entry *)(s->values + (size_t)s->nr_vcpus * s->h->nr_regs);
	s->ram = (const uint8_t *)(s->vgic + s->vgic_entries);
	return 0;
}

static void reg_name(uint64_t id, char *buf, size_t len)
{
	const char *n = regname_short(id);
	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "0x%016" PRIx64, id);
}

static void print_value(uint64_t id, uint64_t v)
{
	if ((id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U64)
		printf("0x%016" PRIx64, v);
	else
		printf("0x%08" PRIx64, v);
}

/* The attributes of one 32-bit distributor word into the view. */
static void decode_dist(struct gic_view *g, uint32_t cpu, uint32_t off, uint32_t v)
{
	if (off == GICD_CTLR) {
		g->ctlr = v;
		return;
	}
	if (off >= GICD_SPENDSGIR && off < GICD_SPENDSGIR + NR_SGIS) {
		for (unsigned b = 0; b < 4; b++)
			g->sgi_sources[cpu][off - GICD_SPENDSGIR + b] = (uint8_t)(v >> (8 * b));
		return;
	}
	static const struct {
		uint32_t base;
		size_t field;
	} bit_regs[] = {
		{ GICD_IGROUPR, offsetof(struct irq_state, group1) },
		{ GICD_ISENABLER, offsetof(struct irq_state, enabled) },
		{ GICD_ISPENDR, offsetof(struct irq_state, pending) },
		{ GICD_ISACTIVER, offsetof(struct irq_state, active) },
	};
	for (unsigned r = 0; r < sizeof(bit_regs) / sizeof(bit_regs[0]); r++) {
		if (off - bit_regs[r].base >= BIT_REG_SPAN)
			continue;
		uint32_t first = (off - bit_regs[r].base) * 8;
		for (uint32_t i = 0; i < BITS_PER_WORD && first + i < MAX_IRQS; i++)
			*((bool *)&g->irq[cpu][first + i] + bit_regs[r].field) = (v >> i) & 1;
		return;
	}
	if (off - GICD_IPRIORITYR < BYTE_REG_SPAN || off - GICD_ITARGETSR < BYTE_REG_SPAN) {
		bool prio = off - GICD_IPRIORITYR < BYTE_REG_SPAN;
		uint32_t first = off - (prio ? GICD_IPRIORITYR : GICD_ITARGETSR);
		for (unsigned b = 0; b < 4 && first + b < MAX_IRQS; b++) {
			struct irq_state *st = &g->irq[cpu][first + b];
			*(prio ? &st->priority : &st->targets) = (uint8_t)(v >> (8 * b));
		}
		return;
	}
	if (off - GICD_ICFGR < ICFGR_SPAN) {
		uint32_t first = (off - GICD_ICFGR) * 4;
		for (uint32_t i = 0; i < 16 && first + i < MAX_IRQS; i++)
			g->irq[cpu][first + i].edge = (v >> (2 * i)) & ICFGR_EDGE;
	}
}

static void decode_gic(const struct snapshot *s, struct gic_view *g)
{
	memset(g, 0, sizeof(*g));
	g->present = s->vgic_entries != 0;
	for (uint32_t i = 0; i < s->vgic_entries; i++) {
		uint32_t cpu = (uint32_t)(s->vgic[i].attr >> KVM_DEV_ARM_VGIC_CPUID_SHIFT) & 0xffu;
		uint32_t off = (uint32_t)s->vgic[i].attr;
		if (cpu >= MAX_CPUS)
			continue;
		if (s->vgic[i].group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS)
			decode_dist(g, cpu, off, s->vgic[i].value);
		for (unsigned r = 0; r < NR_CPU_REGS; r++)
			if (s->vgic[i].group == KVM_DEV_ARM_VGIC_GRP_CPU_REGS &&
			    cpu_regs[r].offset == off)
				g->cpu_regs[cpu][r] = s->vgic[i].value;
	}
}

/* The view an interrupt's state is kept in: its vCPU's for 0..31. */
static const struct irq_state *irq_of(const struct gic_view *g, uint32_t cpu, uint32_t irq)
{
	return &g->irq[irq < NR_PRIVATE ? cpu : 0][irq];
}

static void irq_label(uint32_t cpu, uint32_t irq, char *buf, size_t len)
{
	if (irq < NR_SGIS)
		snprintf(buf, len, "vcpu%u SGI %u", cpu, irq);
	else if (irq < NR_PRIVATE)
		snprintf(buf, len, "vcpu%u PPI %u", cpu, irq);
	else
		snprintf(buf, len, "SPI %u (intid %u)", irq - NR_PRIVATE, irq);
}

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = FNV_OFFSET;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

static void show_gic(const struct snapshot *s)
{
	static struct gic_view g;
	decode_gic(s, &g);
	if (!g.present) {
		printf("vGIC: not in this snapshot\n");
		return;
	}
	printf("vGIC: %u interrupts, GICD_CTLR 0x%08x (distributor %s)\n", s->nr_irqs, g.ctlr,
	       g.ctlr & 1 ? "on" : "off");
	for (uint32_t irq = 0; irq < s->nr_irqs; irq++)
		for (uint32_t cpu = 0; cpu < (irq < NR_PRIVATE ? s->nr_vcpus : 1); cpu++) {
			const struct irq_state *st = irq_of(&g, cpu, irq);
			if (!st->enabled && !st->pending && !st->active)
				continue;
			char label[48];
			irq_label(cpu, irq, label, sizeof(label));
			printf("  %s:%s%s%s priority 0x%02x, target 0x%02x, %s, group %d\n", label,
			       st->enabled ? " enabled" : "", st->pending ? " pending" : "",
			       st->active ? " active" : "", st->priority, st->targets,
			       st->edge ? "edge" : "level", st->group1);
		}
	for (uint32_t cpu = 0; cpu < s->nr_vcpus; cpu++) {
		for (uint32_t sgi = 0; sgi < NR_SGIS; sgi++)
			if (g.sgi_sources[cpu][sgi])
				printf("  vcpu%u SGI %u pending from vCPUs 0x%02x\n", cpu, sgi,
				       g.sgi_sources[cpu][sgi]);
		printf("  vcpu%u CPU interface: CTLR 0x%x, PMR 0x%02x (priority mask 0x%02x), "
		       "BPR %u, ABPR %u, APR0 0x%08x\n",
		       cpu, g.cpu_regs[cpu][0], g.cpu_regs[cpu][1], g.cpu_regs[cpu][1] << PMR_SHIFT,
		       g.cpu_regs[cpu][2], g.cpu_regs[cpu][3], g.cpu_regs[cpu][4]);
	}
}

static int show(const struct snapshot *s)
{
	const struct snap_header *h = s->h;
	printf("%s: hypv7 snapshot version %u, flags 0x%x, MIDR 0x%08x, %u vCPU%s, %u registers "
	       "each, RAM %u bytes at 0x%08x\n",
	       s->path, h->version, h->flags, h->midr, s->nr_vcpus, s->nr_vcpus == 1 ? "" : "s",
	       h->nr_regs, h->ram_size, h->ram_base);
	if (h->version == SNAP_VM_VERSION)
		printf("vCPUs on when saved: 0x%x\n", ((const struct snap_vm_header *)h)->vcpus_on);
	for (uint32_t v = 0; v < s->nr_vcpus; v++)
		for (uint32_t i = 0; i < h->nr_regs; i++) {
			char name[64];
			reg_name(s->ids[i], name, sizeof(name));
			printf("vcpu%u %s = ", v, name);
			print_value(s->ids[i], s->values[(size_t)v * h->nr_regs + i]);
			printf("\n");
		}
	show_gic(s);
	if (h->ram_size)
		printf("RAM checksums (FNV-1a, 32-bit) per MiB:\n");
	for (uint32_t off = 0; off < h->ram_size; off += MIB) {
		uint32_t n = h->ram_size - off < MIB ? h->ram_size - off : MIB;
		printf("  0x%08x: 0x%08x\n", h->ram_base + off, fnv1a(s->ram + off, n));
	}
	return EXIT_SAME;
}

static bool differ_u32(const char *what, uint32_t a, uint32_t b)
{
	if (a != b)
		printf("%s: 0x%x -> 0x%x\n", what, a, b);
	return a != b;
}

static bool diff_regs(const struct snapshot *a, const struct snapshot *b)
{
	bool d = false;
	uint32_t vcpus = a->nr_vcpus < b->nr_vcpus ? a->nr_vcpus : b->nr_vcpus;
	if (a->h->nr_regs != b->h->nr_regs || memcmp(a->ids, b->ids, 8u * a->h->nr_regs)) {
		printf("register lists differ: registers not compared\n");
		return true;
	}
	for (uint32_t v = 0; v < vcpus; v++)
		for (uint32_t i = 0; i < a->h->nr_regs; i++) {
			uint64_t x = a->values[(size_t)v * a->h->nr_regs + i];
			uint64_t y = b->values[(size_t)v * b->h->nr_regs + i];
			if (x == y)
				continue;
			char name[64];
			reg_name(a->ids[i], name, sizeof(name));
			printf("vcpu%u %s: ", v, name);
			print_value(a->ids[i], x);
			printf(" -> ");
			print_value(a->ids[i], y);
			printf("\n");
			d = true;
		}
	return d;
}

static bool diff_irq(const char *label, const struct irq_state *x, const struct irq_state *y)
{
	bool d = false;
#define FIELD(f)                                                              \
	if (x->f != y->f) {                                                   \
		printf("%s: " #f " %d -> %d\n", label, (int)x->f, (int)y->f); \
		d = true;                                                     \
	}
	FIELD(enabled)
	FIELD(pending)
	FIELD(active)
	FIELD(edge)
	FIELD(group1)
	FIELD(priority)
	FIELD(targets)
#undef FIELD
	return d;
}

static bool diff_gic(const struct snapshot *a, const struct snapshot *b)
{
	static struct gic_view x, y;
	decode_gic(a, &x);
	decode_gic(b, &y);
	if (!x.present || !y.present)
		return x.present != y.present && printf("vGIC: in only one of the two\n");
	bool d = differ_u32("GICD_CTLR", x.ctlr, y.ctlr);
	uint32_t vcpus = a->nr_vcpus < b->nr_vcpus ? a->nr_vcpus : b->nr_vcpus;
	uint32_t irqs = a->nr_irqs < b->nr_irqs ? a->nr_irqs : b->nr_irqs;
	for (uint32_t irq = 0; irq < irqs; irq++)
		for (uint32_t cpu = 0; cpu < (irq < NR_PRIVATE ? vcpus : 1); cpu++) {
			char label[48];
			irq_label(cpu, irq, label, sizeof(label));
			d |= diff_irq(label, irq_of(&x, cpu, irq), irq_of(&y, cpu, irq));
		}
	for (uint32_t cpu = 0; cpu < vcpus; cpu++) {
		char what[48];
		for (uint32_t sgi = 0; sgi < NR_SGIS; sgi++) {
			snprintf(what, sizeof(what), "vcpu%u SGI %u sources", cpu, sgi);
			d |= differ_u32(what, x.sgi_sources[cpu][sgi], y.sgi_sources[cpu][sgi]);
		}
		for (unsigned r = 0; r < NR_CPU_REGS; r++) {
			snprintf(what, sizeof(what), "vcpu%u %s", cpu, cpu_regs[r].name);
			d |= differ_u32(what, x.cpu_regs[cpu][r], y.cpu_regs[cpu][r]);
		}
	}
	return d;
}

static bool diff_ram(const struct snapshot *a, const struct snapshot *b)
{
	bool d = false;
	uint32_t size = a->h->ram_size < b->h->ram_size ? a->h->ram_size : b->h->ram_size;
	for (uint32_t off = 0; off < size; off += MIB) {
		uint32_t n = size - off < MIB ? size - off : MIB;
		uint32_t x = fnv1a(a->ram + off, n), y = fnv1a(b->ram + off, n);
		if (x != y) {
			printf("RAM MiB at 0x%08x: checksum 0x%08x -> 0x%08x\n",
			       a->h->ram_base + off, x, y);
			d = true;
		}
	}
	return d;
}

static int diff(const struct snapshot *a, const struct snapshot *b)
{
	bool d = differ_u32("version", a->h->version, b->h->version);
	d |= differ_u32("flags", a->h->flags, b->h->flags);
	d |= differ_u32("MIDR", a->h->midr, b->h->midr);
	d |= differ_u32("vCPUs", a->nr_vcpus, b->nr_vcpus);
	d |= differ_u32("RAM base", a->h->ram_base, b->h->ram_base);
	d |= differ_u32("RAM size", a->h->ram_size, b->h->ram_size);
	d |= diff_regs(a, b);
	d |= diff_gic(a, b);
	d |= diff_ram(a, b);
	if (!d)
		printf("the two snapshots are the same\n");
	return d ? EXIT_DIFFER : EXIT_SAME;
}

int main(int argc, char **argv)
{
	struct snapshot a, b;
	if (argc == 3 && !strcmp(argv[1], "show"))
		return load(argv[2], &a) ? EXIT_TROUBLE : show(&a);
	if (argc == 4 && !strcmp(argv[1], "diff"))
		return load(argv[2], &a) || load(argv[3], &b) ? EXIT_TROUBLE : diff(&a, &b);
	fprintf(stderr, "usage: hypv7-snapshot show FILE | hypv7-snapshot diff A B\n");
	return EXIT_TROUBLE;
}
