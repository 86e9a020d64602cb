/*
 * The emulated PL011 each VM sees (at the guest machine's UART address):
 * its registers (hyp/pl011_model.h), its output to the console a line at a
 * time, its input from the console while the VM has the focus
 * (hyp/console_input.h), and its interrupt line (hyp/virq.h).
 */
#ifndef HYPV7_VUART_H
#define HYPV7_VUART_H
#include <stdbool.h>
#include <stdint.h>

#include "hyp/pl011_model.h"

#define VUART_LINE_MAX 160
/* Typed characters held while the guest's receive FIFO is full, as a
 * terminal backend holds them (QEMU's chardev does): pasting a line works. */
#define VUART_HELD_MAX 256u

struct vuart {
	struct pl011_model regs;
	unsigned intid;  /* its interrupt, from the VM's config */
	bool irq_raised; /* the level it last gave its line */
	char line[VUART_LINE_MAX];
	unsigned len;
	uint8_t held[VUART_HELD_MAX]; /* a ring: the oldest at held_head */
	unsigned held_head, held_count;
};

struct vm;
struct vm_device_config;
/* Gives the VM the PL011 its config describes (hyp/mmio.h): 0 or -errno. */
int vuart_attach(struct vm *vm, const struct vm_device_config *dev);
/* Back to the state the VM found at boot, its line lowered (VM reset). */
void vuart_reset(struct vm *vm);
/* The VM went idle: a line it began (a shell's prompt) is shown now,
 * not when it ends. */
void vuart_flush_partial(struct vm *vm);
/* A character typed on the console for this VM: true if its UART took
 * it or holds it for when its receive FIFO has room, false if it was
 * lost (that much is already waiting). */
bool vuart_receive(struct vm *vm, char c);
#endif
