/*
 * Console input (hyp/console_input.h). A character for a VM whose UART
 * cannot take it (receive FIFO full, receiver off) is dropped; hypv7 says
 * so at the first one, and how many when the VM takes input again or loses
 * the focus.
 */
#include "hyp/console_input.h"

#include "hyp/console_switch.h"
#include "hyp/irq.h"
#include "hyp/vm.h"
#include "hyp/vuart.h"
#include "lib/printk.h"
#include "platform/platform.h"

/* Characters read in one go: Hyp goes back to the guests after this many
 * even if more keep coming (the interrupt, or the next tick, brings the
 * rest). */
#define INPUT_BURST 64u

static unsigned focus;   /* the VM typed characters go to */
static unsigned dropped; /* its characters lost since the last report */
static struct console_switch focus_key;

static void report_dropped(const struct vm *vm)
{
	if (dropped)
		printk("hypv7: %s: %u character%s of console input dropped\n", vm->name, dropped,
		       dropped == 1 ? "" : "s");
	dropped = 0;
}

static void deliver(char c)
{
	struct vm *vm = &vms[focus];
	if (vuart_receive(vm, c)) {
		report_dropped(vm);
		return;
	}
	if (dropped++ == 0)
		printk("hypv7: %s: its UART takes no console input now (its receive FIFO "
		       "full and 256 more characters waiting): dropping it\n",
		       vm->name);
}

static void next_focus(void)
{
	report_dropped(&vms[focus]);
	focus = (focus + 1) % nr_vms;
	printk("hypv7: console input now goes to %s\n", vms[focus].name);
}

/* With one VM there is nothing to switch to: Ctrl-A is a key like any. */
static void typed(char c)
{
	if (nr_vms < 2) {
		deliver(c);
		return;
	}
	char out[CONSOLE_SWITCH_PRESSES];
	bool switch_vm;
	unsigned n = console_switch_feed(&focus_key, c, out, &switch_vm);
	for (unsigned i = 0; i < n; i++)
		deliver(out[i]);
	if (switch_vm)
		next_focus();
}

static void read_uart(void)
{
	for (unsigned i = 0; i < INPUT_BURST; i++) {
		int c = board.console->getc(board.console_base);
		if (c == CONSOLE_NO_INPUT)
			return;
		typed((char)c);
	}
}

static void uart_interrupt(unsigned irq, struct vcpu *interrupted)
{
	(void)irq;
	(void)interrupted;
	read_uart();
}

bool console_input_polled(void)
{
	return board.console_rx_irq == CONSOLE_RX_POLLED && nr_vms;
}

void console_input_poll(void)
{
	if (console_input_polled())
		read_uart();
}

void console_input_init(void)
{
	focus = console_focus_vm;
	if (focus >= nr_vms) { /* its VM could not be made */
		printk("hypv7: CONSOLE_FOCUS=%u: there is no vm%u; console input goes to vm0\n",
		       focus, focus);
		focus = 0;
	}
	if (board.console_rx_irq != CONSOLE_RX_POLLED &&
	    irq_register(board.console_rx_irq, uart_interrupt) == 0)
		board.console->rx_irq_enable(board.console_base);
	if (nr_vms > 1)
		printk(
		    "hypv7: console input goes to %s; Ctrl-A three times moves it to the next VM\n",
		    vms[focus].name);
}
