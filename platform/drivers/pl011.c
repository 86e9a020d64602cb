/*
 * ARM PrimeCell UART (PL011): polled output, input polled or by its receive
 * interrupts; the firmware or QEMU sets the baud rate.
 */
#include "platform/drivers/pl011.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38
#define UARTFR_BUSY (1u << 3)
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define UARTLCR_H_FEN (1u << 4)
#define UARTCR_UARTEN (1u << 0)
#define UARTCR_TXE (1u << 8)
#define UARTCR_RXE (1u << 9)
#define UARTIMSC_RXIM (1u << 4)
#define UARTIMSC_RTIM (1u << 6)
#define UARTDR_DATA 0xffu

static inline volatile uint32_t *reg(uintptr_t base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

/* The FIFOs on, so input waits there between two polls; the PL011 wants
 * its line control changed only while it is disabled and idle. */
static void pl011_init(uintptr_t base)
{
	if (!(*reg(base, UARTLCR_H) & UARTLCR_H_FEN)) {
		while (*reg(base, UARTFR) & UARTFR_BUSY)
			;
		*reg(base, UARTCR) = 0;
		*reg(base, UARTLCR_H) |= UARTLCR_H_FEN;
	}
	*reg(base, UARTCR) = UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE;
}

static void pl011_putc(uintptr_t base, char c)
{
	while (*reg(base, UARTFR) & UARTFR_TXFF)
		;
	*reg(base, UARTDR) = (uint8_t)c;
}

static int pl011_getc(uintptr_t base)
{
	if (*reg(base, UARTFR) & UARTFR_RXFE)
		return CONSOLE_NO_INPUT;
	return (int)(*reg(base, UARTDR) & UARTDR_DATA); /* error bits dropped */
}

/* Receive (FIFO level) and receive timeout: both end when the FIFO is
 * read empty. */
static void pl011_rx_irq_enable(uintptr_t base)
{
	*reg(base, UARTIMSC) |= UARTIMSC_RXIM | UARTIMSC_RTIM;
}

const struct console_ops pl011_console = {
	.init = pl011_init,
	.putc = pl011_putc,
	.getc = pl011_getc,
	.rx_irq_enable = pl011_rx_irq_enable,
};
