/*
 * tools/hypv7-snapshot on snapshot files written here (version 1 and 2, as
 * abi/client/snapshot.h lays them out): show names registers, decodes the
 * vGIC and checksums RAM; diff names what changed and exits 0 / 1 / 2 as
 * diff(1); a truncated file or one that is not a snapshot is refused.
 * argv[3] is the tool (tests/host/host-tests.mk).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <hypv7/kvm.h>

#include "abi/client/snapshot.h"
#include "tap.h"

#define NR_REGS 2u
#define RAM_BYTES (2u * 1024u * 1024u)
#define RAM_BASE 0x40000000u
#define OUT_MAX 65536u
#define ID_R0 (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | 0u)
#define ID_PC (KVM_REG_ARM | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | 15u)

static const char *tool;
static char out[OUT_MAX];

/* A version-2 snapshot: r0 and pc, SPI 33 enabled with priority 0xa0, a
 * PMR, GICD_CTLR on, 2 MiB of RAM. `flip` changes one thing: 1 pc, 2 the
 * SPI's enable, 3 a byte of the second MiB of RAM. */
static size_t make_v2(uint8_t *buf, int flip)
{
	struct snap_vm_header *vh = (void *)buf;
	static const struct snap_vgic_entry gic[] = {
		{ .attr = 0x420, .group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, .value = 0xa0u << 8 },
		{ .attr = 0x104, .group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, .value = 1u << 1 },
		{ .attr = 0x04, .group = KVM_DEV_ARM_VGIC_GRP_CPU_REGS, .value = 0x1e },
		{ .attr = 0x000, .group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, .value = 1 },
	};
	uint32_t n = sizeof(gic) / sizeof(gic[0]);
	memset(vh, 0, sizeof(*vh));
	memcpy(vh->base.magic, SNAP_MAGIC, SNAP_MAGIC_LEN);
	vh->base.version = SNAP_VM_VERSION;
	vh->base.flags = SNAP_RAM | SNAP_VGIC;
	vh->base.midr = 0x414fc0f0u;
	vh->base.nr_regs = NR_REGS;
	vh->base.ram_base = RAM_BASE;
	vh->base.ram_size = RAM_BYTES;
	vh->base.header_size = sizeof(*vh);
	vh->base.nr_vcpus = 1;
	vh->vgic_entries = n;
	vh->gic_nr_irqs = 64;
	uint64_t *ids = (uint64_t *)(vh + 1), *vals = ids + NR_REGS;
	ids[0] = ID_R0;
	ids[1] = ID_PC;
	vals[0] = 0x1234;
	vals[1] = flip == 1 ? 0x40000104u : 0x40000100u;
	struct snap_vgic_entry *g = (struct snap_vgic_entry *)(vals + NR_REGS);
	memcpy(g, gic, sizeof(gic));
	if (flip == 2)
		g[1].value = 0;
	uint8_t *ram = (uint8_t *)(g + n);
	memset(ram, 0x5a, RAM_BYTES);
	if (flip == 3)
		ram[RAM_BYTES - 1] ^= 1;
	return (size_t)(ram + RAM_BYTES - buf);
}

static void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len)
		tap_ok(false, "write %s", path);
	if (f)
		fclose(f);
}

/* Runs the tool; its exit status, its output in out[]. */
static int run(const char *args)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", tool, args);
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(out, 1, OUT_MAX - 1, p) : 0;
	out[n] = 0;
	int status = p ? pclose(p) : -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		printf("# no tool path given: skipped\n");
		return 0;
	}
	tool = argv[3];
	static uint8_t a[RAM_BYTES + 4096], b[RAM_BYTES + 4096];
	char dir[] = "/tmp/hypv7-snap-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char pa[64], pb[64], args[200];
	snprintf(pa, sizeof(pa), "%s/a.snap", dir);
	snprintf(pb, sizeof(pb), "%s/b.snap", dir);
	size_t len = make_v2(a, 0);
	write_file(pa, a, len);

	snprintf(args, sizeof(args), "show %s", pa);
	tap_ok(run(args) == 0, "show exits 0");
	tap_ok(strstr(out, "version 2") && strstr(out, "1 vCPU"), "show: the header");
	tap_ok(strstr(out, "vcpu0 r0 = 0x00001234") && strstr(out, "vcpu0 pc = 0x40000100"),
	       "show: registers by their KVM names");
	tap_ok(strstr(out, "SPI 1 (intid 33): enabled priority 0xa0"),
	       "show: the vGIC decoded (SPI 33 enabled, its priority)");
	tap_ok(strstr(out, "PMR 0x1e (priority mask 0xf0)"), "show: the CPU interface");
	tap_ok(strstr(out, "0x40100000: 0x"), "show: a checksum for each MiB of RAM");

	snprintf(args, sizeof(args), "diff %s %s", pa, pa);
	tap_ok(run(args) == 0 && strstr(out, "the same"),
	       "diff of a file with itself: 0, the same");
	static const struct {
		int flip;
		const char *want;
	} flips[] = {
		{ 1, "vcpu0 pc: 0x40000100 -> 0x40000104" },
		{ 2, "SPI 1 (intid 33): enabled 1 -> 0" },
		{ 3, "RAM MiB at 0x40100000" },
	};
	for (unsigned i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		write_file(pb, b, make_v2(b, flips[i].flip));
		snprintf(args, sizeof(args), "diff %s %s", pa, pb);
		int rc = run(args);
		if (!tap_ok(rc == 1 && strstr(out, flips[i].want), "diff names \"%s\" and exits 1",
			    flips[i].want))
			printf("# rc %d, output: %s\n", rc, out);
	}

	write_file(pb, a, len / 2);
	snprintf(args, sizeof(args), "show %s", pb);
	tap_ok(run(args) == 2 && strstr(out, "truncated"), "a truncated file: exit 2, truncated");
	write_file(pb, "not a snapshot at all, just text", 32);
	tap_ok(run(args) == 2 && strstr(out, "not a hypv7 snapshot"), "not a snapshot: exit 2");

	/* Version 1: one vCPU, no vGIC. */
	struct snap_header *h = (void *)b;
	memset(b, 0, sizeof(*h) + 32);
	memcpy(h->magic, SNAP_MAGIC, SNAP_MAGIC_LEN);
	h->version = SNAP_VERSION;
	h->nr_regs = NR_REGS;
	h->header_size = sizeof(*h);
	uint64_t *ids = (uint64_t *)(h + 1);
	ids[0] = ID_R0;
	ids[1] = ID_PC;
	ids[3] = 0x40000200u;
	write_file(pb, b, sizeof(*h) + 32);
	tap_ok(run(args) == 0 && strstr(out, "version 1") && strstr(out, "vcpu0 pc = 0x40000200") &&
		   strstr(out, "vGIC: not in this snapshot"),
	       "a version-1 snapshot: its registers, no vGIC");
	remove(pa);
	remove(pb);
	remove(dir);
	return tap_failures ? 1 : 0;
}
