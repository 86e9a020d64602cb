/* The PL011 UART every hypv7 VM sees (a QEMU virt-shaped machine). */
#ifndef PL011_H
#define PL011_H

#include <stdint.h>

#include <hypv7/guest_machine.h> /* where it is */
#include <hypv7/pl011.h>         /* its registers */

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

#endif
