/*
 * The virtual GICv2 from inside: the distributor's identification, reset
 * values, read-only / write-ignored rules and byte accesses; then the
 * distributor, the CPU interface (GICV at the guest's GICC address) and
 * PPI 27 enabled, the virtual timer taken through the GIC (IAR = 27, EOI)
 * several times, its level kept while the guest has not quietened it, and
 * an SGI sent to itself. IRQs stay masked in CPSR: the test polls GICC_IAR,
 * which shows the highest pending interrupt whatever CPSR.I says.
 */
#include <stdint.h>

#include <hypv7/guest_machine.h>

#include "gic.h"
#include "tap.h"

/* What hypv7's distributor reports: 64 interrupts, one CPU, KVM's IIDR. */
#define WANT_TYPER 0x1u
#define WANT_IIDR 0x4b00243bu
#define SGIS_ENABLED 0x0000ffffu
#define SGIS_EDGE 0xaaaaaaaau
#define TARGET_CPU0_X4 0x01010101u
#define PRIORITY 0xa0u
#define PRIORITY_WRITTEN 0xa5u /* the low 3 bits are not implemented */
#define SGIR_SELF (2u << 24)
#define TEST_SGI 5u
#define TIMER_ROUNDS 5
#define TIMER_TICKS 1000u
#define POLL_LIMIT 10000000u

#define CNT_CTL_ENABLE 1u

static void cntv_set(uint32_t tval, uint32_t ctl)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 0" ::"r"(tval));
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n isb" ::"r"(ctl));
}

/* The next interrupt the CPU interface gives, or GIC_SPURIOUS after a while. */
static uint32_t wait_iar(void)
{
	for (uint32_t i = 0; i < POLL_LIMIT; i++) {
		uint32_t iar = *gicc32(GICC_IAR);
		if ((iar & GIC_IAR_ID_MASK) != GIC_SPURIOUS)
			return iar;
	}
	return GIC_SPURIOUS;
}

static void check_ids_and_resets(uint32_t typer)
{
	tap_is_u32(typer, WANT_TYPER, "TYPER: 64 interrupts, 1 CPU");
	tap_is_u32(*gicd32(GICD_IIDR), WANT_IIDR, "IIDR as KVM's GICv2");
	tap_is_u32(*gicd32(GICD_CTLR), 0, "CTLR resets to 0");
	tap_is_u32(*gicd32(GICD_ISENABLER), SGIS_ENABLED, "SGIs enabled at reset");
	tap_is_u32(*gicd32(GICD_ISENABLER + 4), 0, "SPIs disabled at reset");
	tap_is_u32(*gicd32(GICD_ITARGETSR), TARGET_CPU0_X4, "ITARGETSR0 reads CPU 0");
	tap_is_u32(*gicd32(GICD_ICFGR), SGIS_EDGE, "ICFGR0: SGIs edge");
	tap_is_u32(*gicd32(GICD_ICFGR + 4), 0, "ICFGR1: PPIs level");
}

static void check_ro_wi(void)
{
	*gicd32(GICD_TYPER) = 0xffffffffu;
	tap_is_u32(*gicd32(GICD_TYPER), WANT_TYPER, "TYPER is read-only");
	*gicd32(GICD_ITARGETSR) = 0;
	tap_is_u32(*gicd32(GICD_ITARGETSR), TARGET_CPU0_X4, "ITARGETSR0-7 are read-only");
	*gicd32(GICD_ICFGR + 4) = 0xffffffffu;
	tap_is_u32(*gicd32(GICD_ICFGR + 4), 0, "PPI configuration is write-ignored");
	*gicd32(GICD_ISPENDR) = 1u << TEST_SGI;
	tap_is_u32(*gicd32(GICD_ISPENDR) & 0xffffu, 0, "ISPENDR0 SGI bits are write-ignored");
	*gicd32(0xfe0) = 0x12345678u;
	tap_is_u32(*gicd32(0xfe0), 0, "a reserved offset is RAZ/WI");
}

