/* The PL011 UART every hypv7 VM sees (a QEMU virt-shaped machine). */
#ifndef PL011_H
#define PL011_H

#include <stdbool.h>
#include <stdint.h>

#include <hypv7/guest_machine.h> /* where it is */
#include <hypv7/pl011.h>         /* its registers */

#include "guest.h"

#define PL011_BASE GUEST_UART_IPA

static inline uint32_t pl011_read(uint32_t reg)
{
	return *(volatile uint32_t *)(PL011_BASE + reg);
}

static inline void pl011_write(uint32_t reg, uint32_t val)
{
	*(volatile uint32_t *)(PL011_BASE + reg) = val;
}

static inline void pl011_putc(char c)
{
	while (pl011_read(PL011_FR) & PL011_FR_TXFF)
		;
	pl011_write(PL011_DR, (uint8_t)c);
}

/* Console input comes when tools/run-guest-tests types it: polls (other
 * VMs run when the Hyp timer preempts it) until (reg & mask) == want; false if that has
 * not happened after `seconds`. */
static inline bool pl011_wait(uint32_t reg, uint32_t mask, uint32_t want, uint32_t seconds)
{
	uint64_t end = guest_counter() + (uint64_t)guest_counter_hz() * seconds;
	while ((pl011_read(reg) & mask) != want) {
		if (guest_counter() > end)
			return false;
		/* No WFI: with its GIC on and the UART's interrupt masked,
		 * WFI would wait for an interrupt that never comes (as on
		 * hardware). The Hyp timer preempts this loop. */
	}
	return true;
}

#endif
