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
extern uint32_t guest_entry_pc;    /* where _start actually ran */

/* From linker/guest.ld. */
extern char _start[];
extern char __persist_page[];       /* kept across this VM's own resets */
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

/* Yield n times, letting the other VMs run (e.g. before powering off). */
static inline void guest_yield(unsigned int n)
{
    while (n--)
        guest_wfi();
}

/* Write text straight to the UART, bypassing stdio (for crash paths). */
void guest_uart_puts(const char *s);

#endif
