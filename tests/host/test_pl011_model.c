/* Host tests of hyp/pl011_model.c: the emulated PL011's receive FIFO,
 * flags and interrupt status, as a guest's driver sees them. */
#include <hypv7/pl011.h>

#include "hyp/pl011_model.h"
#include "tap.h"

#define FR_RX (PL011_FR_RXFE | PL011_FR_RXFF)
#define RX_INTS (PL011_INT_RX | PL011_INT_RT)
#define HALF_FIFO (PL011_MODEL_FIFO_DEPTH / 2)

static struct pl011_model m;

static void receive_n(unsigned n, char first)
{
	for (unsigned i = 0; i < n; i++)
		pl011_model_receive(&m, (uint8_t)(first + i));
}

static void test_reset(void)
{
	pl011_model_reset(&m);
	TAP_EQ(pl011_model_read(&m, PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE,
	       "reset: UARTFR is TXFE | RXFE");
	TAP_EQ(pl011_model_read(&m, PL011_RIS), PL011_INT_TX, "reset: RIS is TX alone");
	TAP_EQ(pl011_model_read(&m, PL011_IMSC), 0, "reset: everything masked");
	tap_ok(!pl011_model_irq(&m), "reset: the line is low");
	TAP_EQ(pl011_model_read(&m, PL011_PERIPHID0), 0x11, "PeriphID0");
	TAP_EQ(pl011_model_read(&m, PL011_PERIPHID0 + 0x1c), 0xb1, "CellID3");
	TAP_EQ(pl011_model_read(&m, PL011_DR), 0, "UARTDR with nothing received reads 0");
}

static void test_fifo(void)
{
	pl011_model_reset(&m);
	tap_ok(pl011_model_can_receive(&m), "reset: room, the receiver on");
	tap_ok(pl011_model_receive(&m, 'a'), "one character is taken");
	TAP_EQ(pl011_model_read(&m, PL011_FR) & FR_RX, 0, "one waiting: neither empty nor full");
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & RX_INTS, PL011_INT_RT,
	       "below the trigger (half): RT only");
	receive_n(HALF_FIFO - 1, 'b');
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & RX_INTS, RX_INTS, "at half: RX too");
	receive_n(HALF_FIFO, 'i');
	TAP_EQ(pl011_model_read(&m, PL011_FR) & FR_RX, PL011_FR_RXFF, "16 waiting: RXFF");
	tap_ok(!pl011_model_can_receive(&m), "full: no room (a backend with flow control waits)");
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & PL011_INT_OE, 0, "asking is not an overrun");
	tap_ok(!pl011_model_receive(&m, 'z'), "a 17th is lost");
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & PL011_INT_OE, PL011_INT_OE, "...as an overrun");
	TAP_EQ(pl011_model_read(&m, PL011_DR), 'a', "first in, first out");
	tap_ok(pl011_model_can_receive(&m), "one read: room for one");
	TAP_EQ(pl011_model_read(&m, PL011_FR) & FR_RX, 0, "one read: no longer full");
	for (unsigned i = 1; i < HALF_FIFO + 1; i++)
		pl011_model_read(&m, PL011_DR);
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & RX_INTS, PL011_INT_RT,
	       "read below the trigger: RX ends, RT stays");
	for (unsigned i = HALF_FIFO + 1; i < PL011_MODEL_FIFO_DEPTH - 1; i++)
		pl011_model_read(&m, PL011_DR);
	TAP_EQ(pl011_model_read(&m, PL011_DR), 'a' + PL011_MODEL_FIFO_DEPTH - 1,
	       "the 16th comes last, the lost one never");
	TAP_EQ(pl011_model_read(&m, PL011_FR) & FR_RX, PL011_FR_RXFE, "read empty: RXFE");
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & RX_INTS, 0, "empty: no RX, no RT");
	pl011_model_write(&m, PL011_ICR, PL011_INT_OE);
	TAP_EQ(pl011_model_read(&m, PL011_RIS), PL011_INT_TX, "UARTICR clears OE");
}

/* The FIFO wraps around its array. */
static void test_wrap(void)
{
	pl011_model_reset(&m);
	int good = 1;
	for (unsigned i = 0; i < 3 * PL011_MODEL_FIFO_DEPTH; i++) {
		pl011_model_receive(&m, (uint8_t)i);
		pl011_model_receive(&m, (uint8_t)(i + 100));
		good &= pl011_model_read(&m, PL011_DR) == (uint8_t)i;
		good &= pl011_model_read(&m, PL011_DR) == (uint8_t)(i + 100);
	}
	tap_ok(good, "characters keep their order across the array's end");
}

