/* printk: formatted output of the hypervisor, wherever the console sends it. */
#ifndef HYPV7_LIB_PRINTK_H
#define HYPV7_LIB_PRINTK_H
#include <stdarg.h>
#include <stddef.h>

/* Where printk writes: begin and end bracket each call (the console takes
 * its lock there), putc writes one character. */
struct printk_output {
	void (*begin)(void);
	void (*putc)(char c);
	void (*end)(void);
};
/* Until an output is set, printk prints nothing. */
void printk_set_output(const struct printk_output *out);

/* printf subset: %s %.*s %c %d %u %x with l / ll, %p, widths, 0 and -. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
#endif
