/* The PL011 UART every hypv7 VM sees (a QEMU virt-shaped machine). */
#ifndef PL011_H
#define PL011_H

#include <stdint.h>

#define PL011_BASE      0x09000000u
#define PL011_DR        0x00u          /* data register */
#define PL011_FR        0x18u          /* flag register */
#define PL011_FR_RXFE   (1u << 4)      /* receive FIFO empty */
#define PL011_FR_TXFF   (1u << 5)      /* transmit FIFO full */

static inline uint32_t pl011_read(uint32_t reg)
{
    return *(volatile uint32_t *)(PL011_BASE + reg);
}

static inline void pl011_write(uint32_t reg, uint32_t val)
{
    *(volatile uint32_t *)(PL011_BASE + reg) = val;
}

static inline void pl011_putc(char c)
{
    while (pl011_read(PL011_FR) & PL011_FR_TXFF)
        ;
    pl011_write(PL011_DR, (uint8_t)c);
}

#endif
