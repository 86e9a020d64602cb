/*
 * NXP i.MX UART, polled transmit only. init keeps the boot loader's line
 * settings and only makes sure the UART and its transmitter are on (QEMU
 * comes out of reset with both off and drops characters until then).
 */
#include "platform/drivers/imx_uart.h"

#define UTXD 0x40
#define UCR1 0x80
#define UCR2 0x84
#define UTS 0xb4
#define UCR1_UARTEN (1u << 0)
#define UCR2_SRST (1u << 0) /* active low: 1 = out of reset */
#define UCR2_RXEN (1u << 1)
#define UCR2_TXEN (1u << 2)
#define UTS_TXFULL (1u << 4)

static inline volatile uint32_t *reg(uintptr_t base, unsigned off)
{
	return (volatile uint32_t *)(base + off);
}

static void imx_uart_init(uintptr_t base)
{
	*reg(base, UCR1) |= UCR1_UARTEN;
	*reg(base, UCR2) |= UCR2_SRST | UCR2_RXEN | UCR2_TXEN;
}

static void imx_uart_putc(uintptr_t base, char c)
{
	while (*reg(base, UTS) & UTS_TXFULL)
		;
	*reg(base, UTXD) = (uint8_t)c;
}

const struct console_ops imx_uart_console = {
	.init = imx_uart_init,
	.putc = imx_uart_putc,
};
