/*
 * printk: a small printf for the hypervisor, formatting straight to an
 * output the console installs (boot/console.c), which brackets every call
 * so that one printk is one unbroken piece of the console.
 */
#include "lib/printk.h"

#include <stdbool.h>
#include <stdint.h>

static const struct printk_output *output;

void printk_set_output(const struct printk_output *out)
{
	output = out;
}

static void put(char c)
{
	output->putc(c);
}

static void puts_n(const char *s, size_t n)
{
	while (n--)
		put(*s++);
}

struct fmt_spec {
	unsigned width;
	int precision; /* %.*s: at most this many characters; -1: all */
	bool zero_pad;
	bool left;
};

static void put_padded(const char *digits, unsigned len, struct fmt_spec spec)
{
	char pad = spec.zero_pad ? '0' : ' ';
	if (!spec.left)
		for (unsigned i = len; i < spec.width; i++)
			put(pad);
	puts_n(digits, len);
	if (spec.left)
		for (unsigned i = len; i < spec.width; i++)
			put(' ');
}

static void put_number(unsigned long long v, unsigned base, bool negative, struct fmt_spec spec)
{
	char buf[24];
	unsigned n = sizeof(buf);
	do {
		buf[--n] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		buf[--n] = '-';
	put_padded(buf + n, sizeof(buf) - n, spec);
}

static const char *parse_spec(const char *f, struct fmt_spec *spec, va_list *ap)
{
	*spec = (struct fmt_spec){ .precision = -1 };
	if (*f == '-') {
		spec->left = true;
		f++;
	}
	if (*f == '0') {
		spec->zero_pad = true;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		spec->width = spec->width * 10 + (unsigned)(*f++ - '0');
	if (f[0] == '.' && f[1] == '*') { /* a length given as an argument */
		spec->precision = va_arg(*ap, int);
		f += 2;
	}
	return f;
}

static void format(const char *f, va_list ap)
{
	for (; *f; f++) {
		if (*f != '%') {
			put(*f);
			continue;
		}
		struct fmt_spec spec;
		f = parse_spec(f + 1, &spec, &ap);
		unsigned longs = 0;
		while (*f == 'l') {
			longs++;
			f++;
		}
		unsigned long long u;
		switch (*f) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			unsigned len = 0;
			while (s[len] && (spec.precision < 0 || len < (unsigned)spec.precision))
				len++;
			put_padded(s, len, spec);
			break;
		}
		case 'c': put((char)va_arg(ap, int)); break;
		case 'd': {
			long long v = longs >= 2 ? va_arg(ap, long long)
				      : longs    ? va_arg(ap, long)
						 : va_arg(ap, int);
			put_number(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10,
				   v < 0, spec);
			break;
		}
		case 'u':
		case 'x':
			u = longs >= 2 ? va_arg(ap, unsigned long long)
			    : longs    ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned);
			put_number(u, *f == 'x' ? 16 : 10, false, spec);
			break;
		case 'p':
			puts_n("0x", 2);
			spec.width = 8;
			spec.zero_pad = true;
			put_number((uintptr_t)va_arg(ap, void *), 16, false, spec);
			break;
		case '%': put('%'); break;
		default:
			put('%');
			put(*f);
			break;
		}
	}
}

void vprintk(const char *fmt, va_list ap)
{
	if (!output)
		return;
	output->begin();
	va_list copy;
	va_copy(copy, ap);
	format(fmt, copy);
	va_end(copy);
	output->end();
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
