/*
 * `make bench`'s SMP run (bench/run-bench, SMP=2): VM 0 with two vCPUs
 * (vCPU 0 on CPU 0, vCPU 1 on CPU 1) and the peer VM (bench_peer.c, VM 1)
 * pinned to CPU 1. Prints, like bench_control.c,
 *
 *     bench <name> <instructions>
 *
 *   smp_remote_pause_resume  vCPU 0 (CPU 0) does VCPU_PAUSE + VCPU_RESUME of
 *                            the peer's vCPU running on CPU 1 (the remote,
 *                            synchronous pause), timed like bench_control's
 *                            pause_resume: fastest of BATCHES batches of
 *                            ITERS, less the empty loop, per call pair.
 *   smp_ipi_latency          the peer paused, so CPU 1 has only vCPU 1,
 *                            which waits in WFI with its GIC CPU interface on
 *                            and the SGI enabled. vCPU 0 reads the counter,
 *                            writes GICD_SGIR targeting vCPU 1 and waits in
 *                            WFI; vCPU 1's IRQ handler reads the counter
 *                            first thing, adds the difference up in shared
 *                            memory and answers with an SGI to vCPU 0. The
 *                            mean of IPI_ROUNDS rounds.
 *
 * Clock: QEMU -icount shift=0,sleep=off, one instruction per virtual ns,
 * the generic counter (62.5 MHz) ticking every 16 instructions. QEMU runs
 * the two CPUs round-robin on one host thread and the virtual clock counts
 * the instructions of both, so a figure is what both CPUs executed: in
 * smp_ipi_latency CPU 1 only runs once CPU 0 stops, so the figure includes
 * the sender's own path from its SGIR write (the trap, the emulation, the
 * physical IPI) through its WFI to CPU 0's idle WFI, then CPU 1's wake-up,
 * the virtual IRQ's injection and the guest's vector and handler entry
 * (guest_set_irq_handler's dispatch). On real parallel CPUs the sender's
 * wait overlaps the receiver's path instead.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench.h"
#include "ctl.h"
#include "gic.h"
#include "guest.h"
#include "smp.h"

#define ITERS 1000u
#define BATCHES 5u
#define NS_PER_S 1000000000ull
#define IPI_ROUNDS 200u
#define BENCH_SGI 1u
#define SGIR_TARGETS_SHIFT 16
#define PEER_MODE_MS 2u
#define PEER_READY_MS 2000u
#define VCPU1 1u
#define START_TRIES 100000u

static uint32_t peer;
static int errors;
#define BENCH_PMU 0 /* the generic counter: instructions under -icount */
#include "bench_timing.h"

/* Under round-robin icount a yield on CPU 0 (nothing else there) does not
 * let CPU 1 run: these waits sleep on the virtual timer instead (WFI with
 * it armed waits, so CPU 0 idles). Only before VM 0's GIC is on. */
static void wait_peer_ready(void)
{
	struct mbox m;

	for (uint32_t ms = 0; ms < PEER_READY_MS; ms++) {
		int err = ctl_mbox_read(BENCH_PEER_VM, &m);
		if (err) {
			check(err, "peer mbox");
			return;
		}
		if (m.magic == MBOX_MAGIC)
			return;
		guest_sleep_ms(1);
	}
	check(-1, "peer ready");
}

/* wait: sleep a little so that the peer sees it. */
static void set_peer_mode(uint32_t mode, bool wait)
{
	uint32_t ipa = MBOX_ADDR + offsetof(struct mbox, data) + PEER_WORD_MODE * sizeof(uint32_t);
	check(hv_vm_write_mem(BENCH_PEER_VM, ipa, &mode, sizeof(mode)), "peer mode");
	if (wait)
		guest_sleep_ms(PEER_MODE_MS);
}

/* ---------------------------------------------------------------- remote pause */

static void op_pause_resume(void)
{
	hv_vcpu_pause(peer);
	hv_vcpu_resume(peer);
}

/* ---------------------------------------------------------------- IPI latency */

