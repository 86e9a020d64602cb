/*
 * The emulated PL011's registers from inside (hyp/pl011_model.h): reset
 * values, the flags, the interrupt status and masks, the receive FIFO with
 * its trigger level, input past a full FIFO and the one-character mode, with characters
 * typed on the console by tools/run-guest-tests at each "ready for" line.
 */
#include <stdio.h>
#include <string.h>

#include "pl011.h"
#include "tap.h"

#define INPUT_TIMEOUT_S 20u
#define FIFO_DEPTH 16u
#define FIRST_INPUT "0123456789abcdefghij" /* 20: four past a full FIFO */
#define TAKEN_FIRST "012345678"            /* down to 7, below the trigger */
#define TAKEN_THEN "9abcdef"
#define TAKEN_HELD "ghij" /* past a full FIFO: held by hypv7 */
#define FR_STATE (PL011_FR_BUSY | PL011_FR_RXFE | PL011_FR_TXFF | PL011_FR_RXFF | PL011_FR_TXFE)
#define RESET_CR (PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE)
#define RESET_IFLS 0x12u /* both FIFOs at half */
#define RESET_IBRD 13u   /* 115200 baud from 24 MHz */
#define RESET_FBRD 1u
#define LCR_H_8N1_NO_FIFO (PL011_LCR_H_8N1_FIFO & ~PL011_LCR_H_FEN)
#define NEW_IBRD 26u

/* Reads `n` characters into `s` (NUL-terminated). */
/* n characters as they come: on a board whose console is polled
 * (raspi2b), the ones hypv7 held may reach the FIFO a poll later. */
static void take(char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		pl011_wait(PL011_FR, PL011_FR_RXFE, 0, INPUT_TIMEOUT_S);
		s[i] = (char)(pl011_read(PL011_DR) & 0xff);
	}
	s[n] = 0;
}

static void check_reset_state(void)
{
	tap_is_u32(pl011_read(PL011_FR) & FR_STATE, PL011_FR_TXFE | PL011_FR_RXFE,
		   "UARTFR: TXFE and RXFE, not BUSY, TXFF or RXFF");
	tap_is_u32(pl011_read(PL011_CR), RESET_CR, "UARTCR: enabled, TX and RX on");
	tap_is_u32(pl011_read(PL011_LCR_H), PL011_LCR_H_8N1_FIFO, "UARTLCR_H: 8N1, FIFOs on");
	tap_is_u32(pl011_read(PL011_IFLS), RESET_IFLS, "UARTIFLS: half-full triggers");
	tap_is_u32(pl011_read(PL011_IBRD), RESET_IBRD, "UARTIBRD: 115200 baud from 24 MHz");
	tap_is_u32(pl011_read(PL011_FBRD), RESET_FBRD, "UARTFBRD");
	tap_is_u32(pl011_read(PL011_IMSC), 0, "UARTIMSC: all masked");
	tap_is_u32(pl011_read(PL011_RIS), PL011_INT_TX, "UARTRIS: only TX (transmit FIFO empty)");
	tap_is_u32(pl011_read(PL011_MIS), 0, "UARTMIS: nothing");
}

static void check_masks(void)
{
	pl011_write(PL011_IMSC, PL011_INT_TX);
	tap_is_u32(pl011_read(PL011_MIS), PL011_INT_TX, "UARTMIS = RIS & IMSC");
	pl011_write(PL011_ICR, PL011_INT_TX);
	tap_is_u32(pl011_read(PL011_RIS), PL011_INT_TX,
		   "UARTICR cannot clear TX: the FIFO is still empty");
	pl011_write(PL011_IMSC, 0xffffffffu);
	tap_is_u32(pl011_read(PL011_IMSC), PL011_INT_ALL, "UARTIMSC keeps its 11 bits");
	pl011_write(PL011_IMSC, 0);
	pl011_write(PL011_IBRD, NEW_IBRD);
	tap_is_u32(pl011_read(PL011_IBRD), NEW_IBRD, "UARTIBRD reads back what was written");
	pl011_write(PL011_IBRD, RESET_IBRD);
	tap_is_u32(pl011_read(PL011_DR), 0, "UARTDR reads 0 with nothing received");
}

