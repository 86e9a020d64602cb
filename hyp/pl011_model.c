/* An emulated PL011's registers as plain logic (hyp/pl011_model.h). */
#include "hyp/pl011_model.h"

#include <hypv7/pl011.h>

/* PrimeCell identification: part 0x011 (PL011), designer ARM, revision 1;
 * QEMU's PL011 has the same. */
static const uint8_t pl011_ids[] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
#define ID_REGS_COUNT (sizeof(pl011_ids) / sizeof(pl011_ids[0]))

/* What firmware would have left: the UART on, 115200 baud from the 24 MHz
 * UARTCLK the guest's device tree names (24e6 / (16 * 115200) = 13 + 1/64),
 * both FIFOs triggering at half full (the PL011's reset value). */
#define RESET_CR (PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE)
#define RESET_IBRD 13u
#define RESET_FBRD 1u
#define RESET_IFLS (PL011_IFLS_RX_1_2 | PL011_IFLS_TX_1_2)

/* The bits each writable register keeps (the PL011 TRM's widths). */
#define CR_MASK 0xff87u
#define LCR_H_MASK 0xffu
#define IFLS_MASK 0x3fu
#define IBRD_MASK 0xffffu
#define FBRD_MASK 0x3fu

/* UARTIFLS RXIFLSEL 0..4: the trigger level in eighths of the FIFO
 * (1/8, 1/4, 1/2, 3/4, 7/8); reserved values act as the last. */
static const uint8_t rx_trigger_eighths[] = { 1, 2, 4, 6, 7 };
#define NR_RX_TRIGGERS (sizeof(rx_trigger_eighths) / sizeof(rx_trigger_eighths[0]))
#define EIGHTHS 8u

/* Interrupts whose raw status is an event kept until cleared. */
#define LATCHED_INTS (PL011_INT_RX | PL011_INT_OE)

static bool fifo_enabled(const struct pl011_model *m)
{
	return (m->lcr_h & PL011_LCR_H_FEN) != 0;
}

static unsigned rx_depth(const struct pl011_model *m)
{
	return fifo_enabled(m) ? PL011_MODEL_FIFO_DEPTH : 1;
}

static unsigned rx_trigger(const struct pl011_model *m)
{
	if (!fifo_enabled(m))
		return 1;
	unsigned sel = (m->ifls & PL011_IFLS_RX_MASK) >> PL011_IFLS_RX_SHIFT;
	if (sel >= NR_RX_TRIGGERS)
		sel = NR_RX_TRIGGERS - 1;
	return PL011_MODEL_FIFO_DEPTH * rx_trigger_eighths[sel] / EIGHTHS;
}

static void rx_flush(struct pl011_model *m)
{
	m->rx_head = 0;
	m->rx_count = 0;
	m->latched &= ~PL011_INT_RX;
}

void pl011_model_reset(struct pl011_model *m)
{
	*m = (struct pl011_model){
		.cr = RESET_CR,
		.lcr_h = PL011_LCR_H_8N1_FIFO,
		.ifls = RESET_IFLS,
		.ibrd = RESET_IBRD,
		.fbrd = RESET_FBRD,
	};
}

static bool receiver_on(const struct pl011_model *m)
{
	const uint32_t on = PL011_CR_UARTEN | PL011_CR_RXE;
	return (m->cr & on) == on;
}

bool pl011_model_can_receive(const struct pl011_model *m)
{
	return receiver_on(m) && m->rx_count < rx_depth(m);
}

bool pl011_model_receive(struct pl011_model *m, uint8_t c)
{
	if (!receiver_on(m))
		return false;
	if (m->rx_count >= rx_depth(m)) {
		m->latched |= PL011_INT_OE;
		return false;
	}
	m->rx[(m->rx_head + m->rx_count) % PL011_MODEL_FIFO_DEPTH] = c;
	m->rx_count++;
	if (m->rx_count >= rx_trigger(m))
		m->latched |= PL011_INT_RX;
	return true;
}

/* UARTDR read: the oldest character, or 0 when there is none. */
static uint32_t rx_pop(struct pl011_model *m)
{
	if (!m->rx_count)
		return 0;
	uint8_t c = m->rx[m->rx_head];
	m->rx_head = (m->rx_head + 1) % PL011_MODEL_FIFO_DEPTH;
	m->rx_count--;
	if (m->rx_count < rx_trigger(m))
		m->latched &= ~PL011_INT_RX;
	return c;
}

static uint32_t raw_status(const struct pl011_model *m)
{
	uint32_t ris = m->latched | PL011_INT_TX; /* sent at once: never above */
	if (m->rx_count)
		ris |= PL011_INT_RT;
	return ris;
}

static uint32_t flags(const struct pl011_model *m)
{
	uint32_t fr = PL011_FR_TXFE;
	if (!m->rx_count)
		fr |= PL011_FR_RXFE;
	if (m->rx_count >= rx_depth(m))
		fr |= PL011_FR_RXFF;
	return fr;
}

uint32_t pl011_model_read(struct pl011_model *m, uint32_t offset)
{
	if (offset >= PL011_PERIPHID0 && offset < PL011_PERIPHID0 + 4 * ID_REGS_COUNT)
		return (offset & 3) ? 0 : pl011_ids[(offset - PL011_PERIPHID0) / 4];
	switch (offset) {
	case PL011_DR: return rx_pop(m);
	case PL011_FR: return flags(m);
	case PL011_IBRD: return m->ibrd;
	case PL011_FBRD: return m->fbrd;
	case PL011_LCR_H: return m->lcr_h;
	case PL011_CR: return m->cr;
	case PL011_IFLS: return m->ifls;
	case PL011_IMSC: return m->imsc;
	case PL011_RIS: return raw_status(m);
	case PL011_MIS: return raw_status(m) & m->imsc;
	default: return 0; /* RSR: no errors; ILPR, DMACR: none; ICR: write-only */
	}
}

void pl011_model_write(struct pl011_model *m, uint32_t offset, uint32_t value)
{
	switch (offset) {
	case PL011_IBRD: m->ibrd = value & IBRD_MASK; break;
	case PL011_FBRD: m->fbrd = value & FBRD_MASK; break;
	case PL011_LCR_H:
		if ((m->lcr_h ^ value) & PL011_LCR_H_FEN)
			rx_flush(m); /* the FIFO changes shape: start empty */
		m->lcr_h = value & LCR_H_MASK;
		break;
	case PL011_CR: m->cr = value & CR_MASK; break;
	case PL011_IFLS: m->ifls = value & IFLS_MASK; break;
	case PL011_IMSC: m->imsc = value & PL011_INT_ALL; break;
	case PL011_ICR: m->latched &= ~(value & LATCHED_INTS); break;
	default: break; /* DR: the caller's; RSR/ECR: no errors to clear */
	}
}

bool pl011_model_irq(const struct pl011_model *m)
{
	return (raw_status(m) & m->imsc) != 0;
}
