/*
 * The console's focus key as plain logic (host-tested): Ctrl-A pressed
 * three times in a row moves console input to the next VM, as Xen's
 * console does. Ctrl-As are held back until it is clear what they are: a
 * third one switches and none of them reaches a VM; any other key first
 * releases the ones held, then itself, so a single Ctrl-A (a shell's
 * start-of-line) still reaches the guest, one key late.
 */
#ifndef HYPV7_HYP_CONSOLE_SWITCH_H
#define HYPV7_HYP_CONSOLE_SWITCH_H
#include <stdbool.h>

#define CONSOLE_SWITCH_KEY '\x01' /* Ctrl-A */
#define CONSOLE_SWITCH_PRESSES 3u

struct console_switch {
	unsigned held; /* Ctrl-As in a row so far, not yet delivered */
};

/* One typed character. Writes what goes to the VM with the focus into
 * `out` and returns how many (0 while Ctrl-As are held, and on the one
 * that switches); sets *switch_vm on the third Ctrl-A in a row. */
unsigned console_switch_feed(struct console_switch *s, char c, char out[CONSOLE_SWITCH_PRESSES],
			     bool *switch_vm);
#endif
