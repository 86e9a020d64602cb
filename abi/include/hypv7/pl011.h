/*
 * The Arm PL011 UART every hypv7 VM sees (the guest contract: README), as
 * register offsets and bits: hypv7's emulation (hyp/pl011_model.c,
 * hyp/vuart.c) and guests' drivers read them from here. Only what the
 * emulation implements.
 */
#ifndef HYPV7_PL011_H
#define HYPV7_PL011_H

#define PL011_SIZE 0x1000u /* one page */

#define PL011_DR 0x000u        /* data */
#define PL011_RSR 0x004u       /* receive status / error clear */
#define PL011_FR 0x018u        /* flags */
#define PL011_ILPR 0x020u      /* IrDA low-power counter */
#define PL011_IBRD 0x024u      /* integer baud rate divisor */
#define PL011_FBRD 0x028u      /* fractional baud rate divisor */
#define PL011_LCR_H 0x02cu     /* line control */
#define PL011_CR 0x030u        /* control */
#define PL011_IFLS 0x034u      /* interrupt FIFO level select */
#define PL011_IMSC 0x038u      /* interrupt mask set/clear: 1 = enabled */
#define PL011_RIS 0x03cu       /* raw interrupt status */
#define PL011_MIS 0x040u       /* masked interrupt status: RIS & IMSC */
#define PL011_ICR 0x044u       /* interrupt clear (write only) */
#define PL011_DMACR 0x048u     /* DMA control */
#define PL011_PERIPHID0 0xfe0u /* PrimeCell ids: 8 word registers from here */

/* UARTFR */
#define PL011_FR_BUSY (1u << 3) /* transmitting */
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_FR_RXFF (1u << 6) /* receive FIFO full */
#define PL011_FR_TXFE (1u << 7) /* transmit FIFO empty */

/* UARTCR */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)

/* UARTLCR_H */
#define PL011_LCR_H_FEN (1u << 4)  /* FIFOs enabled (else 1-character) */
#define PL011_LCR_H_8N1_FIFO 0x70u /* 8 data bits, FIFOs on */

/* UARTIFLS: the receive FIFO's interrupt trigger level, in eighths. */
#define PL011_IFLS_RX_SHIFT 3
#define PL011_IFLS_RX_MASK (7u << PL011_IFLS_RX_SHIFT)
#define PL011_IFLS_RX_1_8 (0u << PL011_IFLS_RX_SHIFT)
#define PL011_IFLS_RX_1_4 (1u << PL011_IFLS_RX_SHIFT)
#define PL011_IFLS_RX_1_2 (2u << PL011_IFLS_RX_SHIFT)
#define PL011_IFLS_RX_3_4 (3u << PL011_IFLS_RX_SHIFT)
#define PL011_IFLS_RX_7_8 (4u << PL011_IFLS_RX_SHIFT)
#define PL011_IFLS_TX_1_2 (2u << 0)

/* Interrupt bits, the same in UARTIMSC, UARTRIS, UARTMIS and UARTICR. */
#define PL011_INT_RX (1u << 4)  /* receive FIFO at or above its trigger level */
#define PL011_INT_TX (1u << 5)  /* transmit FIFO at or below its trigger level */
#define PL011_INT_RT (1u << 6)  /* receive timeout: data waiting */
#define PL011_INT_OE (1u << 10) /* overrun: a character lost, the FIFO was full */
#define PL011_INT_ALL 0x7ffu

#endif /* HYPV7_PL011_H */
