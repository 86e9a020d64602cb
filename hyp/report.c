/* Reports of what went wrong, for the person at the console. */
#include "lib/printk.h"
#include "platform/platform.h"
#include <hypv7/reg_table.h>
#include "hyp/report.h"
#include "hyp/switch.h"
#include "arch/hsr.h"
#include "arch/sysregs.h"
#include "hyp/vm.h"

#define REGS_PER_LINE 4
#define HYP_FAULT_SAVED_REGS 14 /* r0-r12 and lr, pushed by the vector */

static const char *ec_name(uint32_t ec)
{
	switch (ec) {
#define EC_NAME(name, value, text) \
	case value: return text;
		HSR_EC_LIST(EC_NAME)
#undef EC_NAME
	}
	return "reserved";
}

static const char *fault_type(uint32_t fsc)
{
	switch (fsc & FSC_TYPE_MASK) {
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	case 0x10: return "synchronous external abort";
	case 0x20: return "alignment fault";
	}
	return "other fault";
}

/* The abort half of the syndrome, in words. */
static void print_abort(const char *vm, uint32_t ec, uint32_t hsr)
{
	uint32_t fsc = hsr & ABT_FSC_MASK;
	printk("hypv7: %s: %s, %s at level %lu (FSC 0x%02lx)", vm,
	       ec == EC_DABT_GUEST ? (hsr & ABT_WNR ? "write" : "read") : "instruction fetch",
	       fault_type(fsc), fsc & FSC_LEVEL_MASK, fsc);
	if (ec == EC_DABT_GUEST && (hsr & ABT_ISV))
		printk(", %u bytes", 1u << ((hsr >> ABT_SAS_SHIFT) & 3));
	printk("\n");
}

static const char *mode_name(uint32_t cpsr)
{
	switch (cpsr & MODE_MASK) {
	case USR_MODE: return "usr";
	case FIQ_MODE: return "fiq";
	case IRQ_MODE: return "irq";
	case SVC_MODE: return "svc";
	case ABT_MODE: return "abt";
	case UND_MODE: return "und";
	case SYSTEM_MODE: return "sys";
	}
	return "?";
}

static void print_core(const struct vcpu *v)
{
	const uint32_t *w = (const uint32_t *)&v->bank.core;
	for (unsigned i = 0; i < NR_CORE_REGS; i++) {
		if (i % REGS_PER_LINE == 0)
			printk("hypv7: %s:  ", v->vm->name);
		printk(" %8s=0x%08lx", abi_core_table[i].name, w[i]);
		if (i % REGS_PER_LINE == REGS_PER_LINE - 1 || i == NR_CORE_REGS - 1)
			printk("\n");
	}
}

/* The CP15 state that explains most faults, by table name. */
static void print_cp15(const struct vcpu *v)
{
	unsigned n = 0;
	for (unsigned i = 0; i < abi_reg_table_len; i++) {
		const struct abi_reg_desc *d = &abi_reg_table[i];
		uint64_t val;
		if (d->kind == ABI_REG_CP15_32)
			val = v->bank.cp15[d->slot];
		else if (d->kind == ABI_REG_CP15_64)
			val = v->bank.cp15_64[d->slot];
		else
			continue;
		if (n % REGS_PER_LINE == 0)
			printk("hypv7: %s:  ", v->vm->name);
		printk(" %s=0x%llx", d->name, (unsigned long long)val);
		if (++n % REGS_PER_LINE == 0)
			printk("\n");
	}
	if (n % REGS_PER_LINE)
		printk("\n");
}

void vm_fault(struct vcpu *v, uint32_t hsr, const char *why)
{
	struct vm *vm = v->vm;
	uint32_t ec = hsr_ec(hsr);
	uint32_t hpfar = HPFAR();
	vcpu_put(v); /* the whole state to the bank, for the dump and the ABI */
	printk("hypv7: %s: stopped: %s\n", vm->name, why);
	printk("hypv7: %s: vCPU %u pc 0x%08lx cpsr 0x%08lx (%s)\n", vm->name, v->index,
	       (uint32_t)v->bank.core.usr_regs.ARM_pc, (uint32_t)v->bank.core.usr_regs.ARM_cpsr,
	       mode_name((uint32_t)v->bank.core.usr_regs.ARM_cpsr));
	printk("hypv7: %s: HSR 0x%08lx: EC 0x%02lx (%s), IL %lu, ISS 0x%07lx\n", vm->name, hsr, ec,
	       ec_name(ec), (hsr >> HSR_IL_SHIFT) & 1, hsr & HSR_ISS_MASK);
	if (ec == EC_DABT_GUEST || ec == EC_PABT_GUEST)
		print_abort(vm->name, ec, hsr);
	printk("hypv7: %s: HDFAR 0x%08lx HIFAR 0x%08lx HPFAR 0x%08lx (IPA page 0x%08lx)\n",
	       vm->name, HDFAR(), HIFAR(), hpfar, (hpfar >> HPFAR_FIPA_SHIFT) << IPA_PAGE_SHIFT);
	print_core(v);
	print_cp15(v);
	vm_stop(vm, VCPU_FAULTED);
}

void hyp_panic_exception(uint32_t kind, const uint32_t *regs, uint32_t elr)
{
	static const char *const kinds[] = { "reset",      "undefined instruction",
					     "HVC",        "prefetch abort",
					     "data abort", "?",
					     "IRQ",        "FIQ" };
	printk("hypv7: PANIC: %s in Hyp mode at 0x%08lx, HSR 0x%08lx HDFAR 0x%08lx "
	       "HIFAR 0x%08lx\n",
	       kinds[kind & 7], elr, HSR(), HDFAR(), HIFAR());
	for (unsigned i = 0; i < HYP_FAULT_SAVED_REGS; i++) {
		if (i % REGS_PER_LINE == 0)
			printk("hypv7:  ");
		printk(" r%u=0x%08lx", i == HYP_FAULT_SAVED_REGS - 1 ? 14 : i, regs[i]);
		if (i % REGS_PER_LINE == REGS_PER_LINE - 1 || i == HYP_FAULT_SAVED_REGS - 1)
			printk("\n");
	}
	board_power_off_or_halt();
}
