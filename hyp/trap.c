/*
 * Guest exits, dispatched by HSR.EC through one table. A trap hypv7 does
 * not handle stops only the VM that caused it, with a report.
 */
#include <stddef.h>

#include "lib/printk.h"
#include "hyp/pcpu.h"
#include "platform/platform.h"
#include <hypv7/reg_table.h>
#include "hyp/report.h"
#include "hyp/sched.h"
#include "hyp/switch.h"
#include "hyp/trap.h"
#include "arch/hsr.h"
#include "arch/sysregs.h"
#include "hyp/vfp.h"
#include "hyp/vm.h"
#include "hyp/vtimer.h"
#include "arch/arm.h"
#include "hyp/inject.h"

typedef void trap_handler(struct vcpu *vcpu, uint32_t hsr);

static uint32_t guest_cpsr(struct vcpu *v)
{
	return (uint32_t)v->bank.core.usr_regs.ARM_cpsr;
}

/* ITSTATE: IT[7:5] the base condition, IT[4:0] the mask that shifts. */
#define IT_BASE_COND_MASK 0xe0u
#define IT_MASK_BITS 0x1fu
#define IT_LAST_OF_BLOCK 0x7u /* IT[2:0] = 0: this was the block's end */

/* Moves ITSTATE on by one instruction, as the CPU would have. */
static void advance_it_state(struct vcpu *v)
{
	uint32_t cpsr = guest_cpsr(v);
	uint32_t it = ((cpsr & CPSR_IT_HIGH_MASK) >> (CPSR_IT_HIGH_SHIFT - 2)) |
		      ((cpsr & CPSR_IT_LOW_MASK) >> CPSR_IT_LOW_SHIFT);
	it = (it & IT_LAST_OF_BLOCK) ? (it & IT_BASE_COND_MASK) | ((it << 1) & IT_MASK_BITS) : 0;
	cpsr &= ~(CPSR_IT_HIGH_MASK | CPSR_IT_LOW_MASK);
	cpsr |= ((it >> 2) << CPSR_IT_HIGH_SHIFT) | ((it & 3) << CPSR_IT_LOW_SHIFT);
	v->bank.core.usr_regs.ARM_cpsr = (long)cpsr;
}

static bool in_it_block(struct vcpu *v)
{
	return guest_cpsr(v) & (CPSR_IT_HIGH_MASK | CPSR_IT_LOW_MASK);
}

static void skip_instruction(struct vcpu *v, uint32_t hsr)
{
	v->bank.core.usr_regs.ARM_pc += (hsr & HSR_IL) ? ARM_INSN_SIZE : THUMB16_INSN_SIZE;
	if (in_it_block(v))
		advance_it_state(v);
}

/* Condition codes (ARM ARM A8.3), in pairs: even = test, odd = its negation. */
enum cond_pair { COND_EQ, COND_CS, COND_MI, COND_VS, COND_HI, COND_GE, COND_GT, COND_AL };

/* Trapped instructions that failed their condition must do nothing. */
static bool condition_passed(struct vcpu *v, uint32_t hsr)
{
	uint32_t cond = (hsr >> HSR_COND_SHIFT) & HSR_COND_MASK;
	if (!(hsr & HSR_CV) || cond >> 1 == COND_AL)
		return true;
	uint32_t cpsr = guest_cpsr(v);
	bool n = cpsr & PSR_N_BIT, z = cpsr & PSR_Z_BIT, c = cpsr & PSR_C_BIT, q = cpsr & PSR_V_BIT;
	bool r;
	switch ((enum cond_pair)(cond >> 1)) {
	case COND_EQ: r = z; break;
	case COND_CS: r = c; break;
	case COND_MI: r = n; break;
	case COND_VS: r = q; break;
	case COND_HI: r = c && !z; break;
	case COND_GE: r = n == q; break;
	case COND_GT: r = n == q && !z; break;
	default: return true; /* AL */
	}
	return (cond & 1) ? !r : r;
}

/* Injected faults a VM gets reported on the console, one line each: then
 * silence, so a guest cannot flood it. */
#define INJECTED_FAULTS_REPORTED 8u

