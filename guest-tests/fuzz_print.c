/* Console output of the fuzz guests (fuzz_print.h). */
#include <stdarg.h>
#include <stdio.h>

#include "fuzz_print.h"
#include "guest.h"

#define LINE_MAX_CHARS 512

struct fuzz_run fuzz_run;

static void put_formatted(const char *fmt, va_list ap)
{
	char line[LINE_MAX_CHARS];

	vsnprintf(line, sizeof(line), fmt, ap);
	guest_uart_puts(line);
}

void fuzz_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_formatted(fmt, ap);
	va_end(ap);
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	if (!fuzz_run.failures)
		fuzz_run.first_failed_call = fuzz_run.call;
	if (fuzz_run.failures++ >= FUZZ_FAILS_PRINTED) {
		if (fuzz_run.failures == FUZZ_FAILS_PRINTED + 1)
			fuzz_printf("FUZZ FAIL seed 0x%08lx%08lx: more failures, only counted\n",
				    FUZZ_SEED_ARGS(fuzz_run.seed));
		return;
	}
	fuzz_printf("FUZZ FAIL seed 0x%08lx%08lx call %lu: ", FUZZ_SEED_ARGS(fuzz_run.seed),
		    (unsigned long)fuzz_run.call);
	va_start(ap, fmt);
	put_formatted(fmt, ap);
	va_end(ap);
	fuzz_printf("\n  in: %s\n", fuzz_run.desc);
}