static void test_interrupts(void)
{
	pl011_model_reset(&m);
	pl011_model_write(&m, PL011_IMSC, RX_INTS);
	tap_ok(!pl011_model_irq(&m), "RXIM|RTIM, nothing received: low");
	pl011_model_receive(&m, 'x');
	tap_ok(pl011_model_irq(&m), "a character: high (RT)");
	TAP_EQ(pl011_model_read(&m, PL011_MIS), PL011_INT_RT, "UARTMIS = RIS & IMSC");
	pl011_model_write(&m, PL011_ICR, PL011_INT_RT);
	tap_ok(pl011_model_irq(&m), "UARTICR cannot end RT while data waits");
	pl011_model_read(&m, PL011_DR);
	tap_ok(!pl011_model_irq(&m), "read empty: low");
	pl011_model_write(&m, PL011_IMSC, PL011_INT_TX);
	tap_ok(pl011_model_irq(&m), "TXIM: high at once, the transmit FIFO is empty");
	pl011_model_write(&m, PL011_ICR, PL011_INT_TX);
	tap_ok(pl011_model_irq(&m), "...and UARTICR cannot end it");
	pl011_model_write(&m, PL011_IMSC, 0xffffffffu);
	TAP_EQ(pl011_model_read(&m, PL011_IMSC), PL011_INT_ALL, "UARTIMSC keeps 11 bits");
	pl011_model_write(&m, PL011_IMSC, PL011_INT_RX);
	receive_n(HALF_FIFO, 'a');
	tap_ok(pl011_model_irq(&m), "RXIM: high at the trigger");
	pl011_model_write(&m, PL011_ICR, PL011_INT_RX);
	tap_ok(!pl011_model_irq(&m), "UARTICR ends RX even above the trigger");
	pl011_model_receive(&m, 'q');
	tap_ok(pl011_model_irq(&m), "another character above the trigger: RX again");
}

static void test_trigger_levels(void)
{
	static const struct {
		uint32_t ifls;
		unsigned level;
	} levels[] = {
		{ PL011_IFLS_RX_1_8, 2 },  { PL011_IFLS_RX_1_4, 4 },  { PL011_IFLS_RX_1_2, 8 },
		{ PL011_IFLS_RX_3_4, 12 }, { PL011_IFLS_RX_7_8, 14 },
	};
	for (unsigned i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		pl011_model_reset(&m);
		pl011_model_write(&m, PL011_IFLS, levels[i].ifls);
		receive_n(levels[i].level - 1, 'a');
		int below = !(pl011_model_read(&m, PL011_RIS) & PL011_INT_RX);
		pl011_model_receive(&m, 'z');
		int at = (pl011_model_read(&m, PL011_RIS) & PL011_INT_RX) != 0;
		tap_ok(below && at, "UARTIFLS 0x%02x: RX at %u characters", levels[i].ifls,
		       levels[i].level);
	}
}

static void test_line_control(void)
{
	pl011_model_reset(&m);
	receive_n(3, 'a');
	pl011_model_write(&m, PL011_LCR_H, PL011_LCR_H_8N1_FIFO & ~PL011_LCR_H_FEN);
	TAP_EQ(pl011_model_read(&m, PL011_FR) & FR_RX, PL011_FR_RXFE,
	       "FIFOs switched off: what waited is gone");
	tap_ok(pl011_model_receive(&m, 'x'), "FIFOs off: one character is taken");
	TAP_EQ(pl011_model_read(&m, PL011_FR) & FR_RX, PL011_FR_RXFF, "...and that is full");
	TAP_EQ(pl011_model_read(&m, PL011_RIS) & PL011_INT_RX, PL011_INT_RX, "...and RX");
	tap_ok(!pl011_model_receive(&m, 'y'), "FIFOs off: a second is lost");
	TAP_EQ(pl011_model_read(&m, PL011_DR), 'x', "the first stays");
	pl011_model_write(&m, PL011_LCR_H, PL011_LCR_H_8N1_FIFO);
	pl011_model_write(&m, PL011_ICR, PL011_INT_ALL);
	pl011_model_write(&m, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE);
	tap_ok(!pl011_model_receive(&m, 'r'), "receiver off (UARTCR.RXE clear): lost");
	TAP_EQ(pl011_model_read(&m, PL011_RIS), PL011_INT_TX, "...and no overrun, nothing waiting");
	pl011_model_write(&m, PL011_IBRD, 0x12345);
	TAP_EQ(pl011_model_read(&m, PL011_IBRD), 0x2345, "UARTIBRD keeps 16 bits");
	pl011_model_write(&m, PL011_FBRD, 0xff);
	TAP_EQ(pl011_model_read(&m, PL011_FBRD), 0x3f, "UARTFBRD keeps 6 bits");
	pl011_model_write(&m, PL011_FR, 0);
	TAP_EQ(pl011_model_read(&m, PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE,
	       "UARTFR ignores writes");
}

int main(void)
{
	test_reset();
	test_fifo();
	test_wrap();
	test_interrupts();
	test_trigger_levels();
	test_line_control();
	return tap_exit();
}