static void report_injection(struct vcpu *v, uint32_t hsr, const char *why)
{
	struct vm *vm = v->vm;
	if (vm->injected_faults >= INJECTED_FAULTS_REPORTED)
		return;
	vm->injected_faults++;
	printk("hypv7: %s: %s at pc 0x%08lx (HSR 0x%08lx): the guest takes the exception%s\n",
	       vm->name, why, (uint32_t)v->bank.core.usr_regs.ARM_pc, hsr,
	       vm->injected_faults == INJECTED_FAULTS_REPORTED ? " (no more such reports)" : "");
}

/*
 * A guest did what its machine does not allow (an access outside its memory
 * map, an instruction hypv7 does not emulate): the exception the CPU would
 * have raised, or the VM stopped with a report, as its config says
 * (VMn_FAULT=, hyp/vm_config.h).
 */
static void guest_mistake(struct vcpu *v, uint32_t hsr, const char *why)
{
	if (v->vm->config->fault == VM_FAULT_STOP) {
		vm_fault(v, hsr, why);
		return;
	}
	report_injection(v, hsr, why);
	switch (hsr_ec(hsr)) {
	case EC_DABT_GUEST: inject_data_abort(v, HDFAR(), hsr & ABT_WNR); break;
	case EC_PABT_GUEST: inject_prefetch_abort(v, HIFAR()); break;
	default: inject_undef(v, hsr); break;
	}
}

/* WFI or WFE, the general case: past it, then a wait or a yield. */
static __attribute__((noinline)) void wfx(struct vcpu *v, uint32_t hsr, bool wait)
{
	skip_instruction(v, hsr);
	if (!wait)
		sched_yield();
	else if (condition_passed(v, hsr)) /* it may trap anyway (B1.14.4) */
		sched_wait(v);
}

/* On the path of every VM switch through WFI: kept to a few tests. */
/* Returns the vCPU to enter: a VM switch through WFI is this path, so it
 * ends the trap itself (handle_guest_trap). */
static struct vcpu *trap_wfx(struct vcpu *v, uint32_t hsr)
{
	/* WFE, or a WFI that nothing could wake, is a yield (either may end
	 * early, B1.8.13); the others wait for an interrupt. */
	bool wait = !(hsr & HSR_WFX_IS_WFE) && (v->vm->vgic.enabled || vtimer_armed());
	if (wait || in_it_block(v)) {
		wfx(v, hsr, wait);
		return sched_next_to_run();
	}
	v->bank.core.usr_regs.ARM_pc += (hsr & HSR_IL) ? ARM_INSN_SIZE : THUMB16_INSN_SIZE;
	return sched_yield_and_run();
}

/* HVC #0 goes to handle_hvc() from the vector; this is any other HVC. */
static void trap_hvc(struct vcpu *v, uint32_t hsr)
{
	/* A trapped HVC returns past itself (B1.14.7): the report and the
	 * exception name the HVC. HVC is 32 bits in either state. */
	v->bank.core.usr_regs.ARM_pc -= ARM_INSN_SIZE;
	guest_mistake(v, hsr, "HVC with a non-zero immediate (SMCCC calls use HVC #0)");
}

static void trap_smc(struct vcpu *v, uint32_t hsr)
{
	if (!condition_passed(v, hsr)) /* it may trap anyway (B1.14.4) */
		skip_instruction(v, hsr);
	else
		guest_mistake(v, hsr, "SMC (a guest has no secure monitor)");
}

#define RT_PC 15u
#define APSR_NZCV_MASK (PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | PSR_V_BIT)

/* The result of an emulated MRC: Rt = 15 names APSR_nzcv, which takes the
 * value's top four bits; any other Rt is a register of the guest's mode. */
static void write_mrc_result(struct vcpu *v, unsigned rt, uint32_t value)
{
	if (rt == RT_PC) {
		uint32_t cpsr = guest_cpsr(v) & ~APSR_NZCV_MASK;
		v->bank.core.usr_regs.ARM_cpsr = (long)(cpsr | (value & APSR_NZCV_MASK));
		return;
	}
	vcpu_set_gpr(v, rt, value);
}

static const struct abi_reg_desc *emulated_cp15(uint32_t op1, uint32_t crn, uint32_t crm,
						uint32_t op2)
{
	return abi_reg_find(ARM_CP15_REG32(op1, crn, crm, op2));
}

