/*
 * A tiny TAP producer for hypv7's host tests: one `ok N - name` or
 * `not ok N - name` line per check, diagnostics as `# ...` lines.
 * The make fragment counts the lines, so a binary only has to print them
 * and exit non-zero when something failed.
 */
#ifndef HYPV7_TAP_H
#define HYPV7_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned tap_count, tap_failures;

static inline bool tap_vok(bool pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failures++;
	printf("%sok %u - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	return pass;
}

static inline bool tap_ok(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool tap_ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	return pass;
}

static inline void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

/* Equality of two integers, showing both on failure. */
#define TAP_EQ(got, want, ...)                                                               \
	do {                                                                                 \
		uint64_t tap_got_ = (uint64_t)(got), tap_want_ = (uint64_t)(want);           \
		if (!tap_ok(tap_got_ == tap_want_, __VA_ARGS__))                             \
			tap_diag("got 0x%" PRIx64 ", want 0x%" PRIx64, tap_got_, tap_want_); \
	} while (0)

/* Exit status for main(). */
static inline int tap_exit(void)
{
	return tap_failures ? 1 : 0;
}

#endif /* HYPV7_TAP_H */
