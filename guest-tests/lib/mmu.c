/*
 * A flat identity map for the guest, with the MMU on but caches off.
 *
 * Why: with the MMU off every data access is Strongly-ordered, where an
 * unaligned access faults, and newlib's ARMv7 string routines do unaligned
 * loads. Mapping RAM as Normal memory makes them legal. The data cache stays
 * off (SCTLR.C = 0) so nothing a guest writes can hide in a cache line across
 * a VM reset (the persistent page) or from hypv7 reloading the image.
 *
 * Every address is mapped, device memory included, so that an access outside
 * the VM's RAM goes past stage 1 and reaches hypv7's stage 2 (fault tests).
 */
#include <stdint.h>

#include "guest.h"

#define SECTION_SHIFT        20u
#define L1_ENTRIES           4096u
#define L1_TABLE_ALIGN       16384u

/* Short-descriptor section entry fields. */
#define SECT_TYPE            0x2u
#define SECT_B               (1u << 2)
#define SECT_C               (1u << 3)
#define SECT_XN              (1u << 4)
#define SECT_AP_RW           (3u << 10)   /* AP[1:0] = 11: read/write, any PL */
#define SECT_TEX(x)          ((uint32_t)(x) << 12)
#define SECT_S               (1u << 16)

/* Normal, inner/outer write-back (TEX=001, C=1, B=1), shareable. */
#define SECT_NORMAL          (SECT_TYPE | SECT_AP_RW | SECT_TEX(1) | SECT_C | SECT_B | SECT_S)
/* Shareable Device (TEX=000, C=0, B=1), never executable. */
#define SECT_DEVICE          (SECT_TYPE | SECT_AP_RW | SECT_B | SECT_XN)

/* Normal memory: the 1 GiB RAM window of a virt-shaped machine. */
#define NORMAL_FIRST_MB      0x400u
#define NORMAL_END_MB        0x800u

#define DACR_D0_CLIENT       0x1u

#define SCTLR_A              (1u << 1)
#define SCTLR_TRE            (1u << 28)
#define SCTLR_AFE            (1u << 29)

static uint32_t l1_table[L1_ENTRIES] __attribute__((aligned(L1_TABLE_ALIGN)));

static void fill_identity_map(void)
{
    for (uint32_t mb = 0; mb < L1_ENTRIES; mb++) {
        int normal = mb >= NORMAL_FIRST_MB && mb < NORMAL_END_MB;
        l1_table[mb] = (mb << SECTION_SHIFT) | (normal ? SECT_NORMAL : SECT_DEVICE);
    }
}

static uint32_t sctlr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
    return v;
}

static void sctlr_write(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" :: "r"(v) : "memory");
}

void guest_mmu_enable(void)
{
    fill_identity_map();
    __asm__ volatile(
        "dsb\n\t"                              /* table writes before the walk */
        "mcr p15, 0, %0, c2, c0, 2\n\t"        /* TTBCR = 0: TTBR0 only, short */
        "mcr p15, 0, %1, c2, c0, 0\n\t"        /* TTBR0: walks non-cacheable */
        "mcr p15, 0, %2, c3, c0, 0\n\t"        /* DACR */
        "mcr p15, 0, %0, c8, c7, 0\n\t"        /* TLBIALL */
        "dsb\n\t"
        "isb"
        :: "r"(0u), "r"((uint32_t)l1_table), "r"(DACR_D0_CLIENT) : "memory");

    uint32_t sctlr = sctlr_read();
    sctlr &= ~(SCTLR_A | SCTLR_C | SCTLR_TRE | SCTLR_AFE);
    sctlr_write(sctlr | SCTLR_M);
}
