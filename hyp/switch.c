/*
 * The world switch proper: what moves between the CPU and a vCPU's bank
 * when the scheduler changes vCPUs or the ABI needs the bank current, and
 * a trapped instruction's view of the guest's general registers. CP15
 * lists come from abi/include/hypv7/regs.def, so a register added there is switched.
 */
#include "hyp/switch.h"

#include <stddef.h>

#include "arch/arm.h"
#include "hyp/pcpu.h"
#include "platform/platform.h"
#include "arch/sysregs.h"
#include "hyp/vfp.h"
#include "hyp/vm.h"
#include "hyp/vtimer.h"

/* kvm_regs word -> Hyp's name for the banked register holding it. */
/* clang-format off: one entry a line */
#define BANKED_REGS(X)  \
	X(13, SP_usr)   \
	X(18, SP_svc)   \
	X(19, LR_svc)   \
	X(20, SPSR_svc) \
	X(21, SP_abt)   \
	X(22, LR_abt)   \
	X(23, SPSR_abt) \
	X(24, SP_und)   \
	X(25, LR_und)   \
	X(26, SPSR_und) \
	X(27, SP_irq)   \
	X(28, LR_irq)   \
	X(29, SPSR_irq) \
	X(30, r8_fiq)   \
	X(31, r9_fiq)   \
	X(32, r10_fiq)  \
	X(33, r11_fiq)  \
	X(34, r12_fiq)  \
	X(35, SP_fiq)   \
	X(36, LR_fiq)   \
	X(37, SPSR_fiq)
/* clang-format on */

#define CORE_WORD_SP_USR 13
#define CORE_WORD_LR_USR 14
#define CORE_WORD_PC 15
#define CORE_WORD_CPSR 16
#define CORE_WORD_FIQ_R8 30

static inline uint32_t *core_words(struct vcpu *vcpu)
{
	return (uint32_t *)&vcpu->bank.core;
}

