/*
 * The fault policy "inject" (VMn_FAULT, the default): a guest's mistake
 * becomes an exception in the guest, as the hardware or KVM would raise
 * it, and the guest carries on. Checked from inside with the guest's own
 * vector table: the exception, the LR and SPSR it is taken with, DFSR and
 * DFAR / IFSR and IFAR; and the debug registers (CP14) reading as zero.
 */
#include <stdint.h>

#include "guest.h"
#include "tap.h"

enum { KIND_NONE, KIND_UNDEF, KIND_SVC, KIND_PABT, KIND_DABT };

struct seen {
	uint32_t kind, lr, spsr;
};
volatile struct seen inject_seen;
uint32_t inject_pabt_return;

extern char inject_vectors[];
uint32_t probe_load(uint32_t addr);
uint32_t probe_store(uint32_t addr);
uint32_t probe_smc(void);
uint32_t probe_hvc_imm(void);
void probe_jump(uint32_t addr);
uint32_t probe_dbgdidr(void);
uint32_t probe_dbgbvr0(uint32_t value);

/* In the Normal-memory window of the guest's stage 1 (lib/mmu.c), far above
 * the VM's RAM: stage 2 has nothing there. */
#define OUTSIDE_RAM 0x7ff00000u
#define ARM_LR_UNDEF 4u /* LR = faulting instruction + 4 */
#define ARM_LR_DABT 8u  /* LR = faulting instruction + 8 */
#define ARM_LR_PABT 4u
/* Short-descriptor fault status: FS[4] is bit 10, FS[3:0] bits 3:0. */
#define FSR_FS(fsr) ((((fsr) >> 6) & 0x10u) | ((fsr)&0xfu))
#define FS_SYNC_EXTERNAL 0x8u
#define DFSR_WNR (1u << 11)
#define PSR_MODE_MASK 0x1fu
#define BAD_DEBUG_VALUE 0x12345678u

static uint32_t cp15_read(unsigned which)
{
	uint32_t v = 0;
	switch (which) {
	case 0: __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v)); break;  /* DFSR */
	case 1: __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v)); break;  /* DFAR */
	case 2: __asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(v)); break;  /* IFSR */
	default: __asm__ volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(v)); break; /* IFAR */
	}
	return v;
}
enum { DFSR, DFAR, IFSR, IFAR };

static uint32_t cpsr_mode(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return cpsr & PSR_MODE_MASK;
}

static void expect_seen(const char *what, uint32_t kind, uint32_t lr)
{
	int ok = inject_seen.kind == kind && inject_seen.lr == lr &&
		 (inject_seen.spsr & PSR_MODE_MASK) == cpsr_mode();
	tap_ok(ok, "%s: exception %lu (want %lu), LR 0x%08lx (want 0x%08lx), from our mode", what,
	       (unsigned long)inject_seen.kind, (unsigned long)kind, (unsigned long)inject_seen.lr,
	       (unsigned long)lr);
	inject_seen.kind = KIND_NONE;
}

static void data_aborts(void)
{
	uint32_t at = probe_load(OUTSIDE_RAM);
	expect_seen("load outside RAM", KIND_DABT, at + ARM_LR_DABT);
	uint32_t dfsr = cp15_read(DFSR);
	tap_ok(FSR_FS(dfsr) == FS_SYNC_EXTERNAL && !(dfsr & DFSR_WNR) &&
		   cp15_read(DFAR) == OUTSIDE_RAM,
	       "load: DFSR 0x%08lx (synchronous external abort, read), DFAR 0x%08lx",
	       (unsigned long)dfsr, (unsigned long)cp15_read(DFAR));
	at = probe_store(OUTSIDE_RAM + 4);
	expect_seen("store outside RAM", KIND_DABT, at + ARM_LR_DABT);
	dfsr = cp15_read(DFSR);
	tap_ok(FSR_FS(dfsr) == FS_SYNC_EXTERNAL && (dfsr & DFSR_WNR) &&
		   cp15_read(DFAR) == OUTSIDE_RAM + 4,
	       "store: DFSR 0x%08lx (synchronous external abort, write), DFAR 0x%08lx",
	       (unsigned long)dfsr, (unsigned long)cp15_read(DFAR));
}

static void prefetch_abort(void)
{
	probe_jump(OUTSIDE_RAM);
	expect_seen("jump outside RAM", KIND_PABT, OUTSIDE_RAM + ARM_LR_PABT);
	uint32_t ifsr = cp15_read(IFSR);
	tap_ok(FSR_FS(ifsr) == FS_SYNC_EXTERNAL && cp15_read(IFAR) == OUTSIDE_RAM,
	       "jump: IFSR 0x%08lx (synchronous external abort), IFAR 0x%08lx", (unsigned long)ifsr,
	       (unsigned long)cp15_read(IFAR));
}

static void undefined(void)
{
	uint32_t at = probe_smc();
	expect_seen("SMC", KIND_UNDEF, at + ARM_LR_UNDEF);
	at = probe_hvc_imm();
	expect_seen("HVC #1", KIND_UNDEF, at + ARM_LR_UNDEF);
}

static void debug_registers(void)
{
	uint32_t didr = probe_dbgdidr();
	tap_ok(didr == 0 && inject_seen.kind == KIND_NONE, "DBGDIDR reads 0x%08lx",
	       (unsigned long)didr);
	uint32_t bvr = probe_dbgbvr0(BAD_DEBUG_VALUE);
	tap_ok(bvr == 0 && inject_seen.kind == KIND_NONE, "DBGBVR0 write ignored, reads 0x%08lx",
	       (unsigned long)bvr);
}

int main(void)
{
	tap_plan(10);
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" ::"r"(inject_vectors) : "memory");
	data_aborts();
	prefetch_abort();
	undefined();
	debug_registers();
	return tap_done();
}
