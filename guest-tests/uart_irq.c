/*
 * The emulated PL011's interrupt from inside: its combined output is the
 * level of the UART's line (SPI 1, INTID 33). Without a GIC in use it is
 * the CPU's virtual IRQ (HCR.VI), seen here in ISR.I; with the guest's
 * distributor enabled (UART_IRQ_GIC, boards with a virtual GIC) it goes
 * through the list registers: taken at GICC_IAR, taken again while
 * characters wait, quiet once they are read or masked in UARTIMSC.
 * IRQs stay masked in CPSR: the test polls ISR and GICC_IAR, which show a
 * pending interrupt whatever CPSR.I says. Characters are typed by
 * tools/run-guest-tests at each "ready for" line.
 */
#include <stdio.h>

#include <hypv7/guest_machine.h>

#include "pl011.h"
#include "gic.h"
#include "tap.h"

#define INPUT_TIMEOUT_S 20u
#define ISR_I (1u << 7)
#define RX_INTS (PL011_INT_RX | PL011_INT_RT)

/* GICv2 registers (the GIC architecture specification). */
#define PRIORITY 0xa0u
#define TARGET_CPU0 1u
#define IAR_POLLS 1000000u

static uint32_t isr(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c12, c1, 0" : "=r"(v));
	return v;
}

/* The virtual IRQ line, waited for up to the input timeout. */
static bool wait_isr_i(void)
{
	uint64_t end = guest_counter() + (uint64_t)guest_counter_hz() * INPUT_TIMEOUT_S;
	while (!(isr() & ISR_I)) {
		if (guest_counter() > end)
			return false;
		guest_wfi();
	}
	return true;
}

static void check_hcr_vi(void)
{
	pl011_write(PL011_IMSC, RX_INTS);
	tap_is_u32(isr() & ISR_I, 0, "HCR.VI: nothing received, no IRQ");
	pl011_write(PL011_IMSC, PL011_INT_TX);
	tap_is_u32(isr() & ISR_I, ISR_I, "HCR.VI: TXIM unmasked, IRQ at once (TX is always ready)");
	pl011_write(PL011_IMSC, RX_INTS);
	tap_is_u32(isr() & ISR_I, 0, "HCR.VI: TXIM masked again, IRQ gone");
	printf("ready for a character (HCR.VI)\n");
	tap_ok(wait_isr_i(), "HCR.VI: a character typed raises the IRQ");
	tap_is_u32(pl011_read(PL011_MIS), PL011_INT_RT,
		   "UARTMIS: RT (one character, below RX's trigger)");
	tap_is_u32(pl011_read(PL011_DR), 'a', "the character typed");
	tap_is_u32(isr() & ISR_I, 0, "HCR.VI: read, the IRQ is gone");
	pl011_write(PL011_IMSC, 0);
}

#ifdef UART_IRQ_GIC
/* The next interrupt the CPU interface gives, or GIC_SPURIOUS after a while. */
static uint32_t iar_poll(void)
{
	for (uint32_t i = 0; i < IAR_POLLS; i++) {
		uint32_t iar = *gicc32(GICC_IAR);
		if ((iar & GIC_IAR_ID_MASK) != GIC_SPURIOUS)
			return iar;
	}
	return GIC_SPURIOUS;
}

/* The UART's interrupt once input is typed: up to the input timeout. */
static uint32_t iar_wait_input(void)
{
	uint64_t end = guest_counter() + (uint64_t)guest_counter_hz() * INPUT_TIMEOUT_S;
	uint32_t iar;
	while ((iar = *gicc32(GICC_IAR) & GIC_IAR_ID_MASK) == GIC_SPURIOUS && guest_counter() < end)
		guest_wfi();
	return iar;
}

static void enable_gic(void)
{
	*gicd8(GICD_IPRIORITYR + GUEST_UART_INTID) = PRIORITY;
	*gicd8(GICD_ITARGETSR + GUEST_UART_INTID) = TARGET_CPU0;
	*gicd32(GICD_ISENABLER + 4 * (GUEST_UART_INTID / 32)) = 1u << (GUEST_UART_INTID % 32);
	*gicd32(GICD_CTLR) = GIC_ENABLE;
	*gicc32(GICC_PMR) = GIC_PMR_ALL;
	*gicc32(GICC_CTLR) = GIC_ENABLE;
	pl011_write(PL011_IMSC, RX_INTS);
	tap_is_u32(iar_poll(), GIC_SPURIOUS, "GIC: nothing pending before input");
}

static void check_taken(void)
{
	printf("ready for a character (GIC)\n");
	uint32_t iar = iar_wait_input();
	tap_is_u32(iar, GUEST_UART_INTID, "GIC: a character typed, GICC_IAR = 33 (SPI 1)");
	tap_is_u32(pl011_read(PL011_DR), 'b', "the character typed");
	*gicc32(GICC_EOIR) = iar;
	tap_is_u32(iar_poll(), GIC_SPURIOUS, "GIC: read and ended, nothing pending");
}

/* Level: ended with characters still waiting, it is taken again. */
static void check_level(void)
{
	printf("ready for 2 characters (GIC)\n");
	uint32_t iar = iar_wait_input();
	*gicc32(GICC_EOIR) = iar;
	uint32_t again = iar_poll();
	tap_is_u32(again, GUEST_UART_INTID, "GIC: ended unread, taken again");
	tap_ok(pl011_wait(PL011_FR, PL011_FR_RXFE, 0, INPUT_TIMEOUT_S) &&
		   pl011_read(PL011_DR) == 'c',
	       "first character");
	tap_ok(pl011_wait(PL011_FR, PL011_FR_RXFE, 0, INPUT_TIMEOUT_S) &&
		   pl011_read(PL011_DR) == 'd',
	       "second character");
	*gicc32(GICC_EOIR) = again;
	tap_is_u32(iar_poll(), GIC_SPURIOUS, "GIC: all read and ended, nothing pending");
}

/* UARTIMSC gates the line. */
static void check_masked(void)
{
	pl011_write(PL011_IMSC, 0);
	printf("ready for a masked character (GIC)\n");
	tap_ok(pl011_wait(PL011_FR, PL011_FR_RXFE, 0, INPUT_TIMEOUT_S), "masked: it arrives");
	tap_is_u32(iar_poll(), GIC_SPURIOUS, "masked: no interrupt");
	pl011_write(PL011_IMSC, PL011_INT_RT);
	uint32_t iar = iar_poll();
	tap_is_u32(iar, GUEST_UART_INTID, "RTIM unmasked: taken");
	tap_is_u32(pl011_read(PL011_DR), 'e', "the masked character");
	*gicc32(GICC_EOIR) = iar;
	tap_is_u32(iar_poll(), GIC_SPURIOUS, "GIC: nothing pending at the end");
}

static void check_gic(void)
{
	enable_gic();
	check_taken();
	check_level();
	check_masked();
}
#define GIC_CHECKS 13
#else
static void check_gic(void)
{
}
#define GIC_CHECKS 0
#endif

int main(void)
{
	tap_plan(7 + GIC_CHECKS);
	check_hcr_vi();
	check_gic();
	return tap_done();
}
