/*
 * NXP i.MX UART: polled transmit, receive polled or by its data-ready
 * interrupt. init keeps the boot loader's line settings and only makes sure
 * the UART, its transmitter and receiver are on (QEMU comes out of reset
 * with them off and drops characters until then).
 */
#include "platform/drivers/imx_uart.h"

#define URXD 0x00
#define UTXD 0x40
#define UCR1 0x80
#define UCR2 0x84
#define UCR4 0x8c
#define USR2 0x98
#define UTS 0xb4
#define URXD_DATA 0xffu
#define UCR1_UARTEN (1u << 0)
#define UCR2_SRST (1u << 0) /* active low: 1 = out of reset */
#define UCR2_RXEN (1u << 1)
#define UCR2_TXEN (1u << 2)
#define UCR4_DREN (1u << 0) /* interrupt while receive data is ready */
#define USR2_RDR (1u << 0)  /* receive data ready */
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

static int imx_uart_getc(uintptr_t base)
{
	if (!(*reg(base, USR2) & USR2_RDR))
		return CONSOLE_NO_INPUT;
	return (int)(*reg(base, URXD) & URXD_DATA); /* error bits dropped */
}

/* Data ready: asserted while the receive FIFO holds a character. */
static void imx_uart_rx_irq_enable(uintptr_t base)
{
	*reg(base, UCR4) |= UCR4_DREN;
}

const struct console_ops imx_uart_console = {
	.init = imx_uart_init,
	.putc = imx_uart_putc,
	.getc = imx_uart_getc,
	.rx_irq_enable = imx_uart_rx_irq_enable,
};
