/* TAP output for guest tests: a plan, ok / not ok lines, a verdict. */
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

#define TAP_NO_PLAN (-1)

static int planned = TAP_NO_PLAN;
static int results;
static int failures;

void tap_plan(int n)
{
	planned = n;
	printf("1..%d\n", n);
}

static int tap_vresult(int cond, const char *fmt, va_list ap)
{
	cond = !!cond;
	results++;
	if (!cond)
		failures++;
	printf("%s %d - ", cond ? "ok" : "not ok", results);
	vprintf(fmt, ap);
	putchar('\n');
	return cond;
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cond = tap_vresult(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int tap_is_u32(uint32_t got, uint32_t want, const char *name)
{
	int ok = tap_ok(got == want, "%s", name);

	if (!ok)
		tap_diag("got 0x%08lx want 0x%08lx", (unsigned long)got, (unsigned long)want);
	return ok;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int tap_done(void)
{
	if (planned != TAP_NO_PLAN && planned != results)
		tap_diag("planned %d results, ran %d", planned, results);
	fflush(stdout);
	return (failures || (planned != TAP_NO_PLAN && planned != results)) ? 1 : 0;
}
