/* SMC Calling Convention over HVC #0, as hypv7 serves it, and PSCI ids. */
#ifndef SMCCC_H
#define SMCCC_H

#include <stdint.h>

struct smccc_res {
    uint32_t a0, a1, a2, a3;
};

/* Fast call: fn in r0, arguments in r1..r3, results in r0..r3. */
struct smccc_res smccc_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

/* Shorthand for calls whose only result is r0. */
uint32_t smccc_hvc0(uint32_t fn);

#define SMCCC_NOT_SUPPORTED         0xFFFFFFFFu   /* -1 */

/* Arm architecture calls. */
#define SMCCC_VERSION               0x80000000u

/* Vendor-specific hypervisor service range: generic discovery queries. */
#define SMCCC_VENDOR_HYP_CALL_COUNT 0x8600FF00u
#define SMCCC_VENDOR_HYP_CALL_UID   0x8600FF01u
#define SMCCC_VENDOR_HYP_REVISION   0x8600FF03u

/* PSCI 0.2+ function ids (SMC32). */
#define PSCI_VERSION                0x84000000u
#define PSCI_CPU_SUSPEND            0x84000001u
#define PSCI_CPU_OFF                0x84000002u
#define PSCI_CPU_ON                 0x84000003u
#define PSCI_AFFINITY_INFO          0x84000004u
#define PSCI_MIGRATE_INFO_TYPE      0x84000006u
#define PSCI_SYSTEM_OFF             0x84000008u
#define PSCI_SYSTEM_RESET           0x84000009u
#define PSCI_FEATURES               0x8400000Au

#define PSCI_SUCCESS                0u
#define PSCI_NOT_SUPPORTED          0xFFFFFFFFu   /* -1 */

#define PSCI_VERSION_MAJOR(v)       ((v) >> 16)
#define PSCI_VERSION_MINOR(v)       ((v) & 0xFFFFu)

#endif