static void check_full_fifo(void)
{
	char got[FIFO_DEPTH + 1];
	printf("ready for 20 characters\n");
	tap_ok(pl011_wait(PL011_FR, PL011_FR_RXFF, PL011_FR_RXFF, INPUT_TIMEOUT_S),
	       "UARTFR.RXFF: the FIFO fills");
	tap_is_u32(pl011_read(PL011_FR) & (PL011_FR_RXFF | PL011_FR_RXFE), PL011_FR_RXFF,
		   "UARTFR.RXFF: 16 characters waiting");
	tap_is_u32(pl011_read(PL011_RIS), PL011_INT_RX | PL011_INT_RT | PL011_INT_TX,
		   "UARTRIS: RX (above the trigger), RT (data waiting), TX; no OE: the "
		   "rest wait in hypv7, as a terminal's flow control holds them");
	pl011_write(PL011_IMSC, PL011_INT_RX);
	tap_is_u32(pl011_read(PL011_MIS), PL011_INT_RX, "UARTMIS with RXIM alone: RX");
	pl011_write(PL011_IMSC, 0);
	pl011_write(PL011_ICR, PL011_INT_RX | PL011_INT_RT);
	tap_is_u32(pl011_read(PL011_RIS), PL011_INT_RT | PL011_INT_TX,
		   "UARTICR clears RX; RT stays while data waits");
	take(got, sizeof(TAKEN_FIRST) - 1);
	tap_ok(!strcmp(got, TAKEN_FIRST), "UARTDR gives them in order: %s", got);
	tap_is_u32(pl011_read(PL011_FR) & (PL011_FR_RXFF | PL011_FR_RXFE), 0,
		   "UARTFR: neither full nor empty");
	take(got, sizeof(TAKEN_THEN) - 1);
	tap_ok(!strcmp(got, TAKEN_THEN), "then the rest of the first 16: %s", got);
	take(got, sizeof(TAKEN_HELD) - 1);
	tap_ok(!strcmp(got, TAKEN_HELD), "then the 4 that waited, none lost: %s", got);
	tap_is_u32(pl011_read(PL011_FR) & PL011_FR_RXFE, PL011_FR_RXFE, "UARTFR.RXFE: read empty");
	tap_is_u32(pl011_read(PL011_RIS), PL011_INT_TX, "UARTRIS: RT ends with the data");
}

/* UARTLCR_H.FEN clear: a one-character holding register. */
static void check_no_fifo(void)
{
	pl011_write(PL011_LCR_H, LCR_H_8N1_NO_FIFO);
	printf("ready for 2 characters\n");
	tap_ok(pl011_wait(PL011_FR, PL011_FR_RXFF, PL011_FR_RXFF, INPUT_TIMEOUT_S),
	       "FIFOs off: one character is full");
	tap_is_u32(pl011_read(PL011_RIS) & PL011_INT_RX, PL011_INT_RX,
		   "FIFOs off: RX at one character");
	tap_is_u32(pl011_read(PL011_DR), 'x', "the first one");
	tap_is_u32(pl011_read(PL011_DR) | (pl011_read(PL011_RIS) & PL011_INT_OE), 'y',
		   "then the second, which waited: no overrun");
	pl011_write(PL011_LCR_H, PL011_LCR_H_8N1_FIFO);
}

/* UARTIFLS: RX at 1/8 of the FIFO, two characters. */
static void check_trigger(void)
{
	pl011_write(PL011_IFLS, PL011_IFLS_RX_1_8 | PL011_IFLS_TX_1_2);
	printf("ready for 1 character\n");
	tap_ok(pl011_wait(PL011_FR, PL011_FR_RXFE, 0, INPUT_TIMEOUT_S), "one character arrives");
	tap_is_u32(pl011_read(PL011_RIS) & (PL011_INT_RX | PL011_INT_RT), PL011_INT_RT,
		   "below the trigger: RT, not RX");
	printf("ready for 1 more character\n");
	tap_ok(pl011_wait(PL011_RIS, PL011_INT_RX, PL011_INT_RX, INPUT_TIMEOUT_S),
	       "at the trigger (1/8: two): RX");
	char got[3];
	take(got, 2);
	tap_ok(!strcmp(got, "zw"), "both read: %s", got);
	tap_is_u32(pl011_read(PL011_RIS), PL011_INT_TX, "UARTRIS: RX ends below the trigger");
	pl011_write(PL011_IFLS, RESET_IFLS);
}

int main(void)
{
	tap_plan(34);
	check_reset_state();
	check_masks();
	check_full_fifo();
	check_no_fifo();
	check_trigger();
	return tap_done();
}
