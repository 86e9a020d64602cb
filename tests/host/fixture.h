/*
 * Shared fixtures of the host tests: fake host CPUs (QEMU's cortex-a15 and
 * variations), a small VM, value helpers that check GET/SET never touch
 * more than KVM_REG_SIZE(id) bytes, and the reference CSV reader.
 */
#ifndef HYPV7_TEST_FIXTURE_H
#define HYPV7_TEST_FIXTURE_H

#include <stdint.h>

#include "abi/qemu_a15_ids.h"
#include "abi/vcpu_bank.h"

#define FX_MAX_VCPUS 8

/* The physical counter the ABI code reads (fx_setup installs it as the VM's read_counter). */
extern uint64_t fx_phys_counter;
/* Bytes GET wrote past KVM_REG_SIZE(id), over all fx_get() calls. */
extern unsigned fx_overruns;

/* QEMU -cpu cortex-a15: MIDR 0x414fc0f0, CLIDR 0x0a200023, MVFR0 0x10110222. */
void fx_ids_qemu_a15(struct cpu_ids *ids);
/* The same CPU with a Cortex-A7 MIDR. */
void fx_ids_a7(struct cpu_ids *ids);

struct fixture {
	struct cpu_ids ids;
	struct abi_vm vm;
	struct vcpu_bank bank[FX_MAX_VCPUS];
	struct abi_vcpu vcpu[FX_MAX_VCPUS];
};

/* A VM of `nr_vcpus` created (not initialised) vCPUs on `ids`. */
void fx_setup(struct fixture *f, const struct cpu_ids *ids, unsigned nr_vcpus);
/* VCPU_INIT with the preferred target and feature word 0 = `features`. */
int fx_init(struct abi_vcpu *v, uint32_t features);

/* GET/SET through a KVM_REG_SIZE(id)-byte little-endian buffer. */
int fx_get(const struct abi_vcpu *v, uint64_t id, uint64_t *out);
int fx_set(struct abi_vcpu *v, uint64_t id, uint64_t val);

/* One line of reglist-a15.csv. */
struct csv_reg {
	uint64_t id;
	unsigned bits;
	char group[16];
	char name[64];
	char note[256];
};
#define CSV_MAX_REGS 256
/* Reads the CSV; returns the number of ids or -1 (and says why). */
int csv_load(const char *path, struct csv_reg *out, int max);

#endif /* HYPV7_TEST_FIXTURE_H */
