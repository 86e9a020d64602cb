/*
 * The Arm PL011 UART every hypv7 VM sees (the guest contract: README), as
 * register offsets and bits: hypv7's emulation (hyp/vuart.c) and guests'
 * drivers read them from here. Only what the emulation implements.
 */
#ifndef HYPV7_PL011_H
#define HYPV7_PL011_H

#define PL011_SIZE 0x1000u /* one page */

#define PL011_DR 0x000u        /* data */
#define PL011_FR 0x018u        /* flags */
#define PL011_IBRD 0x024u      /* integer baud rate divisor */
#define PL011_FBRD 0x028u      /* fractional baud rate divisor */
#define PL011_LCR_H 0x02cu     /* line control */
#define PL011_CR 0x030u        /* control */
#define PL011_IMSC 0x038u      /* interrupt mask */
#define PL011_RIS 0x03cu       /* raw interrupt status */
#define PL011_MIS 0x040u       /* masked interrupt status */
#define PL011_PERIPHID0 0xfe0u /* PrimeCell ids: 8 word registers from here */

#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_FR_TXFE (1u << 7) /* transmit FIFO empty */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)
#define PL011_LCR_H_8N1_FIFO 0x70u /* 8 data bits, FIFOs on */

#endif /* HYPV7_PL011_H */
