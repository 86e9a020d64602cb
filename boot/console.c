/*
 * The board's console as hypv7's printk output: whole calls under one lock,
 * so lines of different VMs and of hypv7 itself never mix.
 */
#include "boot/console.h"

#include "arch/spinlock.h"
#include "lib/printk.h"
#include "platform/platform.h"

static struct spinlock console_lock;

static void console_begin(void)
{
	spin_lock(&console_lock);
}

static void console_putc(char c)
{
	if (c == '\n')
		board.console->putc(board.console_base, '\r');
	board.console->putc(board.console_base, c);
}

static void console_end(void)
{
	spin_unlock(&console_lock);
}

static const struct printk_output board_console = {
	.begin = console_begin,
	.putc = console_putc,
	.end = console_end,
};

void console_init(void)
{
	board.console->init(board.console_base);
	printk_set_output(&board_console);
}

void console_vm_line(const char *name, const char *text, size_t len)
{
	printk("[%s] %.*s\n", name, (int)len, text);
}
