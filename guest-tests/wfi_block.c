/*
 * WFI waits (hyp/sched.h): a vCPU whose timer is armed and that executes
 * WFI with nothing pending does not run again until its timer is due,
 * whether another VM is busy beside it or the CPU has nothing else to do;
 * a vCPU no interrupt could wake (timer masked, GIC unused) only yields;
 * with its GIC on, anything could wake it, so it would wait.
 * Built twice: with WFI_THROUGH_GIC the timer is taken through the virtual
 * GIC (boards with GICH), else through HCR.VI. IRQs stay masked in CPSR
 * throughout: WFI wakes on a pending interrupt whatever CPSR.I says.
 */
#include <stdint.h>

#include <hypv7/guest_machine.h>

#include "guest.h"
#include "gic.h"
#include "smccc.h"
#include "tap.h"

#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u
#define WAIT_ROUNDS 10
#define MS_PER_S 1000u
#define WAIT_MS 2u
/* A WFI that only yielded would come back thousands of times in 2 ms;
 * one that waits comes back once (twice if it may end early). */
#define MAX_WFI_PER_WAIT 2

/* Arms the timer `ticks` ahead; returns the count at which it fires. */
static uint64_t cntv_arm(uint32_t ticks, uint32_t ctl)
{
	uint64_t due = guest_counter() + ticks;
	__asm__ volatile("mcrr p15, 3, %0, %1, c14" ::"r"((uint32_t)due),
			 "r"((uint32_t)(due >> 32)));
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(ctl));
	return due;
}

static void cntv_off(void)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(0u));
}

static void wfi(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}

#ifdef WFI_THROUGH_GIC
/* The timer's interrupt, taken and ended once the timer is quiet. */
static uint32_t gic_take(void)
{
	uint32_t iar = *gicc32(GICC_IAR);
	cntv_off();
	*gicc32(GICC_EOIR) = iar;
	return iar & GIC_IAR_ID_MASK;
}
#endif

int main(void)
{
	uint32_t ticks = guest_counter_hz() / MS_PER_S * WAIT_MS;
#ifdef WFI_THROUGH_GIC
	tap_plan(2);
	gic_on(1u << GUEST_VTIMER_INTID);
#else
	tap_plan(3);
#endif
	int wfis = 0, taken = 0;
	uint64_t late = 0; /* the latest wake after the timer was due */
	for (int round = 0; round < WAIT_ROUNDS; round++) {
		uint64_t due = cntv_arm(ticks, CNT_CTL_ENABLE);
		uint64_t now;
		do { /* a WFI may end early (a line not yet seen low) */
			wfi();
			wfis++;
		} while ((now = guest_counter()) < due);
		late = now - due > late ? now - due : late;
#ifdef WFI_THROUGH_GIC
		taken += gic_take() == GUEST_VTIMER_INTID;
#else
		cntv_off();
		/* The guest's own timer writes do not trap: the line it raised
		 * drops at hypv7's next look, on any exit (or within 10 µs). */
		smccc_hvc0(PSCI_VERSION);
		taken++;
#endif
	}
	tap_ok(wfis <= WAIT_ROUNDS * MAX_WFI_PER_WAIT,
	       "WFI waits for the timer: %d WFIs for %d waits of %u ms", wfis, WAIT_ROUNDS,
	       WAIT_MS);
	tap_ok(taken == WAIT_ROUNDS, "the timer's interrupt was there each time (%d)", taken);
	tap_diag("woken at most %lu µs after the timer was due",
		 (unsigned long)(late * MS_PER_S * MS_PER_S / guest_counter_hz()));

#ifndef WFI_THROUGH_GIC
	/* Masked, the timer can wake nothing: WFI must come back anyway. */
	uint64_t due = cntv_arm(ticks * WAIT_ROUNDS, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	wfi();
	tap_ok(guest_counter() < due, "with the timer masked WFI only yields");
	cntv_off();
#endif
	return tap_done();
}