/* Data cache maintenance by set/way (HCR.TSW traps it): CRm of c7 with
 * opc1 = 0, opc2 = 2. */
#define CRN_CACHE_MAINTENANCE 7u
#define SET_WAY_OPC2 2u
enum set_way_op { DC_ISW = 6, DC_CSW = 10, DC_CISW = 14 };
/* The operand's cache level field, and CLIDR's cache type per level. */
#define SET_WAY_LEVEL_SHIFT 1
#define SET_WAY_LEVEL_MASK 7u
#define CLIDR_CTYPE_BITS 3
#define CLIDR_CTYPE_MASK 7u
#define CTYPE_HAS_DATA 2u /* 2 data only, 3 separate, 4 unified */

static bool is_set_way(uint32_t op1, uint32_t crn, uint32_t crm, uint32_t op2)
{
	return op1 == 0 && crn == CRN_CACHE_MAINTENANCE && op2 == SET_WAY_OPC2 &&
	       (crm == DC_ISW || crm == DC_CSW || crm == DC_CISW);
}

/*
 * A guest's set/way operation, done on the same line of the physical cache,
 * an invalidate made a clean and invalidate: the guest reaches what it
 * wants (its dirty lines in memory: it walks every set and way of every
 * level it sees, and sees the real cache geometry), and can never throw
 * away a line another VM or hypv7 wrote. One physical CPU per vCPU
 * while it runs: its lines are in this CPU's caches (and the shared L2).
 */
static void emulate_set_way(uint32_t crm, uint32_t setway)
{
	unsigned level = (setway >> SET_WAY_LEVEL_SHIFT) & SET_WAY_LEVEL_MASK;
	uint32_t ctype = (read_CLIDR() >> (CLIDR_CTYPE_BITS * level)) & CLIDR_CTYPE_MASK;
	if (ctype < CTYPE_HAS_DATA)
		return; /* no data cache at that level: nothing to do */
	if (crm == DC_CSW)
		write_DCCSW(setway);
	else
		write_DCCISW(setway);
}

static void trap_cp15_32(struct vcpu *v, uint32_t hsr)
{
	uint32_t op2 = (hsr >> CP_OPC2_SHIFT) & CP_FIELD3;
	uint32_t op1 = (hsr >> CP_OPC1_SHIFT) & CP_FIELD3;
	uint32_t crn = (hsr >> CP_CRN_SHIFT) & CP_FIELD4;
	uint32_t crm = (hsr >> CP_CRM_SHIFT) & CP_FIELD4;
	unsigned rt = (hsr >> CP_RT_SHIFT) & CP_FIELD4;
	if (is_set_way(op1, crn, crm, op2) && !(hsr & CP_READ)) {
		if (condition_passed(v, hsr))
			emulate_set_way(crm, vcpu_get_gpr(v, rt));
		skip_instruction(v, hsr);
		return;
	}
	const struct abi_reg_desc *d = emulated_cp15(op1, crn, crm, op2);
	if (!d || d->kind != ABI_REG_CP15_32) {
		guest_mistake(v, hsr, "access to a CP15 register hypv7 does not emulate");
		return;
	}
	if (condition_passed(v, hsr) && (hsr & CP_READ))
		write_mrc_result(v, rt, v->bank.cp15[d->slot]);
	/* Writes are ignored (an MCR from r15 included, UNPREDICTABLE): the
	 * guest cannot change these on hardware either; the control VM sets
	 * them through SET_ONE_REG. */
	skip_instruction(v, hsr);
}

/* The debug registers (CP14; HDCR traps them): read as zero, writes
 * ignored, as KVM answers. A guest sees a debug architecture of 0, "none"
 * (DBGDIDR), so Linux leaves hardware breakpoints alone; nothing a guest
 * writes reaches the real debug logic, which stays hypv7's. */
static void trap_cp14_32(struct vcpu *v, uint32_t hsr)
{
	if (condition_passed(v, hsr) && (hsr & CP_READ))
		write_mrc_result(v, (hsr >> CP_RT_SHIFT) & CP_FIELD4, 0);
	skip_instruction(v, hsr);
}

static void trap_cp14_64(struct vcpu *v, uint32_t hsr)
{
	if (condition_passed(v, hsr) && (hsr & CP_READ)) {
		vcpu_set_gpr(v, (hsr >> CP_RT_SHIFT) & CP_FIELD4, 0);
		vcpu_set_gpr(v, (hsr >> CP_RT2_SHIFT) & CP_FIELD4, 0);
	}
	skip_instruction(v, hsr);
}

