/*
 * The emulated PL011 (hyp/vuart.h). Its registers are hyp/pl011_model.c's;
 * here they meet the VM: output is collected per VM and written to the
 * console a whole line at a time with the VM's name in front, so lines of
 * different VMs never mix; input comes from the console (only to the VM
 * that has the focus); and after every change the UART's combined
 * interrupt output is the level of its interrupt line on the VM's vCPU 0,
 * which the guest's GIC routes (hyp/virq.h).
 */
#include <hypv7/pl011.h>

#include "abi/errno.h"
#include "lib/printk.h"
#include "boot/console.h"
#include "hyp/mmio.h"
#include "hyp/virq.h"
#include "hyp/vm.h"
#include "hyp/vuart.h"

/* The vCPU whose line the UART drives (an SPI goes where the guest's
 * distributor sends it; without a GIC, to this vCPU's IRQ). */
#define VUART_IRQ_VCPU 0

static void flush_line(struct vm *vm)
{
	console_vm_line(vm->name, vm->uart.line, vm->uart.len);
	vm->uart.len = 0;
}

void vuart_flush_partial(struct vm *vm)
{
	if (vm->uart.len)
		flush_line(vm);
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

/* The interrupt line follows the registers; only a change reaches virq. */
static void update_line(struct vm *vm)
{
	struct vuart *u = &vm->uart;
	bool level = pl011_model_irq(&u->regs);
	if (level == u->irq_raised)
		return;
	u->irq_raised = level;
	virq_set_level(&vm->vcpus[VUART_IRQ_VCPU], u->intid, level);
}

/* Moves held characters into the receive FIFO while it takes them. */
static void feed_held(struct vuart *u)
{
	while (u->held_count && pl011_model_can_receive(&u->regs)) {
		pl011_model_receive(&u->regs, u->held[u->held_head]);
		u->held_head = (u->held_head + 1) % VUART_HELD_MAX;
		u->held_count--;
	}
}

static uint32_t vuart_access(struct vcpu *vcpu, void *dev, const struct mmio_access *a)
{
	struct vuart *u = dev;
	struct vm *vm = vcpu->vm;
	uint32_t value = 0;
	if (!a->write)
		value = pl011_model_read(&u->regs, a->offset);
	else if (a->offset == PL011_DR)
		put_char(vm, (char)(a->value & 0xff));
	else
		pl011_model_write(&u->regs, a->offset, a->value);
	if (u->held_count) /* a read may have made room, a write enabled RX */
		feed_held(u);
	update_line(vm);
	return value;
}

bool vuart_receive(struct vm *vm, char c)
{
	struct vuart *u = &vm->uart;
	bool taken = !u->held_count && pl011_model_can_receive(&u->regs) &&
		     pl011_model_receive(&u->regs, (uint8_t)c);
	if (!taken && u->held_count < VUART_HELD_MAX) {
		u->held[(u->held_head + u->held_count) % VUART_HELD_MAX] = (uint8_t)c;
		u->held_count++;
		taken = true;
	}
	update_line(vm);
	return taken;
}

void vuart_reset(struct vm *vm)
{
	pl011_model_reset(&vm->uart.regs);
	vm->uart.held_count = 0;
	update_line(vm);
}

int vuart_attach(struct vm *vm, const struct vm_device_config *dev)
{
	if (dev->size < PL011_SIZE)
		return -EINVAL; /* its registers must all be there */
	vm->uart.intid = dev->intid;
	pl011_model_reset(&vm->uart.regs);
	return mmio_register(&vm->mmio, dev->ipa, dev->size, vuart_access, &vm->uart);
}
