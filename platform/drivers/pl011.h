/* Arm PL011 UART console driver. */
#ifndef HYPV7_PL011_H
#define HYPV7_PL011_H
#include "platform/platform.h"
extern const struct console_ops pl011_console;
#endif
