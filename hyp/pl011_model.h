/*
 * The registers of an emulated PL011 as plain logic, with no hardware and
 * no VM behind them: the receive FIFO, the flags, the interrupt status and
 * masks, the line settings a driver writes and reads back. hyp/vuart.c
 * gives each VM one, sends what the guest writes to UARTDR to the console,
 * and turns pl011_model_irq() into the UART's interrupt line; the host
 * tests (tests/host/test_pl011_model.c) drive it alone.
 *
 * Transmission takes no time: the transmit FIFO is always empty (UARTFR
 * TXFE, never TXFF or BUSY), so the transmit interrupt's condition, "at or
 * below the trigger level", always holds (RIS.TX is always set; a driver
 * masks TXIM when it has nothing to send, as Linux's amba-pl011 does).
 * Reception: a FIFO of PL011_MODEL_FIFO_DEPTH characters (one while
 * UARTLCR_H.FEN is clear); RIS.RX is set when the FIFO reaches its
 * trigger level (UARTIFLS) and cleared by UARTICR or by reading below it;
 * RIS.RT (receive timeout) is set for as long as data is waiting; RIS.OE
 * when a character arrives at a full FIFO and is lost, until UARTICR.
 */
#ifndef HYPV7_HYP_PL011_MODEL_H
#define HYPV7_HYP_PL011_MODEL_H
#include <stdbool.h>
#include <stdint.h>

/* As the revision its ids name (QEMU's ids; Linux's amba-pl011 gives
 * that revision 16-entry FIFOs). */
#define PL011_MODEL_FIFO_DEPTH 16u

struct pl011_model {
	uint8_t rx[PL011_MODEL_FIFO_DEPTH];
	unsigned rx_head, rx_count;
	uint32_t latched; /* RIS bits set by an event, kept until cleared */
	uint32_t imsc, cr, lcr_h, ifls, ibrd, fbrd;
};

/* The state a VM finds: enabled, 8N1, FIFOs on, 115200 baud, nothing
 * waiting, every interrupt masked. */
void pl011_model_reset(struct pl011_model *m);

/* Whether a character from the line would be kept now: the receiver is
 * on and the FIFO has room (a backend with flow control waits for it). */
bool pl011_model_can_receive(const struct pl011_model *m);
/* A character from the line. False when it is lost: the receiver is off
 * (UARTCR.UARTEN or RXE clear), or the FIFO is full (an overrun). */
bool pl011_model_receive(struct pl011_model *m, uint8_t c);

/* A load of the register at `offset`; reading UARTDR takes a character
 * out of the FIFO. Offsets without a register read as zero. */
uint32_t pl011_model_read(struct pl011_model *m, uint32_t offset);

/* A store to the register at `offset`. A character written to UARTDR is
 * the caller's to send: it changes nothing here. Read-only registers and
 * offsets without a register ignore it. */
void pl011_model_write(struct pl011_model *m, uint32_t offset, uint32_t value);

/* UARTINTR, the combined interrupt output: any of UARTMIS set. */
bool pl011_model_irq(const struct pl011_model *m);

#endif
