/*
 * A guest test never expects an exception of its own; when one happens the
 * program reports it on the UART (without stdio, whose state may be broken)
 * and ends, so the runner sees a clear message instead of a hang.
 */
#include <stdint.h>
#include <stdlib.h>

#include "guest.h"
#include "pl011.h"

#define EXIT_GUEST_EXCEPTION 99
#define HEX_DIGITS 8

static const char *const exception_names[] = {
	"reset", "undefined instruction", "svc", "prefetch abort", "data abort", "irq", "fiq",
};

void guest_uart_puts(const char *s)
{
	while (*s)
		pl011_putc(*s++);
}

static void uart_put_hex(uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	guest_uart_puts("0x");
	for (int shift = (HEX_DIGITS - 1) * 4; shift >= 0; shift -= 4)
		pl011_putc(digits[(v >> shift) & 0xf]);
}

static uint32_t dfsr_read(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));
	return v;
}

static uint32_t dfar_read(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));
	return v;
}

void guest_exception(uint32_t kind, uint32_t addr) __attribute__((noreturn));

void guest_exception(uint32_t kind, uint32_t addr)
{
	const uint32_t nkinds = sizeof(exception_names) / sizeof(exception_names[0]);

	guest_uart_puts("\nguest exception: ");
	guest_uart_puts(kind < nkinds ? exception_names[kind] : "unknown");
	guest_uart_puts(" at ");
	uart_put_hex(addr);
	guest_uart_puts(" DFSR ");
	uart_put_hex(dfsr_read());
	guest_uart_puts(" DFAR ");
	uart_put_hex(dfar_read());
	guest_uart_puts("\n");
	_Exit(EXIT_GUEST_EXCEPTION);
}
