/* The emulated PL011 each VM sees (at the guest machine's UART address). */
#ifndef HYPV7_VUART_H
#define HYPV7_VUART_H
#include <stdbool.h>
#include <stdint.h>

#define VUART_LINE_MAX 160

struct vuart {
	char line[VUART_LINE_MAX];
	unsigned len;
};

struct vm;
struct vm_device_config;
/* Gives the VM the PL011 its config describes (hyp/mmio.h): 0 or -errno. */
int vuart_attach(struct vm *vm, const struct vm_device_config *dev);
#endif
