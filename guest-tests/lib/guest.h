/*
 * Runtime facts about a hypv7 guest: the state it was entered in (saved by
 * crt0 before it changed anything) and the symbols of guest.ld.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

/* Saved by crt0 at entry; they live in .data so zeroing .bss keeps them. */
extern uint32_t guest_entry_r0;
extern uint32_t guest_entry_r1;
extern uint32_t guest_entry_r2;
extern uint32_t guest_entry_cpsr;
extern uint32_t guest_entry_sctlr;
extern uint32_t guest_entry_pc; /* where _start actually ran */

/* From linker/guest.ld. */
extern char _start[];
extern char __persist_page[]; /* kept across this VM's own resets */
extern char __heap_start[], __heap_end[];

#define GUEST_PERSIST_PAGE_SIZE 4096u

/* SCTLR bits that must be clear at entry (MMU and caches off). */
#define SCTLR_M (1u << 0)
#define SCTLR_C (1u << 2)
#define SCTLR_I (1u << 12)

/* Give the CPU away: under hypv7 WFI traps and yields to other VMs. */
static inline void guest_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* The virtual counter (CNTVCT) and its frequency (CNTFRQ, in Hz). */
static inline uint64_t guest_cntvct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t guest_cntfrq(void)
{
	uint32_t f;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

/* Yield n times, letting the other VMs run (e.g. before powering off). */
static inline void guest_yield(unsigned int n)
{
	while (n--)
		guest_wfi();
}

/* How guest_mmu_set_page() leaves one 4 KiB page of the identity map. */
enum guest_page_access {
	GUEST_PAGE_RW,   /* as crt0 mapped it */
	GUEST_PAGE_RO,   /* read-only at every privilege level */
	GUEST_PAGE_NONE, /* unmapped: a stage-1 translation fault */
};

/*
 * Changes the stage-1 access of the page holding `va` (RAM only: the
 * 1 GiB Normal window) and flushes the TLB. Returns 0, or -1 if the page
 * cannot be split out. A guest that unmaps a page must not touch it.
 */
int guest_mmu_set_page(uint32_t va, enum guest_page_access access);

/* crt0's: the identity map (sections, device memory included) and the
 * MMU on, caches still off. */
void guest_mmu_enable(void);

/*
 * Turns the data and instruction caches on (crt0 leaves them off so that
 * nothing hides in a cache across a VM reset). For guests that want to run
 * as a real OS would, e.g. the benchmarks.
 */
void guest_caches_on(void);

/*
 * Replaces the identity map with a long-descriptor (LPAE) one, RAM normal
 * write-back, and turns the MMU and caches on: how a control VM running a
 * real OS with LPAE (Linux) looks to hypv7. guest_mmu_set_page() no longer
 * applies afterwards.
 */
void guest_mmu_lpae_caches_on(void);

/* Write text straight to the UART, bypassing stdio (for crash paths). */
void guest_uart_puts(const char *s);

#endif
