/* Host tests of hyp/console_switch.c: Ctrl-A three times moves the focus;
 * fewer reach the guest, late but in order. */
#include <string.h>

#include "hyp/console_switch.h"
#include "tap.h"

#define CTRL_A "\x01"

/* Feeds `typed`; returns what the VM would get, and how often the focus
 * moved in *switches. */
static const char *feed(struct console_switch *s, const char *typed, unsigned *switches)
{
	static char got[64];
	unsigned len = 0;
	*switches = 0;
	for (const char *c = typed; *c; c++) {
		char out[CONSOLE_SWITCH_PRESSES];
		bool switch_vm;
		unsigned n = console_switch_feed(s, *c, out, &switch_vm);
		memcpy(got + len, out, n);
		len += n;
		*switches += switch_vm;
	}
	got[len] = 0;
	return got;
}

static void check(const char *typed, const char *want, unsigned want_switches, const char *name)
{
	struct console_switch s = { 0 };
	unsigned switches;
	const char *got = feed(&s, typed, &switches);
	tap_ok(!strcmp(got, want) && switches == want_switches, "%s", name);
}

int main(void)
{
	check("abc", "abc", 0, "ordinary keys go straight through");
	check(CTRL_A CTRL_A CTRL_A, "", 1,
	      "Ctrl-A three times: the focus moves, nothing delivered");
	check("a" CTRL_A CTRL_A CTRL_A "b", "ab", 1, "keys around a switch are delivered");
	check(CTRL_A "x", CTRL_A "x", 0, "one Ctrl-A then a key: both, in order");
	check(CTRL_A CTRL_A "x", CTRL_A CTRL_A "x", 0, "two Ctrl-As then a key: all three");
	check(CTRL_A CTRL_A, "", 0, "Ctrl-As are held until it is clear what they are");
	check(CTRL_A CTRL_A CTRL_A CTRL_A CTRL_A CTRL_A, "", 2, "six in a row: two switches");
	check(CTRL_A CTRL_A CTRL_A CTRL_A "y", CTRL_A "y", 1, "a fourth Ctrl-A starts a new count");
	return tap_exit();
}
