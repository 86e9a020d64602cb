/*
 * A board, described as data: one `struct platform` per folder under
 * platform/, selected at build time with PLATFORM=.
 */
#ifndef HYPV7_PLATFORM_H
#define HYPV7_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MiB(x) ((uint32_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

struct mem_region {
	uint32_t base;
	uint32_t size;
};

struct console_ops {
	void (*init)(uintptr_t base);
	void (*putc)(uintptr_t base, char c);
	/* The next character received, or CONSOLE_NO_INPUT. */
	int (*getc)(uintptr_t base);
	/* Makes the UART raise its interrupt while input waits (until getc
	 * has taken all of it). */
	void (*rx_irq_enable)(uintptr_t base);
};
#define CONSOLE_NO_INPUT (-1)

/* The board's interrupt controller, as Hyp uses it. */
struct irq_ops {
	void (*init)(void); /* from Non-secure Hyp, once per CPU */
	void (*enable)(unsigned irq);
	void (*disable)(unsigned irq);
	/* The pending interrupt's number, or IRQ_NONE; `token` goes to eoi. */
	unsigned (*ack)(uint32_t *token);
	/*
	 * Ends the interrupt. A controller without an active state (BCM2836)
	 * does nothing here: before returning to a guest the handler must
	 * quieten a level source itself (reprogram or mask the timer), or the
	 * interrupt is taken again at once.
	 */
	void (*eoi)(uint32_t token);
	/* Raises the board's inter-processor interrupt (platform.ipi_irq) on
	 * CPU `cpu` (its MPIDR Aff0). */
	void (*send_ipi)(unsigned cpu);
	/* Interrupt numbers below this are each CPU's own (enabled on each). */
	unsigned nr_private;
};
#define IRQ_NONE 0xffffffffu
#define CONSOLE_RX_POLLED IRQ_NONE

struct platform {
	const char *name;
	struct mem_region ram; /* physical RAM hypv7 and its VMs live in */
	/* Device windows mapped (uncached) into Hyp's address space. */
	const struct mem_region *devices;
	unsigned nr_devices;
	uintptr_t console_base;
	const struct console_ops *console;
	/* The console UART's interrupt on the board's controller, or
	 * CONSOLE_RX_POLLED: input is then polled on the Hyp timer's tick. */
	unsigned console_rx_irq;
	uintptr_t gicd_base, gicc_base; /* GICv2; 0 when the board has none */
	/* The GICv2 virtualization extensions: virtual interface control and
	 * virtual CPU interface, 0 when the GIC has none (no virtual GIC for
	 * the VMs then: interrupts reach them through HCR.VI alone). */
	uintptr_t gich_base, gicv_base;
	unsigned gic_maintenance_irq;
	uintptr_t intc_base; /* an interrupt controller that is not a GIC, or 0 */
	const struct irq_ops *irq;
	unsigned hyp_timer_irq;  /* the Hyp physical timer (CNTHP) */
	unsigned virt_timer_irq; /* the virtual timer (CNTV) */
	unsigned ipi_irq;        /* what irq_ops.send_ipi raises */
	/* Starts secondary CPU `cpu` (MPIDR Aff0) at the physical address
	 * `entry` with r0 = cpu, in Hyp or Secure SVC; 0, or negative when
	 * the board could not. NULL: hypv7 uses the boot CPU only. */
	int (*cpu_start)(unsigned cpu, uintptr_t entry);
	/* Board set-up that only Secure state can do; may be 0. */
	void (*secure_init)(void);
	/* Board power control; return only if the board could not do it. */
	void (*power_off)(void);
	void (*reset)(void);
};

extern const struct platform board;

/*
 * For power_off/reset that trigger a device: waits long enough for the
 * request to take effect, so that returning really means it failed.
 */
void power_settle(void);

/* Powers the board off, or if it cannot, halts this CPU: never returns. */
void board_power_off_or_halt(void) __attribute__((noreturn));

/* Power control through PSCI firmware (SMC), for boards that have it. */
void psci_firmware_system_off(void);
void psci_firmware_system_reset(void);
/* PSCI CPU_ON of the firmware: 0 or PSCI's negative error (NOT_SUPPORTED,
 * -1, without firmware). */
int psci_firmware_cpu_on(unsigned cpu, uintptr_t entry);
/* Whether PSCI firmware answers SMCs: hypv7 was entered in Hyp by a loader
 * that has it (QEMU virt, U-Boot's non-secure bootm, QEMU's uImage boot of
 * mcimx7d-sabre). Entered in Secure SVC, the SMC is hypv7's own Monitor's. */
extern bool psci_firmware_present;

#endif
