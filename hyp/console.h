/*
 * The hypervisor's console: formatted output on the board's UART.
 * Every line hypv7 itself prints starts with "hypv7: "; a VM's lines start
 * with its name ("[vm1] "). Whole lines are written under one lock, so
 * lines never mix.
 */
#ifndef HYPV7_CONSOLE_H
#define HYPV7_CONSOLE_H
#include <stdarg.h>
#include <stddef.h>

void console_init(void);
/* printf subset: %s %c %d %u %x %lx %llx %p, widths and 0-padding. */
/* No format attribute: uint32_t is "long" on this target, which GCC
 * would flag at every %x although both are 32 bits here. */
void printk(const char *fmt, ...);
void vprintk(const char *fmt, va_list ap);
/* A whole line (without newline) prefixed by "[name] ". */
void console_vm_line(const char *name, const char *text, size_t len);
#endif
