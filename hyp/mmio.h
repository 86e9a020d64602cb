/*
 * Emulated devices in a VM's address space: IPA ranges outside its RAM,
 * each with a handler. A stage-2 data abort in one of them is an access to
 * that device (hyp/trap.c decodes it); anywhere else it stops the VM.
 */
#ifndef HYPV7_HYP_MMIO_H
#define HYPV7_HYP_MMIO_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* One trapped load or store, already decoded. */
struct mmio_access {
	uint32_t offset; /* from the start of the region */
	unsigned size;   /* in bytes: 1, 2 or 4 */
	bool write;
	uint32_t value; /* a store's value, zero-extended */
};

/* Returns a load's value (the caller cuts and extends it to the size);
 * a store's result is ignored. */
typedef uint32_t mmio_handler(struct vcpu *vcpu, void *dev, const struct mmio_access *access);

struct mmio_region {
	uint32_t ipa, size;
	mmio_handler *handler;
	void *dev;
};

/* A VM's devices: the vUART today, the GIC distributor next. */
#define VM_MAX_MMIO_REGIONS 4u
struct mmio_map {
	struct mmio_region regions[VM_MAX_MMIO_REGIONS];
	unsigned nr;
};

/* Adds a region: 0, -EINVAL if it is empty, wraps or overlaps another,
 * -ENOMEM if the map is full. */
int mmio_register(struct mmio_map *map, uint32_t ipa, uint32_t size, mmio_handler *handler,
		  void *dev);
/* The region holding `ipa`, or NULL. */
const struct mmio_region *mmio_find(const struct mmio_map *map, uint64_t ipa);
#endif
