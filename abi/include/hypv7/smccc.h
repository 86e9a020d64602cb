/*
 * The SMC Calling Convention and PSCI as hypv7 serves them over HVC #0:
 * function ids, results and versions, once for the hypervisor, the ABI
 * code and guests (Arm DEN 0028 SMCCC 1.1, DEN 0022 PSCI 1.0).
 */
#ifndef HYPV7_SMCCC_H
#define HYPV7_SMCCC_H

/* A function id: fast call bit, owner, function number. */
#define SMCCC_FAST_CALL 0x80000000u
#define SMCCC_OWNER_SHIFT 24
#define SMCCC_OWNER_MASK 0x3fu
#define SMCCC_OWNER_ARCH 0u
#define SMCCC_OWNER_STANDARD 4u   /* PSCI */
#define SMCCC_OWNER_VENDOR_HYP 6u /* hypv7's own calls (hypercalls.h) */

/* r0 for a function id that is not implemented (-1). */
#define SMCCC_NOT_SUPPORTED 0xffffffffu

/* Arm architecture calls. */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define SMCCC_VERSION_1_1 0x00010001u

/* PSCI function ids (SMC32) and the range they live in. */
#define PSCI_FN_FIRST 0x84000000u
#define PSCI_FN_LAST 0x8400001fu
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au

/* PSCI results (signed, in r0). */
#define PSCI_SUCCESS 0
#define PSCI_E_NOT_SUPPORTED (-1)
#define PSCI_E_INVALID_PARAMETERS (-2)
#define PSCI_E_ALREADY_ON (-4)
#define PSCI_E_ON_PENDING (-5)
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2
#define PSCI_TOS_NOT_PRESENT_MP 2 /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */

/* PSCI versions: major in bits 31..16, minor in 15..0. */
#define PSCI_VERSION_MAJOR(v) ((v) >> 16)
#define PSCI_VERSION_MINOR(v) ((v)&0xffffu)
#define PSCI_VERSION_0_1 0x00000001u
#define PSCI_VERSION_0_2 0x00000002u
#define PSCI_VERSION_1_0 0x00010000u
/* The PSCI version a vCPU with feature PSCI_0_2 gets unless set lower. */
#define PSCI_VERSION_LATEST PSCI_VERSION_1_0
/* PSCI_VERSION itself came with PSCI 0.2: a 0.1 caller gets NOT_SUPPORTED. */
#define PSCI_VERSION_FN_SINCE PSCI_VERSION_0_2

#endif /* HYPV7_SMCCC_H */
