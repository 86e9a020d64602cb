/*
 * The hypervisor's console: printk (lib/printk.h) on the board's UART.
 * Every line hypv7 itself prints starts with "hypv7: "; a VM's lines start
 * with its name ("[vm1] ").
 */
#ifndef HYPV7_BOOT_CONSOLE_H
#define HYPV7_BOOT_CONSOLE_H
#include <stddef.h>

/* Brings the board's UART up and makes it printk's output. */
void console_init(void);
/* A whole line (without newline) prefixed by "[name] ". */
void console_vm_line(const char *name, const char *text, size_t len);
#endif
