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

/* Give the CPU away: under hypv7 WFI traps and, while nothing could wake
 * this vCPU (its timer off, its GIC unused), yields to other VMs. */
static inline void guest_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* The virtual counter (CNTVCT) and its frequency (CNTFRQ), for timeouts. */
static inline uint64_t guest_counter(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrrc p15, 1, %Q0, %R0, c14" : "=r"(v));
	return v;
}

static inline uint32_t guest_counter_hz(void)
{
	uint32_t f;
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

#define GUEST_CNTV_ENABLE 1u
#define GUEST_MS_PER_S 1000u

/* Sleeps about `ms` milliseconds on the virtual timer: WFI waits for it
 * (IRQs stay masked: WFI wakes on the pending line all the same), so a
 * CPU with nothing else to run sleeps too. */
static inline void guest_sleep_ms(uint32_t ms)
{
	uint64_t due = guest_counter() + (uint64_t)guest_counter_hz() / GUEST_MS_PER_S * ms;
	__asm__ volatile("mcrr p15, 3, %Q0, %R0, c14" ::"r"(due));
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(GUEST_CNTV_ENABLE));
	while (guest_counter() < due)
		guest_wfi();
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(0u));
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

/* The identity map's first-level table (guest_mmu_enable() fills it), and
 * the MMU switched on with a table, caches untouched (smp_entry.S: it uses
 * no stack, so a vCPU started by guest_cpu_on() calls it too). */
extern uint32_t guest_l1_table[];
void guest_mmu_start(const uint32_t *l1);

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

/*
 * IRQs: with no handler an IRQ is a crash report ("guest exception: irq").
 * guest_set_irq_handler() sets the handler of the calling vCPU (each vCPU
 * has its own, smp.h); it runs in IRQ mode, IRQs masked, on that vCPU's
 * IRQ stack, and acknowledges and ends the interrupt itself (GICC_IAR,
 * GICC_EOIR). The interrupted code's r0-r3, r12, lr, FPSCR and the
 * caller-saved VFP registers are kept. NULL takes it away again.
 */
typedef void (*guest_irq_handler_t)(void);
void guest_set_irq_handler(guest_irq_handler_t handler);

#endif
