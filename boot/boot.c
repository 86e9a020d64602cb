/* The C half of boot: refusing clearly, and Secure-side board setup. */
#include <stdint.h>

#include "arch/arm.h"
#include "lib/printk.h"
#include "platform/platform.h"
#include "arch/sysregs.h"
#include "boot/boot.h"
#include "boot/console.h"

void boot_refuse(uint32_t cpsr, uint32_t reason) __attribute__((noreturn));
void secure_board_init(void);

static const char *mode_name(uint32_t mode)
{
	switch (mode) {
	case MODE_USR: return "USR";
	case MODE_FIQ: return "FIQ";
	case MODE_IRQ: return "IRQ";
	case MODE_SVC: return "SVC";
	case MODE_MON: return "MON";
	case MODE_ABT: return "ABT";
	case MODE_HYP: return "HYP";
	case MODE_UND: return "UND";
	case MODE_SYS: return "SYS";
	}
	return "unknown";
}

static const char *refusal_text(uint32_t reason)
{
	switch (reason) {
	case REFUSE_NO_VIRT:
		return "this CPU has no Virtualization Extensions (ID_PFR1.Virtualization = 0)";
	case REFUSE_NONSECURE:
		return "Hyp mode is out of reach from Non-secure SVC; start hypv7 in Hyp mode "
		       "(QEMU: -M virt,virtualization=on) or in Secure SVC";
	default: return "hypv7 must be entered in Hyp mode or Secure SVC";
	}
}

void boot_refuse(uint32_t cpsr, uint32_t reason)
{
	uint32_t mode = cpsr & MODE_MASK_BITS;
	const char *world = reason == REFUSE_NONSECURE ? "Non-secure " : "";
	console_init();
	printk("hypv7: cannot run: entered in %s%s mode (CPSR 0x%08lx), MIDR 0x%08lx, "
	       "ID_PFR1 0x%08lx: %s\n",
	       world, mode_name(mode), cpsr, read_MIDR(), read_ID_PFR1(), refusal_text(reason));
	cpu_halt();
}

void secure_board_init(void)
{
	if (board.secure_init)
		board.secure_init();
}
