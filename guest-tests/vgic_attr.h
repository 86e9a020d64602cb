/* What VM 1 of the vgic_attr test programs into its virtual GIC, and the
 * mailbox words it answers in (guest-tests/vgic_attr*.c). */
#ifndef VGIC_ATTR_H
#define VGIC_ATTR_H

#define ATTR_SPI_ENABLED 33u /* enabled, priority ATTR_SPI_PRIORITY, to CPU 0 */
#define ATTR_SPI_PRIORITY 0xa0u
#define ATTR_SPI_PENDING 35u /* pending, not enabled */
#define ATTR_SPI_EDGE 34u    /* edge-triggered */
/* GICD_ICFGR2 covers interrupts 32..47, two bits each: 34's edge bit. */
#define ATTR_ICFGR_WORD_OFFSET 8u
#define ATTR_ICFGR_EDGE_VALUE (2u << (2 * (ATTR_SPI_EDGE - 32)))
#define ATTR_SGI 3u
#define ATTR_PRIVATE_ENABLED ((1u << ATTR_SGI) | (1u << GUEST_VTIMER_INTID))
#define ATTR_PMR 0xf0u
#define ATTR_GICC_BPR 0x08u
#define ATTR_BPR 2u

/* mbox.data[] words. */
#define ATTR_WORD_OWN_CALL 0u      /* DEVICE_ATTR_GET from VM 1 itself */
#define ATTR_WORD_PRIORITY_SEEN 1u /* IPRIORITYR of ATTR_SPI_ENABLED, from inside */
#define ATTR_WORD_ENABLED_SEEN 2u  /* GICD_ISENABLER1 */
#define ATTR_WORD_PENDING_SEEN 3u  /* GICD_ISPENDR1 */
#define ATTR_WORD_ICFGR_SEEN 4u    /* GICD_ICFGR2 */
#define ATTR_WORD_PMR_SEEN 5u      /* GICC_PMR */
#define ATTR_WORD_REPORTS 6u       /* REPORTs answered, in this VM's life */

#endif