static uint32_t read_banked(unsigned word)
{
	uint32_t v = 0;
	switch (word) {
#define READ_BANKED(w, name) \
	case w: __asm__ volatile("mrs %0, " #name : "=r"(v)); break;
		BANKED_REGS(READ_BANKED)
	}
	return v;
}

static void write_banked(unsigned word, uint32_t v)
{
	switch (word) {
#define WRITE_BANKED(w, name) \
	case w: __asm__ volatile("msr " #name ", %0" : : "r"(v)); break;
		BANKED_REGS(WRITE_BANKED)
	}
}

static bool is_banked(unsigned word)
{
	switch (word) {
#define CASE_BANKED(w, name) case w:
		BANKED_REGS(CASE_BANKED)
		return true;
	}
	return false;
}

static void save_banked(struct vcpu *vcpu)
{
	uint32_t *w = core_words(vcpu);
#define SAVE_BANKED(n, name) w[n] = read_banked(n);
	BANKED_REGS(SAVE_BANKED)
}

static void restore_banked(struct vcpu *vcpu)
{
	uint32_t *w = core_words(vcpu);
#define RESTORE_BANKED(n, name) write_banked(n, w[n]);
	BANKED_REGS(RESTORE_BANKED)
}

static void save_cp15(struct vcpu_bank *b)
{
#define SAVE32_SWITCHED(name, op1, crn, crm, op2) \
	b->cp15[CP15_SLOT_##name] = read_cp15(op1, crn, crm, op2);
#define SAVE32_VMPIDR(...)
#define SAVE32_EMULATED(...)
#define CP15_32(name, op1, crn, crm, op2, reset, how) SAVE32_##how(name, op1, crn, crm, op2)
#define CP15_64(name, op1, crm, reset, how) \
	b->cp15_64[CP15_64_SLOT_##name] = read_cp15_64(op1, crm);
#include <hypv7/regs.def>
}

static void restore_cp15(const struct vcpu_bank *b)
{
#define LOAD32_SWITCHED(name, op1, crn, crm, op2) \
	write_cp15(op1, crn, crm, op2, b->cp15[CP15_SLOT_##name]);
#define LOAD32_VMPIDR(name, op1, crn, crm, op2) write_VMPIDR(b->cp15[CP15_SLOT_##name]);
#define LOAD32_EMULATED(...)
#define CP15_32(name, op1, crn, crm, op2, reset, how) LOAD32_##how(name, op1, crn, crm, op2)
#define CP15_64(name, op1, crm, reset, how) \
	write_cp15_64(op1, crm, b->cp15_64[CP15_64_SLOT_##name]);
#include <hypv7/regs.def>
}

/* vcpu_put's rare part: GICH (only once its VM has touched its GIC), and
 * the timer line, which re-asserts when the vCPU is loaded again. */
static void put_gic_and_line(struct vcpu *vcpu)
{
	if (vcpu->vgic.used)
		vgic_save(vcpu);
	vtimer_recheck(vcpu);
}

/*
 * The world switch, as a checklist: what a vCPU's guest can see moves
 * between the CPU and the bank. The general registers r0-r14 are not here:
 * the vectors save them on every exit and guest_enter restores them. VFP
 * moves lazily (hyp/vfp.c); interrupt state is vcpu->hcr and the virq lines,
 * and GICH for a vCPU whose VM uses its virtual GIC (hyp/vgic.h).
 */
void vcpu_put(struct vcpu *vcpu)
{
	if (!vcpu_loaded(vcpu))
		return;
	save_banked(vcpu);        /* core: the banked SP, LR, SPSR, FIQ r8-r12 */
	save_cp15(&vcpu->bank);   /* CP15 of abi/include/hypv7/regs.def */
	vtimer_save(&vcpu->bank); /* virtual timer, disabled for the next vCPU */
	vcpu->loaded_on = NULL;
	/* One test for the two rare cases, on the path of every switch. */
	if (vcpu->vgic.used | vtimer_line_raised(vcpu))
		put_gic_and_line(vcpu);
}

void vcpu_load(struct vcpu *vcpu)
{
	if (vcpu_loaded(vcpu))
		return;
	struct pcpu *cpu = this_cpu();
	write_VTTBR(vcpu->vm->vttbr);      /* stage 2, VMID (VPIDR: set at boot) */
	write_HCR(vcpu->hcr);              /* traps, virtual IRQ line */
	write_HCPTR(vfp_hcptr(vcpu, cpu)); /* VFP: trapped unless its own */
	restore_banked(vcpu);
	restore_cp15(&vcpu->bank);
	vtimer_restore(vcpu);
	isb();
	vcpu->loaded_on = cpu;
	vcpu->on_pending = false; /* PSCI CPU_ON has taken effect */
	if (vcpu->vgic.used) {    /* GICH: only once its VM has touched its GIC */
		vgic_restore(vcpu);
		if (vcpu->vgic.flush_pending) /* came while it was loaded elsewhere */
			vgic_flush(vcpu);
	}
}

/* Which kvm_regs word holds register n for a guest in `mode`. */
static unsigned gpr_word(uint32_t mode, unsigned n)
{
	static const struct {
		uint8_t mode, sp_word;
	} sp_of_mode[] = {
		{ MODE_SVC, 18 }, { MODE_ABT, 21 }, { MODE_UND, 24 },
		{ MODE_IRQ, 27 }, { MODE_FIQ, 35 },
	};
	if (n >= 8 && n <= 12 && mode == MODE_FIQ)
		return CORE_WORD_FIQ_R8 + (n - 8);
	if (n != 13 && n != 14)
		return n;
	for (unsigned i = 0; i < sizeof(sp_of_mode) / sizeof(sp_of_mode[0]); i++)
		if (sp_of_mode[i].mode == mode)
			return sp_of_mode[i].sp_word + (n - 13);
	return n; /* USR and SYS use the usr_regs words */
}

uint32_t vcpu_get_gpr(struct vcpu *vcpu, unsigned n)
{
	uint32_t mode = core_words(vcpu)[CORE_WORD_CPSR] & MODE_MASK_BITS;
	unsigned w = gpr_word(mode, n);
	if (vcpu_loaded(vcpu) && is_banked(w))
		return read_banked(w);
	return core_words(vcpu)[w];
}

void vcpu_set_gpr(struct vcpu *vcpu, unsigned n, uint32_t value)
{
	uint32_t mode = core_words(vcpu)[CORE_WORD_CPSR] & MODE_MASK_BITS;
	unsigned w = gpr_word(mode, n);
	if (vcpu_loaded(vcpu) && is_banked(w))
		write_banked(w, value);
	else
		core_words(vcpu)[w] = value;
}

void vcpu_set_exception_regs(struct vcpu *vcpu, uint32_t mode, uint32_t lr, uint32_t spsr)
{
	unsigned lr_word = gpr_word(mode, 14);
	unsigned spsr_word = lr_word + 1; /* each mode's words: SP, LR, SPSR */
	uint32_t *w = core_words(vcpu);
	if (vcpu_loaded(vcpu)) {
		write_banked(lr_word, lr);
		write_banked(spsr_word, spsr);
	} else {
		w[lr_word] = lr;
		w[spsr_word] = spsr;
	}
}
