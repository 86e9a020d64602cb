/* The physical CPU as every VM's register ABI sees it (struct cpu_ids). */
#ifndef HYPV7_HOST_IDS_H
#define HYPV7_HOST_IDS_H
#include "abi/vcpu_bank.h"

/* Read once at boot, before any VM exists; the same for every VM. */
extern struct cpu_ids host_ids;
/* Reads the ID registers and probes which bits of each register a guest
 * owns this CPU lets software choose (what SET_ONE_REG accepts). */
void host_ids_read(void);
#endif
