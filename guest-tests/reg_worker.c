/*
 * The worker VM of the register-ABI tests: it does what VM 0 posts in its
 * mailbox (lib/mbox.h) and otherwise waits with WFI, so VM 0 gets the CPU.
 * Between a command and the next one it runs only integer C code, so the
 * VFP registers VM 0 sets or reads are the ones PUBLISH/REPORT see.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest.h"
#include "hex64.h"
#include "mbox.h"
#include "smccc.h"
#include "worker_regs.h"

#define OUTSIDE_RAM_ADDR 0x20000000u /* neither RAM nor a device */
#define MODE_IRQ_BITS "0x12"

static uint64_t d_regs[WORKER_NR_D];
static uint32_t own_vbar; /* crt0's vectors */

#define CP15_READ(op1, crn, crm, op2)                                                            \
	({                                                                                       \
		uint32_t v_;                                                                     \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v_)); \
		v_;                                                                              \
	})
#define CP15_WRITE(op1, crn, crm, op2, v)                                                      \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 "\n\tisb" ::"r"(v) \
			 : "memory")

static void vfp_load(const uint64_t *d, uint32_t fpscr)
{
	__asm__ volatile("vldmia %0, {d0-d15}\n\t"
			 "vldmia %1, {d16-d31}\n\t"
			 "vmsr fpscr, %2" ::"r"(d),
			 "r"(d + 16), "r"(fpscr)
			 : "memory");
}

static uint32_t vfp_store(uint64_t *d)
{
	uint32_t fpscr;

	__asm__ volatile("vstmia %1, {d0-d15}\n\t"
			 "vstmia %2, {d16-d31}\n\t"
			 "vmrs %0, fpscr"
			 : "=r"(fpscr)
			 : "r"(d), "r"(d + 16)
			 : "memory");
	return fpscr;
}

/* SP of IRQ mode, set from SVC with IRQs and FIQs masked throughout. */
static void set_sp_irq(uint32_t sp)
{
	__asm__ volatile("mrs r3, cpsr\n\t"
			 "cps #" MODE_IRQ_BITS "\n\t"
			 "mov sp, %0\n\t"
			 "msr cpsr_c, r3" ::"r"(sp)
			 : "r3", "memory");
}

/* The worker loads known values; VM 0 pauses it and GETs them. */
static void publish(void)
{
	printf("publishing TPIDRURW 0x%08lx, D0-D31, FPSCR, SP_irq\n", (unsigned long)PUB_TPIDRURW);
	fflush(stdout);
	for (unsigned n = 0; n < WORKER_NR_D; n++)
		d_regs[n] = pub_d(n);
	CP15_WRITE(0, c13, c0, 2, PUB_TPIDRURW);
	CP15_WRITE(0, c13, c0, 3, PUB_TPIDRURO);
	CP15_WRITE(0, c13, c0, 4, PUB_TPIDRPRW);
	set_sp_irq(PUB_SP_IRQ);
	vfp_load(d_regs, PUB_FPSCR);
}

/* Reads what VM 0 set, first the VFP state (before any C code may use it). */
static void report(volatile struct mbox *m)
{
	uint32_t fpscr = vfp_store(d_regs);
	uint32_t rep[REP_END];

	rep[REP_TPIDRURW] = CP15_READ(0, c13, c0, 2);
	rep[REP_TPIDRURO] = CP15_READ(0, c13, c0, 3);
	rep[REP_TPIDRPRW] = CP15_READ(0, c13, c0, 4);
	rep[REP_CONTEXTIDR] = CP15_READ(0, c13, c0, 1);
	rep[REP_DACR] = CP15_READ(0, c3, c0, 0);
	rep[REP_VBAR] = CP15_READ(0, c12, c0, 0);
	rep[REP_FPSCR] = fpscr;
	/* VM 0 moved VBAR to show it; put our vectors back before anything
	 * could need them. */
	CP15_WRITE(0, c12, c0, 0, own_vbar);
	for (unsigned n = 0; n < WORKER_NR_D; n++) {
		rep[REP_D0_LO + 2 * n] = (uint32_t)d_regs[n];
		rep[REP_D0_LO + 2 * n + 1] = (uint32_t)(d_regs[n] >> 32);
	}
	for (unsigned i = 0; i < REP_END; i++)
		m->data[i] = rep[i];
	printf("sees TPIDRURW 0x%08lx TPIDRURO 0x%08lx TPIDRPRW 0x%08lx CONTEXTIDR 0x%08lx\n",
	       (unsigned long)rep[REP_TPIDRURW], (unsigned long)rep[REP_TPIDRURO],
	       (unsigned long)rep[REP_TPIDRPRW], (unsigned long)rep[REP_CONTEXTIDR]);
	printf("sees DACR 0x%08lx VBAR 0x%08lx FPSCR 0x%08lx D0 " HEX64_FMT " D31 " HEX64_FMT "\n",
	       (unsigned long)rep[REP_DACR], (unsigned long)rep[REP_VBAR], (unsigned long)fpscr,
	       HEX64_ARGS(d_regs[0]), HEX64_ARGS(d_regs[WORKER_NR_D - 1]));
}

static void stop(uint32_t cmd)
{
	printf("stopping (command %lu)\n", (unsigned long)cmd);
	fflush(stdout);
	if (cmd == MBOX_CMD_CPU_OFF)
		smccc_hvc0(PSCI_CPU_OFF);
	else if (cmd == MBOX_CMD_SYSTEM_OFF)
		smccc_hvc0(PSCI_SYSTEM_OFF);
	else
		(void)*(volatile uint32_t *)OUTSIDE_RAM_ADDR;
	printf("still running after stopping\n");
}

static uint32_t wait_command(volatile struct mbox *m, uint32_t last_seq)
{
	while (m->cmd_seq == last_seq)
		guest_wfi();
	return m->cmd_seq;
}

int main(void)
{
	volatile struct mbox *m = mbox_self();

	own_vbar = CP15_READ(0, c12, c0, 0);
	m->cmd = MBOX_CMD_NONE;
	m->cmd_seq = m->done_seq = 0;
	/* Say so before VM 0 can see it: tests expect this line, and VM 0 may
	 * power the board off as soon as it has what it needs. */
	printf("worker ready, mailbox at 0x%08lx\n", (unsigned long)MBOX_ADDR);
	fflush(stdout);
	m->magic = MBOX_MAGIC; /* last: VM 0 may post from now on */
	for (uint32_t seq = 0;;) {
		seq = wait_command(m, seq);
		switch (m->cmd) {
		case MBOX_CMD_PUBLISH: publish(); break;
		case MBOX_CMD_REPORT: report(m); break;
		case MBOX_CMD_EXIT:
			m->done_seq = seq;
			printf("worker exits\n");
			return 0;
		default: stop(m->cmd); break;
		}
		m->done_seq = seq;
	}
}