static void check_bytes(void)
{
	*gicd8(GICD_IPRIORITYR + GUEST_VTIMER_INTID) = PRIORITY_WRITTEN;
	tap_is_u32(*gicd8(GICD_IPRIORITYR + GUEST_VTIMER_INTID), PRIORITY,
		   "IPRIORITYR byte: 5 priority bits");
	tap_is_u32(*gicd32(GICD_IPRIORITYR + 24), PRIORITY << 24, "IPRIORITYR6 word sees the byte");
	*gicd8(GICD_ITARGETSR + GUEST_SPI_BASE) = 0xff;
	tap_is_u32(*gicd8(GICD_ITARGETSR + GUEST_SPI_BASE), 1, "SPI target masked to online CPUs");
	*(volatile uint16_t *)(GUEST_GICD_IPA + GICD_IPRIORITYR) = 0xffff;
	tap_is_u32(*gicd32(GICD_IPRIORITYR), 0, "a halfword write is ignored");
	*gicd32(GICD_ISENABLER + 4) = 1u; /* SPI 32, enabled in the SPI bank */
	tap_is_u32(*gicd8(GICD_ISENABLER + 4), 0, "a byte access to ISENABLER is RAZ");
	tap_is_u32(*gicd32(GICD_ISENABLER + 4), 1, "ISENABLER1 word");
	*gicd32(GICD_SPENDSGIR) = 0; /* no source: nothing pending */
	tap_is_u32(*gicd8(GICD_SPENDSGIR), 0, "SPENDSGIR byte");
}

static void enable_gic(void)
{
	*gicd32(GICD_ISENABLER) = 1u << GUEST_VTIMER_INTID;
	*gicd32(GICD_CTLR) = 1;
	*gicc32(GICC_PMR) = GIC_PMR_ALL;
	*gicc32(GICC_CTLR) = 1;
	tap_is_u32(*gicd32(GICD_CTLR), 1, "distributor enabled");
	tap_is_u32(*gicc32(GICC_PMR), GIC_PMR_ALL, "GICC_PMR (GICV) holds its value");
	tap_is_u32(wait_iar() & GIC_IAR_ID_MASK, GIC_SPURIOUS, "nothing pending yet");
}

static void check_timer(void)
{
	int taken = 0;
	for (int round = 0; round < TIMER_ROUNDS; round++) {
		cntv_set(TIMER_TICKS, CNT_CTL_ENABLE);
		uint32_t iar = wait_iar();
		if ((iar & GIC_IAR_ID_MASK) == GUEST_VTIMER_INTID)
			taken++;
		cntv_set(0, 0); /* quieten the timer, then end the interrupt */
		*gicc32(GICC_EOIR) = iar;
	}
	tap_is_u32((uint32_t)taken, TIMER_ROUNDS, "virtual timer taken through the GIC (IAR 27)");

	/* Level: ended while still firing, it comes back. */
	cntv_set(TIMER_TICKS, CNT_CTL_ENABLE);
	uint32_t iar = wait_iar();
	*gicc32(GICC_EOIR) = iar;
	uint32_t again = wait_iar();
	cntv_set(0, 0);
	*gicc32(GICC_EOIR) = again;
	tap_is_u32(again & GIC_IAR_ID_MASK, GUEST_VTIMER_INTID,
		   "a level interrupt still asserted is taken again");
	tap_is_u32(wait_iar() & GIC_IAR_ID_MASK, GIC_SPURIOUS,
		   "nothing pending once the timer is quiet");
}

static void check_sgi(void)
{
	*gicd32(GICD_SGIR) = SGIR_SELF | TEST_SGI;
	uint32_t iar = wait_iar();
	tap_is_u32(iar, TEST_SGI, "SGI to itself: IAR = SGI 5 from CPU 0");
	*gicc32(GICC_EOIR) = iar;
	tap_is_u32(wait_iar() & GIC_IAR_ID_MASK, GIC_SPURIOUS, "SGI ended");
}

int main(void)
{
	/* First the GIC, then the plan: on a board without a virtual GIC
	 * hypv7 stops this VM at the first access, and no plan is left. */
	uint32_t typer = *gicd32(GICD_TYPER);
	tap_plan(28);
	check_ids_and_resets(typer);
	check_ro_wi();
	check_bytes();
	enable_gic();
	check_timer();
	check_sgi();
	return tap_done();
}
