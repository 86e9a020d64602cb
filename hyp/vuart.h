/* The emulated PL011 each VM sees at GUEST_UART_IPA. */
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
/* A trapped access at `offset` in the UART page; returns the read value. */
uint32_t vuart_access(struct vm *vm, uint32_t offset, bool write, uint32_t value);
#endif
