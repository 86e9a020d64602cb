/* NXP i.MX UART console driver. */
#ifndef HYPV7_IMX_UART_H
#define HYPV7_IMX_UART_H
#include "platform/platform.h"
/* NXP i.MX UART (i.MX6/7); the boot loader or QEMU sets the baud. */
extern const struct console_ops imx_uart_console;
#endif
