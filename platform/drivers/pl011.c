/* ARM PrimeCell UART (PL011), polled; the firmware or QEMU sets the baud. */
#include "platform/drivers/pl011.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTCR 0x30
#define UARTFR_TXFF (1u << 5)
#define UARTCR_UARTEN (1u << 0)
#define UARTCR_TXE (1u << 8)
#define UARTCR_RXE (1u << 9)

static inline volatile uint32_t *reg(uintptr_t base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

static void pl011_init(uintptr_t base)
{
	*reg(base, UARTCR) = UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE;
}

static void pl011_putc(uintptr_t base, char c)
{
	while (*reg(base, UARTFR) & UARTFR_TXFF)
		;
	*reg(base, UARTDR) = (uint8_t)c;
}

const struct console_ops pl011_console = {
	.init = pl011_init,
	.putc = pl011_putc,
};
