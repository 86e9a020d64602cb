/*
 * Emulated PL011: enough for a polled driver. Output is collected per VM
 * and written to the console a whole line at a time with the VM's name in
 * front, so lines of different VMs never mix.
 */
#include <hypv7/pl011.h>

#include "abi/errno.h"
#include "lib/printk.h"
#include "boot/console.h"
#include "hyp/mmio.h"
#include "hyp/vm.h"
#include "hyp/vuart.h"

/* What the emulation answers: output is immediate, there is no input. */
#define VUART_FR (PL011_FR_TXFE | PL011_FR_RXFE)
#define VUART_CR (PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE)

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
	if (offset >= PL011_PERIPHID0 && offset < PL011_PERIPHID0 + 4 * ID_REGS_COUNT)
		return pl011_ids[(offset - PL011_PERIPHID0) / 4];
	switch (offset) {
	case PL011_FR: return VUART_FR;
	case PL011_CR: return VUART_CR;
	case PL011_LCR_H: return PL011_LCR_H_8N1_FIFO;
	default: return 0; /* no input, no interrupts pending */
	}
}

static uint32_t vuart_access(struct vcpu *vcpu, void *dev, const struct mmio_access *a)
{
	(void)dev; /* the VM's own struct vuart */
	if (!a->write)
		return read_reg(a->offset);
	if (a->offset == PL011_DR)
		put_char(vcpu->vm, (char)(a->value & 0xff));
	return 0; /* other writes (baud, control, interrupt masks) are accepted */
}

int vuart_attach(struct vm *vm, const struct vm_device_config *dev)
{
	if (dev->size < PL011_SIZE)
		return -EINVAL; /* its registers must all be there */
	return mmio_register(&vm->mmio, dev->ipa, dev->size, vuart_access, &vm->uart);
}
