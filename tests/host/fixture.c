/* Host-test fixtures: a simulated VM with vCPUs on faked CPU ids, and GET/SET helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "abi/qemu_a15_ids.h"

uint64_t fx_phys_counter;
unsigned fx_overruns;

static uint64_t fixture_counter(void)
{
	return fx_phys_counter;
}

void fx_ids_qemu_a15(struct cpu_ids *ids)
{
	*ids = abi_qemu_a15_ids;
}

void fx_ids_a7(struct cpu_ids *ids)
{
	fx_ids_qemu_a15(ids);
	ids->invariant[INVARIANT_MIDR] = 0x410fc075;
}

void fx_setup(struct fixture *f, const struct cpu_ids *ids, unsigned nr_vcpus)
{
	memset(f, 0, sizeof(*f));
	f->ids = *ids;
	f->vm.ids = &f->ids;
	f->vm.read_counter = fixture_counter;
	f->vm.nr_vcpus = nr_vcpus;
	for (unsigned i = 0; i < nr_vcpus && i < FX_MAX_VCPUS; i++)
		abi_vcpu_create(&f->vcpu[i], &f->bank[i], &f->vm, i);
}

int fx_init(struct abi_vcpu *v, uint32_t features)
{
	struct kvm_vcpu_init init;
	int err = abi_preferred_target(v->vm->ids, &init);

	if (err)
		return err;
	init.features[0] = features;
	return abi_vcpu_init(v, &init);
}

#define GUARD_BYTE 0xa5
#define BUF_BYTES 16

int fx_get(const struct abi_vcpu *v, uint64_t id, uint64_t *out)
{
	uint8_t buf[BUF_BYTES];
	unsigned size = KVM_REG_SIZE(id);
	int err;

	memset(buf, GUARD_BYTE, sizeof(buf));
	err = abi_get_reg(v, id, buf);
	for (unsigned i = size < BUF_BYTES ? size : BUF_BYTES; i < BUF_BYTES; i++)
		fx_overruns += buf[i] != GUARD_BYTE;
	*out = 0;
	for (unsigned i = 0; !err && i < size && i < sizeof(*out); i++)
		*out |= (uint64_t)buf[i] << (8 * i);
	return err;
}

int fx_set(struct abi_vcpu *v, uint64_t id, uint64_t val)
{
	uint8_t buf[BUF_BYTES];

	memset(buf, GUARD_BYTE, sizeof(buf));
	for (unsigned i = 0; i < sizeof(val); i++)
		buf[i] = (uint8_t)(val >> (8 * i));
	return abi_set_reg(v, id, buf);
}

/* Copies a CSV field (quoted or not) into dst; returns the rest. */
static const char *csv_field(const char *p, char *dst, size_t len)
{
	size_t n = 0;
	bool quoted = *p == '"';

	if (quoted)
		p++;
	while (*p && *p != '\n' && *p != '\r') {
		if (quoted && *p == '"') {
			p++;
			if (*p != '"')
				break;
		} else if (!quoted && *p == ',') {
			break;
		}
		if (n + 1 < len)
			dst[n++] = *p;
		p++;
	}
	dst[n] = '\0';
	return *p == ',' ? p + 1 : p;
}

int csv_load(const char *path, struct csv_reg *out, int max)
{
	char line[512], field[256];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	if (!fgets(line, sizeof(line), f)) /* header */
		n = -1;
	while (n >= 0 && n < max && fgets(line, sizeof(line), f)) {
		const char *p = csv_field(line, field, sizeof(field));

		out[n].id = strtoull(field, NULL, 16);
		p = csv_field(p, field, sizeof(field));
		out[n].bits = (unsigned)strtoul(field, NULL, 10);
		p = csv_field(p, out[n].group, sizeof(out[n].group));
		p = csv_field(p, out[n].name, sizeof(out[n].name));
		csv_field(p, out[n].note, sizeof(out[n].note));
		n++;
	}
	fclose(f);
	return n;
}