/* A load's value as the instruction wants it: cut to its size, sign-
 * extended for LDRSB/LDRSH. */
static uint32_t load_result(uint32_t hsr, uint32_t value, unsigned size)
{
	unsigned bits = size * 8;
	uint32_t mask = bits == 32 ? UINT32_MAX : (1u << bits) - 1;
	value &= mask;
	if ((hsr & ABT_SSE) && (value & (1u << (bits - 1))))
		value |= ~mask;
	return value;
}

static void emulate_mmio(struct vcpu *v, uint32_t hsr, const struct mmio_region *r, uint32_t ipa)
{
	unsigned rt = (hsr >> ABT_SRT_SHIFT) & ABT_SRT_MASK;
	struct mmio_access a = {
		.offset = ipa - r->ipa,
		.size = 1u << ((hsr >> ABT_SAS_SHIFT) & ABT_SAS_MASK),
		.write = hsr & ABT_WNR,
	};
	if (a.write) {
		a.value = load_result(0, vcpu_get_gpr(v, rt), a.size);
		r->handler(v, r->dev, &a);
	} else {
		vcpu_set_gpr(v, rt, load_result(hsr, r->handler(v, r->dev, &a), a.size));
	}
	skip_instruction(v, hsr);
}

static void trap_dabt(struct vcpu *v, uint32_t hsr)
{
	uint32_t ipa =
	    ((HPFAR() >> HPFAR_FIPA_SHIFT) << IPA_PAGE_SHIFT) | (HDFAR() & (GUEST_PAGE_SIZE - 1));
	const struct mmio_region *r = mmio_find(&v->vm->mmio, ipa);
	if (!r)
		guest_mistake(v, hsr, "data abort outside the VM's memory map");
	else if (hsr & ABT_S1PTW) /* HPFAR names the table, not the access */
		guest_mistake(v, hsr, "the VM's page tables are not in its RAM");
	else if (!(hsr & ABT_ISV))
		guest_mistake(v, hsr,
			      "a device access hypv7 cannot emulate (UART, ...: no "
			      "syndrome: use single loads and stores)");
	else if (((hsr >> ABT_SRT_SHIFT) & ABT_SRT_MASK) == RT_PC)
		guest_mistake(v, hsr, "a device access (UART, ...) to or from the PC");
	else
		emulate_mmio(v, hsr, r, ipa);
}

static void trap_pabt(struct vcpu *v, uint32_t hsr)
{
	guest_mistake(v, hsr, "instruction fetch outside the VM's RAM");
}

static void trap_unhandled(struct vcpu *v, uint32_t hsr)
{
	guest_mistake(v, hsr, "a trap hypv7 does not handle");
}

static void trap_vfp(struct vcpu *v, uint32_t hsr)
{
	(void)hsr;
	vfp_trap(v); /* the instruction runs again, now with its state */
}

/* Every class has a handler once trap_init() has run (trap_unhandled for
 * the rest): the dispatch on the path of every trap tests nothing. */
static trap_handler *trap_handlers[HSR_EC_COUNT] = {
	[EC_VFP] = trap_vfp,         [EC_CP15_32] = trap_cp15_32, [EC_CP14_32] = trap_cp14_32,
	[EC_CP14_64] = trap_cp14_64, [EC_HVC] = trap_hvc,         [EC_SMC] = trap_smc,
	[EC_DABT_GUEST] = trap_dabt, [EC_PABT_GUEST] = trap_pabt,
};

void trap_init(void)
{
	for (unsigned ec = 0; ec < HSR_EC_COUNT; ec++)
		if (!trap_handlers[ec])
			trap_handlers[ec] = trap_unhandled;
}

struct vcpu *handle_guest_trap(struct vcpu *vcpu);
struct vcpu *handle_guest_trap(struct vcpu *vcpu)
{
	uint32_t hsr = HSR();
	if (hsr_ec(hsr) == EC_WFI_WFE)
		return trap_wfx(vcpu, hsr);
	trap_handlers[hsr_ec(hsr)](vcpu, hsr);
	return sched_next_to_run();
}
