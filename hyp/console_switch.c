/* The console's focus key (hyp/console_switch.h). */
#include "hyp/console_switch.h"

unsigned console_switch_feed(struct console_switch *s, char c, char out[CONSOLE_SWITCH_PRESSES],
			     bool *switch_vm)
{
	*switch_vm = false;
	if (c == CONSOLE_SWITCH_KEY) {
		if (++s->held < CONSOLE_SWITCH_PRESSES)
			return 0;
		s->held = 0;
		*switch_vm = true;
		return 0;
	}
	unsigned n = 0;
	for (; n < s->held; n++)
		out[n] = CONSOLE_SWITCH_KEY;
	out[n++] = c;
	s->held = 0;
	return n;
}
