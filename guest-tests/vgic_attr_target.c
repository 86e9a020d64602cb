/*
 * VM 1 of the vgic_attr test: programs its virtual GIC with known values
 * (vgic_attr.h), records what the device-attribute calls answer it (it is
 * not the control VM), then holds, yielding with PSCI CPU_SUSPEND (with
 * its GIC on, a WFI would wait for an interrupt). On MBOX_CMD_REPORT it
 * reads back, from inside, what VM 0 may have set through the ABI.
 */
#include <string.h>

#include <hypv7/smccc.h>

#include "gic.h"
#include "guest.h"
#include "hv.h"
#include "mbox.h"
#include "vgic_attr.h"

static void suspend(void)
{
	register uint32_t r0 __asm__("r0") = PSCI_CPU_SUSPEND;
	register uint32_t r1 __asm__("r1") = 0; /* standby: hypv7 yields */
	__asm__ volatile("hvc #0" : "+r"(r0), "+r"(r1)::"r2", "r3", "memory");
}

static void program_gic(void)
{
	*gicd8(GICD_IPRIORITYR + ATTR_SPI_ENABLED) = ATTR_SPI_PRIORITY;
	*gicd8(GICD_ITARGETSR + ATTR_SPI_ENABLED) = 1;
	*gicd32(GICD_ICFGR + ATTR_ICFGR_WORD_OFFSET) = ATTR_ICFGR_EDGE_VALUE;
	*gicd32(GICD_ISENABLER + 4) = 1u << (ATTR_SPI_ENABLED - 32);
	*gicd32(GICD_ISPENDR + 4) = 1u << (ATTR_SPI_PENDING - 32);
	gic_on(ATTR_PRIVATE_ENABLED);
	*gicc32(GICC_PMR) = ATTR_PMR;
	*gicc32(ATTR_GICC_BPR) = ATTR_BPR;
}

int main(void)
{
	volatile struct mbox *m = mbox_self();
	memset((void *)m, 0, sizeof(*m));

	uint32_t value = 0;
	struct kvm_device_attr a = { .group = KVM_DEV_ARM_VGIC_GRP_NR_IRQS,
				     .addr = (uintptr_t)&value };
	m->data[ATTR_WORD_OWN_CALL] = (uint32_t)hv_device_attr_get(1, &a);
	program_gic();
	m->magic = MBOX_MAGIC;
	for (;;) {
		if (m->cmd_seq != m->done_seq) {
			if (m->cmd == MBOX_CMD_REPORT) {
				m->data[ATTR_WORD_PRIORITY_SEEN] =
				    *gicd8(GICD_IPRIORITYR + ATTR_SPI_ENABLED);
				m->data[ATTR_WORD_ENABLED_SEEN] = *gicd32(GICD_ISENABLER + 4);
				m->data[ATTR_WORD_PENDING_SEEN] = *gicd32(GICD_ISPENDR + 4);
				m->data[ATTR_WORD_ICFGR_SEEN] =
				    *gicd32(GICD_ICFGR + ATTR_ICFGR_WORD_OFFSET);
				m->data[ATTR_WORD_PMR_SEEN] = *gicc32(GICC_PMR);
				m->data[ATTR_WORD_REPORTS]++;
			}
			m->done_seq = m->cmd_seq;
		}
		suspend();
	}
}
