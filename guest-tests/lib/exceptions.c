/*
 * A guest test never expects an exception of its own; when one happens the
 * program reports it on the UART (without stdio, whose state may be broken)
 * and ends, so the runner sees a clear message instead of a hang.
 */
#include <stdint.h>
#include <stdlib.h>

#include "guest.h"
#include "pl011.h"
#include "smp.h"

#define EXIT_GUEST_EXCEPTION 99
#define HEX_DIGITS 8
/* How long a crash report waits for the console lock (a vCPU that died
 * holding it must not keep the report from being written). */
#define CONSOLE_LOCK_TRIES 1000000u

/* Each vCPU's IRQ handler; crt0's vec_irq calls the one of its MPIDR.Aff0. */
guest_irq_handler_t guest_irq_handlers[GUEST_MAX_CPUS];

void guest_set_irq_handler(guest_irq_handler_t handler)
{
	unsigned cpu = guest_cpu_index();

	if (cpu < GUEST_MAX_CPUS)
		guest_irq_handlers[cpu] = handler;
}

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

	bool locked = guest_console_trylock_for(CONSOLE_LOCK_TRIES);

	guest_uart_puts("\nguest exception: ");
	guest_uart_puts(kind < nkinds ? exception_names[kind] : "unknown");
	guest_uart_puts(" at ");
	uart_put_hex(addr);
	guest_uart_puts(" DFSR ");
	uart_put_hex(dfsr_read());
	guest_uart_puts(" DFAR ");
	uart_put_hex(dfar_read());
	if (guest_smp_started()) {
		guest_uart_puts(" on vCPU ");
		pl011_putc((char)('0' + guest_cpu_index() % 10));
	}
	guest_uart_puts("\n");
	if (locked)
		guest_console_unlock();
	_Exit(EXIT_GUEST_EXCEPTION);
}
