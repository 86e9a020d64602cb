/*
 * Emulated PL011: enough for a polled driver. Output is collected per VM
 * and written to the console a whole line at a time with the VM's name in
 * front, so lines of different VMs never mix.
 */
#include "lib/printk.h"
#include "boot/console.h"
#include "hyp/vm.h"
#include "hyp/vuart.h"

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTPERIPHID0 0xfe0

#define UARTFR_RXFE (1u << 4) /* receive FIFO empty: there is no input */
#define UARTFR_TXFE (1u << 7) /* transmit FIFO empty: output is immediate */
#define UARTCR_ENABLED 0x301u /* UARTEN | TXE | RXE */
#define UARTLCR_H_8N1_FIFO 0x70u

/* PrimeCell identification: PL011 revision r1p5. */
static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
#define ID_REGS_COUNT (sizeof(pl011_ids) / sizeof(pl011_ids[0]))

static void flush_line(struct vm *vm)
{
	console_vm_line(vm->name, vm->uart.line, vm->uart.len);
	vm->uart.len = 0;
}

static void put_char(struct vm *vm, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		flush_line(vm);
		return;
	}
	vm->uart.line[vm->uart.len++] = c;
	if (vm->uart.len == VUART_LINE_MAX)
		flush_line(vm);
}

static uint32_t read_reg(uint32_t offset)
{
	if (offset >= UARTPERIPHID0 && offset < UARTPERIPHID0 + 4 * ID_REGS_COUNT)
		return pl011_ids[(offset - UARTPERIPHID0) / 4];
	switch (offset) {
	case UARTFR:
		return UARTFR_TXFE | UARTFR_RXFE;
	case UARTCR:
		return UARTCR_ENABLED;
	case UARTLCR_H:
		return UARTLCR_H_8N1_FIFO;
	default:
		return 0; /* no input, no interrupts pending */
	}
}

uint32_t vuart_access(struct vm *vm, uint32_t offset, bool write, uint32_t value)
{
	if (!write)
		return read_reg(offset);
	if (offset == UARTDR)
		put_char(vm, (char)(value & 0xff));
	return 0; /* other writes (baud, control, interrupt masks) are accepted */
}
