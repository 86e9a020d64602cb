/*
 * The ID values QEMU's "-cpu cortex-a15" shows a guest: the host profile
 * the reference register list (136 ids) was computed for.  Used by the
 * host tests, by hypv7-regname --list, and by anything that needs a known
 * CPU without hardware.
 */
#ifndef HYPV7_ABI_QEMU_A15_IDS_H
#define HYPV7_ABI_QEMU_A15_IDS_H

#include "abi/vcpu_bank.h"

extern const struct cpu_ids abi_qemu_a15_ids;

#endif /* HYPV7_ABI_QEMU_A15_IDS_H */
