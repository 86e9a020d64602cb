/*
 * A quiet control VM (VM 0) for images whose real work is in the other VMs,
 * such as `make run-linux`: it lists the VMs, says when each one stops
 * (powered off, or stopped by a fault), and once every other VM has
 * stopped it powers the board off. It waits for as long as they run, an
 * interactive Linux shell included, sleeping on its timer between looks
 * (so a CPU whose other VMs are idle too sleeps).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ctl.h"
#include "guest.h"

#define CONTROL_VM 0u
#define LOOK_EVERY_MS 20u
#define MIB (1024u * 1024u)
/* Every VM id a vCPU handle can name. */
#define VM_ID_LIMIT (1u << (32 - HYPV7_HANDLE_VM_SHIFT))

static const char *const state_names[] = {
	[HYPV7_VCPU_RUNNABLE] = "running",
	[HYPV7_VCPU_PAUSED] = "paused",
	[HYPV7_VCPU_POWERED_OFF] = "powered off",
	[HYPV7_VCPU_FAULTED] = "stopped by a fault",
};

static const char *state_name(int state)
{
	bool known = state >= 0 && (unsigned)state < sizeof(state_names) / sizeof(state_names[0]);

	return known && state_names[state] ? state_names[state] : "in an unknown state";
}

static bool stopped(int state)
{
	return state == HYPV7_VCPU_POWERED_OFF || state == HYPV7_VCPU_FAULTED;
}

/* Prints the VMs; returns how many there are (VM ids are 0..n-1). */
static uint32_t list_vms(void)
{
	struct hv_vm_info info;
	uint32_t vm;

	for (vm = 0; vm < VM_ID_LIMIT && hv_vm_info(vm, &info) == 0; vm++)
		printf("vm%lu: %lu vCPU, %lu MiB of RAM at IPA 0x%08lx, %s\n", (unsigned long)vm,
		       (unsigned long)info.nr_vcpus, (unsigned long)(info.ram_size / MIB),
		       (unsigned long)info.ram_base,
		       vm == CONTROL_VM ? "this control VM"
					: state_name(ctl_state(ctl_handle(vm))));
	return vm;
}

/* Looks at every other VM once, reporting the ones that stopped since the
 * last look; returns how many are still going. */
static uint32_t look(uint32_t nr_vms, bool *reported)
{
	uint32_t going = 0;

	for (uint32_t vm = CONTROL_VM + 1; vm < nr_vms; vm++) {
		if (reported[vm])
			continue;
		int state = ctl_state(ctl_handle(vm));

		if (state < 0 || stopped(state)) {
			printf("vm%lu %s\n", (unsigned long)vm,
			       state < 0 ? "can no longer be asked" : state_name(state));
			reported[vm] = true;
		} else {
			going++;
		}
	}
	return going;
}

int main(void)
{
	static bool reported[VM_ID_LIMIT];

	printf("hypv7 control VM: the VMs of this image:\n");
	uint32_t nr_vms = list_vms();

	printf("waiting until every other VM has stopped (in a Linux shell: poweroff -f)\n");
	while (look(nr_vms, reported) > 0)
		guest_sleep_ms(LOOK_EVERY_MS);
	printf("every other VM has stopped; powering the board off\n");
	return 0;
}