static volatile uint64_t sgi_sent;  /* vCPU 0's counter before its SGIR write */
static volatile uint64_t ipi_total; /* vCPU 1: the sum of the differences */
static volatile uint32_t ipi_taken; /* vCPU 1: SGIs handled */
static volatile uint32_t acks;      /* vCPU 0: answers from vCPU 1 */
static volatile uint32_t v1_ready, v1_stop, v1_other;

static void send_sgi(unsigned to)
{
	__asm__ volatile("dsb ish" ::: "memory");
	*gicd32(GICD_SGIR) = ((1u << to) << SGIR_TARGETS_SHIFT) | BENCH_SGI;
}

/* Both vCPUs' IRQ handler; vCPU 1 reads the counter before anything else. */
static void irq_handler(void)
{
	uint64_t now = clock_now();
	uint32_t iar = *gicc32(GICC_IAR);
	uint32_t id = iar & GIC_IAR_ID_MASK;

	if (id == GIC_SPURIOUS)
		return;
	if (id != BENCH_SGI) {
		v1_other++;
	} else if (guest_cpu_index() == VCPU1) {
		ipi_total += now - sgi_sent;
		ipi_taken++;
		send_sgi(0);
	} else {
		acks++;
	}
	*gicc32(GICC_EOIR) = iar;
}

/* Waits in WFI (IRQs masked around the test, so no wake-up is lost) until
 * *count reaches want. */
static void wait_count(volatile uint32_t *count, uint32_t want)
{
	guest_irq_disable();
	while (*count < want) {
		__asm__ volatile("wfi" ::: "memory");
		guest_irq_enable();
		guest_irq_disable();
	}
}

static void secondary(void *arg)
{
	(void)arg;
	guest_set_irq_handler(irq_handler);
	gic_on(1u << BENCH_SGI);
	__asm__ volatile("dmb ish" ::: "memory");
	v1_ready = 1;
	send_sgi(0); /* up: vCPU 0 waits for this */
	guest_irq_disable();
	while (!v1_stop) {
		__asm__ volatile("wfi" ::: "memory");
		guest_irq_enable();
		guest_irq_disable();
	}
	send_sgi(0); /* stopped */
}

static void bench_ipi(void)
{
	check(ctl_pause(peer), "pause peer");
	guest_set_irq_handler(irq_handler);
	gic_on(1u << BENCH_SGI);
	check(guest_cpu_on(VCPU1, secondary, NULL), "cpu on 1");
	wait_count(&acks, 1);
	if (!v1_ready) {
		printf("bench-error vCPU 1 did not come up\n");
		errors++;
		return;
	}
	for (uint32_t i = 0; i < IPI_ROUNDS; i++) {
		uint32_t want = acks + 1;
		sgi_sent = clock_now();
		send_sgi(VCPU1);
		wait_count(&acks, want);
	}
	if (ipi_taken != IPI_ROUNDS || v1_other) {
		printf("bench-error smp_ipi_latency: %lu SGIs taken of %u, %lu other IRQs\n",
		       (unsigned long)ipi_taken, IPI_ROUNDS, (unsigned long)v1_other);
		errors++;
	} else {
		report_milli("smp_ipi_latency", ipi_total * units_per_tick_milli / IPI_ROUNDS);
	}
	uint32_t want = acks + 1;
	v1_stop = 1;
	send_sgi(VCPU1);
	wait_count(&acks, want);
	guest_irq_enable();
	check(hv_vcpu_resume(peer), "resume peer");
}

int main(void)
{
	peer = ctl_handle(BENCH_PEER_VM);
	guest_mmu_lpae_caches_on();
	printf("bench start smp\n");
	clock_init();
	wait_peer_ready();
	set_peer_mode(PEER_IDLE, true);

	empty_ticks = time_batches(op_empty, ITERS, BATCHES);
	bench("smp_remote_pause_resume", op_pause_resume, ITERS, BATCHES);
	bench_ipi();

	/* VM 0's GIC is on now (its sleep would wait for ever): no wait; the
	 * system off at exit ends the peer anyway. */
	set_peer_mode(PEER_EXIT, false);
	printf("bench done errors %d\n", errors);
	return 0;
}
