/*
 * Console input: what is typed on the board's console UART goes to the
 * emulated PL011 of one VM at a time, the one with the focus (VM
 * CONSOLE_FOCUS= of the build at boot, VM 0 by default). Ctrl-A three
 * times moves the focus to the next VM (hyp/console_switch.h). The board's
 * UART is read in its receive interrupt, or on the Hyp timer's tick on
 * boards without one (platform.h: console_rx_irq).
 */
#ifndef HYPV7_HYP_CONSOLE_INPUT_H
#define HYPV7_HYP_CONSOLE_INPUT_H
#include <stdbool.h>

/* After the VMs exist: the first focus, the UART's receive interrupt. */
void console_input_init(void);
/* Whether the board's UART is polled: then an idle CPU must still tick. */
bool console_input_polled(void);
/* The Hyp timer's tick: reads the UART on boards that poll it. */
void console_input_poll(void);
#endif
