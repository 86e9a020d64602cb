/*
 * The VM that sr_boot starts the way kvmtool starts a vCPU (its VM is
 * created with start=stopped). It records what it was entered with and
 * what the memory hypercalls answer a non-control VM in its status page
 * (sr_common.h), prints them, and powers itself off.
 */
#include <stdio.h>

#include "sr_common.h"

#define PROBE_BYTES 16u

int main(void)
{
	volatile struct sr_status *st = sr_status_self();
	uint8_t probe[PROBE_BYTES];
	uint32_t self = 0;

	hv_self(&self);

	st->entry_r0 = guest_entry_r0;
	st->entry_r1 = guest_entry_r1;
	st->entry_r2 = guest_entry_r2;
	st->entry_cpsr = guest_entry_cpsr;
	st->entry_pc = guest_entry_pc;
	/* Only VM 0 may use VM_READ_MEM, on any VM, itself included. */
	st->read_other = hv_vm_read_mem(HYPV7_CONTROL_VM, 0x40000000u, probe, sizeof(probe));
	st->read_self = hv_vm_read_mem(HYPV7_HANDLE_VM(self), 0x40000000u, probe, sizeof(probe));
	printf("hello from a kvmtool-style boot: r0=%#lx r1=%#lx r2=%#lx cpsr=%#lx pc=%#lx\n",
	       (unsigned long)guest_entry_r0, (unsigned long)guest_entry_r1,
	       (unsigned long)guest_entry_r2, (unsigned long)guest_entry_cpsr,
	       (unsigned long)guest_entry_pc);
	printf("VM_READ_MEM of vm0: %d, of itself: %d\n", (int)st->read_other, (int)st->read_self);
	st->done = 1;
	st->magic = SR_STATUS_MAGIC;
	return 0; /* exit: PSCI SYSTEM_OFF */
}
