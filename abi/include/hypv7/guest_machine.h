/*
 * The machine every guest sees, in one place: QEMU virt's layout
 * (hw/arm/virt.c: its memory map and interrupt numbers), so programs built
 * for that board run as guests. VM configurations (hyp/vm_config.h, written
 * by tools/mkvmconfig) take their device addresses and interrupts from
 * here, and so will the guest's device tree; guests' own drivers
 * (guest-tests/lib) read the same addresses.
 *
 * Interrupts are GIC interrupt ids (INTIDs); a device tree names the same
 * interrupt by its type and number within the type (PPI n = INTID 16 + n,
 * SPI n = INTID 32 + n), so both forms are given.
 */
#ifndef HYPV7_GUEST_MACHINE_H
#define HYPV7_GUEST_MACHINE_H

/* Stage-2 translation granule: the unit every IPA range below is made of. */
#define GUEST_PAGE_SIZE 0x1000u

/* GICv2 interrupt id ranges. */
#define GUEST_PPI_BASE 16u
#define GUEST_SPI_BASE 32u

/* RAM: from here up, VMn_MEM= MiB of it. */
#define GUEST_RAM_IPA 0x40000000u

/* GICv2 distributor and CPU interface (no virtual GIC yet). */
#define GUEST_GICD_IPA 0x08000000u
#define GUEST_GICD_SIZE 0x10000u
#define GUEST_GICC_IPA 0x08010000u
#define GUEST_GICC_SIZE 0x10000u

/* The architected virtual timer's interrupt. */
#define GUEST_VTIMER_PPI 11u
#define GUEST_VTIMER_INTID (GUEST_PPI_BASE + GUEST_VTIMER_PPI)

/* The console: a PL011 UART. */
#define GUEST_UART_IPA 0x09000000u
#define GUEST_UART_SIZE GUEST_PAGE_SIZE
#define GUEST_UART_SPI 1u
#define GUEST_UART_INTID (GUEST_SPI_BASE + GUEST_UART_SPI)

#endif
