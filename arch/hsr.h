/*
 * HSR, the Hyp Syndrome Register: why the guest trapped (EC) and the
 * instruction-specific syndrome (ISS) of the classes hypv7 handles or
 * reports. Included by C and by assembly (hyp/vectors.S), so the values
 * the vectors use are plain numbers.
 */
#ifndef HYPV7_ARCH_HSR_H
#define HYPV7_ARCH_HSR_H

#define HSR_EC_SHIFT 26
#define HSR_EC_COUNT 64
#define HSR_IL_SHIFT 25
#define HSR_ISS_BITS 25

/* EC values, with the name a report gives them. */
#define HSR_EC_LIST(X)                                       \
	X(UNKNOWN, 0x00, "unknown reason")                   \
	X(WFI_WFE, 0x01, "WFI/WFE")                          \
	X(CP15_32, 0x03, "MCR/MRC CP15")                     \
	X(CP15_64, 0x04, "MCRR/MRRC CP15")                   \
	X(CP14_32, 0x05, "MCR/MRC CP14")                     \
	X(CP14_LS, 0x06, "LDC/STC CP14")                     \
	X(VFP, 0x07, "HCPTR-trapped VFP/NEON")               \
	X(VMRS_ID, 0x08, "VMRS (ID group)")                  \
	X(CP14_64, 0x0c, "MRRC CP14")                        \
	X(ILLEGAL_RETURN, 0x0e, "illegal exception return")  \
	X(SVC, 0x11, "SVC")                                  \
	X(HVC, 0x12, "HVC")                                  \
	X(SMC, 0x13, "SMC")                                  \
	X(PABT_GUEST, 0x20, "prefetch abort from the guest") \
	X(PABT_HYP, 0x21, "prefetch abort in Hyp")           \
	X(DABT_GUEST, 0x24, "data abort from the guest")     \
	X(DABT_HYP, 0x25, "data abort in Hyp")
#define HSR_EC_HVC 0x12 /* for the vectors: the same value as the list's */
/* The whole HSR of HVC #0, the hypercalls: HVC is a 32-bit instruction in
 * either state and its ISS is just its immediate, so one compare tells. */
#define HSR_HVC0 ((HSR_EC_HVC << HSR_EC_SHIFT) | (1 << HSR_IL_SHIFT))

#ifndef __ASSEMBLY__
#include <stdint.h>

enum hsr_ec {
#define HSR_EC_ENUM(name, value, text) EC_##name = value,
	HSR_EC_LIST(HSR_EC_ENUM)
#undef HSR_EC_ENUM
};
_Static_assert(HSR_EC_HVC == EC_HVC, "one value for the HVC class");

#define HSR_IL (1u << HSR_IL_SHIFT) /* a 32-bit instruction trapped */
#define HSR_ISS_MASK ((1u << HSR_ISS_BITS) - 1)
/* Conditional classes: CV says COND holds the instruction's condition. */
#define HSR_CV (1u << 24)
#define HSR_COND_SHIFT 20
#define HSR_COND_MASK 0xfu

static inline uint32_t hsr_ec(uint32_t hsr)
{
	return hsr >> HSR_EC_SHIFT;
}

/* WFI/WFE: ISS.TI tells which. */
#define HSR_WFX_IS_WFE (1u << 0)

/* Data and prefetch aborts. */
#define ABT_ISV (1u << 24) /* the fields below describe the access */
#define ABT_SAS_SHIFT 22   /* access size: 8 << SAS bits */
#define ABT_SAS_MASK 3u
#define ABT_SSE (1u << 21) /* sign-extend a load */
#define ABT_SRT_SHIFT 16   /* the register transferred */
#define ABT_SRT_MASK 0xfu
#define ABT_S1PTW (1u << 7) /* the fault was on a stage-1 table walk */
#define ABT_WNR (1u << 6)
#define ABT_FSC_MASK 0x3fu
#define FSC_LEVEL_MASK 0x3u
#define FSC_TYPE_MASK 0x3cu
/* HPFAR holds IPA[39:12] from bit 4. */
#define HPFAR_FIPA_SHIFT 4
#define IPA_PAGE_SHIFT 12

/* MCR/MRC (CP14, CP15): the coprocessor register and the transfer register. */
#define CP_OPC2_SHIFT 17
#define CP_OPC1_SHIFT 14
#define CP_CRN_SHIFT 10
#define CP_RT_SHIFT 5
#define CP_CRM_SHIFT 1
#define CP_FIELD3 7u
#define CP_FIELD4 0xfu
#define CP_READ 1u /* direction: MRC */
/* MCRR/MRRC: the second transfer register. */
#define CP_RT2_SHIFT 10
#endif /* __ASSEMBLY__ */
#endif
