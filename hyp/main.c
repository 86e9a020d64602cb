/* hypv7's start in Non-secure Hyp mode, once boot/start.S got there. */
#include "arch/arm.h"
#include "lib/printk.h"
#include "hyp/hypercall.h"
#include "hyp/irq.h"
#include "hyp/mem.h"
#include "boot/mmu.h"
#include "hyp/pcpu.h"
#include "platform/platform.h"
#include "hyp/sched.h"
#include "hyp/smp.h"
#include "arch/sysregs.h"
#include "boot/console.h"
#include "hyp/console_input.h"
#include "hyp/vfp.h"
#include "hyp/vm.h"
#include "hyp/trap.h"
#include "hyp/vgic.h"
#include "hyp/vtimer.h"

#define VTCR_RES1 (1u << 31)
#define VTCR_SL0_LEVEL1 (1u << 6)
#define VTCR_IRGN0_WBWA (1u << 8)
#define VTCR_ORGN0_WBWA (1u << 10)
#define VTCR_SH0_INNER (3u << 12)
/* 32-bit IPA space (T0SZ 0), walks start at level 1 */
#define VTCR_VALUE \
	(VTCR_RES1 | VTCR_SL0_LEVEL1 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA | VTCR_SH0_INNER)

void hyp_main(uint32_t entry_cpsr) __attribute__((noreturn));
void hyp_secondary_main(uint32_t entry_cpsr, unsigned cpu) __attribute__((noreturn));

static void __attribute__((noreturn)) halt(const char *why)
{
	printk("hypv7: halting: %s\n", why);
	board_power_off_or_halt();
}

static void virt_init(void)
{
	write_HCPTR(0); /* until a vCPU runs, VFP belongs to nobody */
	write_VTCR(VTCR_VALUE);
	write_HSTR(0);
	write_CNTHCTL(CNTHCTL_PL1PCTEN);
	/* HDCR: the debug registers trap (a guest must not set breakpoints or
	 * watchpoints that reach other VMs or Hyp); the PMU stays with the
	 * guests, not switched, so a benchmark can count cycles on a board. */
	write_HDCR(HDCR_TDRA | HDCR_TDOSA | HDCR_TDA);
	isb();
}

/* What every CPU sets up for itself: its per-CPU data, Hyp's controls of
 * its guests, and its GIC CPU interface and private interrupts. */
static void this_cpu_init(unsigned cpu)
{
	pcpu_init(cpu);
	virt_init();
	/* Every VM sees the host's MIDR (KVM's invariant): set once per CPU,
	 * not on every world switch. */
	write_VPIDR(host_ids.invariant[INVARIANT_MIDR]);
}

void hyp_main(uint32_t entry_cpsr)
{
	console_init();
	printk("hypv7: starting on %s, entered in %s mode (CPSR 0x%08lx), MIDR 0x%08lx\n",
	       board.name, (entry_cpsr & MODE_MASK_BITS) == MODE_HYP ? "Hyp" : "Secure SVC",
	       entry_cpsr, read_MIDR());
	psci_firmware_present = (entry_cpsr & MODE_MASK_BITS) == MODE_HYP;
	if (hyp_mmu_init())
		halt("cannot build Hyp's page tables");
	mem_init();
	host_ids_read();
	this_cpu_init(0);
	vfp_init();
	hypercall_init();
	trap_init();
	board.irq->init();
	vtimer_init();
	vgic_init();
	smp_start_secondaries();
	vms_create_all();
	if (!nr_vms)
		halt("no VM to run");
	console_input_init();
	sched_init();
	smp_release_secondaries();
	hyp_lock();
	sched_start();
}

/* A secondary CPU (boot/start.S, in Non-secure Hyp), started by the boot
 * CPU (hyp/smp.c): the same per-CPU set-up, then its vCPUs. */
void hyp_secondary_main(uint32_t entry_cpsr, unsigned cpu)
{
	(void)entry_cpsr;
	hyp_mmu_enable();
	smp_use_locked_vectors();
	this_cpu_init(cpu);
	board.irq->init();
	vgic_init_this_cpu();
	smp_secondary_ready();
	/* After the release: the boot CPU registers its last private
	 * interrupt (the scheduler's Hyp timer) once the VMs exist. */
	irq_enable_private();
	hyp_lock();
	sched_start();
}
