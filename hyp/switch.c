/*
 * The world switch proper: what moves between the CPU and a vCPU's bank
 * when the scheduler changes vCPUs or the ABI needs the bank current.
 * CP15 lists come from abi/regs.def, so a register added there is switched.
 */
#include "hyp/switch.h"

#include <stddef.h>

#include "arch/arm.h"
#include "hyp/pcpu.h"
#include "platform/platform.h"
#include "arch/sysregs.h"
#include "hyp/vm.h"

/* kvm_regs word -> Hyp's name for the banked register holding it. */
#define BANKED_REGS(X)                                                   \
	X(13, SP_usr)                                                    \
	X(18, SP_svc) X(19, LR_svc) X(20, SPSR_svc)                      \
	X(21, SP_abt) X(22, LR_abt) X(23, SPSR_abt)                      \
	X(24, SP_und) X(25, LR_und) X(26, SPSR_und)                      \
	X(27, SP_irq) X(28, LR_irq) X(29, SPSR_irq)                      \
	X(30, r8_fiq) X(31, r9_fiq) X(32, r10_fiq) X(33, r11_fiq)        \
	X(34, r12_fiq) X(35, SP_fiq) X(36, LR_fiq) X(37, SPSR_fiq)

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
#define CP15_32(name, op1, crn, crm, op2, reset, how) \
	SAVE32_##how(name, op1, crn, crm, op2)
#define CP15_64(name, op1, crm, reset, how) \
	b->cp15_64[CP15_64_SLOT_##name] = read_cp15_64(op1, crm);
#include <hypv7/regs.def>
}

static void restore_cp15(const struct vcpu_bank *b)
{
#define LOAD32_SWITCHED(name, op1, crn, crm, op2) \
	write_cp15(op1, crn, crm, op2, b->cp15[CP15_SLOT_##name]);
#define LOAD32_VMPIDR(name, op1, crn, crm, op2) \
	write_VMPIDR(b->cp15[CP15_SLOT_##name]);
#define LOAD32_EMULATED(...)
#define CP15_32(name, op1, crn, crm, op2, reset, how) \
	LOAD32_##how(name, op1, crn, crm, op2)
#define CP15_64(name, op1, crm, reset, how) \
	write_cp15_64(op1, crm, b->cp15_64[CP15_64_SLOT_##name]);
#include <hypv7/regs.def>
}

#define FPU_ASM ".fpu neon-vfpv4\n"

static void save_vfp(struct vcpu_bank *b, unsigned nr_d)
{
	uint32_t fpexc, fpscr;
	__asm__ volatile(FPU_ASM "vmrs %0, fpexc" : "=r"(fpexc));
	__asm__ volatile(FPU_ASM "vmsr fpexc, %0" : : "r"(fpexc | FPEXC_EN));
	__asm__ volatile(FPU_ASM "vstmia %0, {d0-d15}" : : "r"(b->vfp_d) : "memory");
	if (nr_d > 16)
		__asm__ volatile(FPU_ASM "vstmia %0, {d16-d31}"
				 : : "r"(&b->vfp_d[16]) : "memory");
	__asm__ volatile(FPU_ASM "vmrs %0, fpscr" : "=r"(fpscr));
	if ((fpexc & FPEXC_EX) && abi_vfp_has_fpinst(&host_ids)) {
		__asm__ volatile(FPU_ASM "vmrs %0, fpinst" : "=r"(b->vfp[VFP_SLOT_FPINST]));
		__asm__ volatile(FPU_ASM "vmrs %0, fpinst2" : "=r"(b->vfp[VFP_SLOT_FPINST2]));
	}
	b->vfp[VFP_SLOT_FPEXC] = fpexc;
	b->vfp[VFP_SLOT_FPSCR] = fpscr;
}

static void restore_vfp(const struct vcpu_bank *b, unsigned nr_d)
{
	uint32_t fpexc = b->vfp[VFP_SLOT_FPEXC];
	__asm__ volatile(FPU_ASM "vmsr fpexc, %0" : : "r"(FPEXC_EN));
	__asm__ volatile(FPU_ASM "vldmia %0, {d0-d15}" : : "r"(b->vfp_d) : "memory");
	if (nr_d > 16)
		__asm__ volatile(FPU_ASM "vldmia %0, {d16-d31}"
				 : : "r"(&b->vfp_d[16]) : "memory");
	__asm__ volatile(FPU_ASM "vmsr fpscr, %0" : : "r"(b->vfp[VFP_SLOT_FPSCR]));
	/* SET_ONE_REG keeps EX clear where FPINST does not exist; this test
	 * is the second guard: on such a CPU that access is UNDEFINED in Hyp. */
	if ((fpexc & FPEXC_EX) && abi_vfp_has_fpinst(&host_ids)) {
		__asm__ volatile(FPU_ASM "vmsr fpinst, %0" : : "r"(b->vfp[VFP_SLOT_FPINST]));
		__asm__ volatile(FPU_ASM "vmsr fpinst2, %0" : : "r"(b->vfp[VFP_SLOT_FPINST2]));
	}
	__asm__ volatile(FPU_ASM "vmsr fpexc, %0" : : "r"(fpexc));
}

#define CNT_CTL_ENABLE (1u << 0)
#define CNT_CTL_IMASK (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

static void save_timer(struct vcpu_bank *b)
{
	b->cntv_ctl = read_CNTV_CTL() & ~CNT_CTL_ISTATUS;
	b->cntv_cval = read_CNTV_CVAL();
	write_CNTV_CTL(0); /* it must not fire while another vCPU runs */
}

static void restore_timer(const struct vcpu *vcpu)
{
	write_CNTVOFF(vcpu->vm->abi.cntvoff);
	write_CNTV_CVAL(vcpu->bank.cntv_cval);
	write_CNTV_CTL(vcpu->bank.cntv_ctl);
}

/*
 * VFP/NEON moves lazily: a vCPU is loaded with coprocessors 10 and 11
 * trapped unless its state is still in the CPU, and the first use after a
 * switch (vfp_trap) moves the previous owner's state to its bank.
 */
static uint32_t hcptr_for(const struct vcpu *vcpu)
{
	return HCPTR_TTA | (this_cpu()->vfp_owner == vcpu ? 0 : HCPTR_VFP);
}

/* Hyp's own VFP accesses trap too while HCPTR says so: open it briefly. */
static void vfp_save_owner(struct pcpu *cpu)
{
	if (!cpu->vfp_owner)
		return;
	write_HCPTR(HCPTR_TTA);
	isb();
	save_vfp(&cpu->vfp_owner->bank, abi_nr_vfp_d(&host_ids));
	cpu->vfp_owner = NULL;
}

void vfp_trap(struct vcpu *vcpu)
{
	struct pcpu *cpu = this_cpu();
	vfp_save_owner(cpu);
	write_HCPTR(HCPTR_TTA);
	isb();
	restore_vfp(&vcpu->bank, abi_nr_vfp_d(&host_ids));
	cpu->vfp_owner = vcpu;
}

void vcpu_sync_vfp(struct vcpu *vcpu)
{
	struct pcpu *cpu = this_cpu();
	if (cpu->vfp_owner != vcpu)
		return;
	vfp_save_owner(cpu);
	if (cpu->current)
		write_HCPTR(hcptr_for(cpu->current));
	isb();
}

/* The virtual timer's output as the guest's interrupt line would see it. */
static bool vtimer_asserted(void)
{
	uint32_t ctl = read_CNTV_CTL();
	return (ctl & CNT_CTL_ENABLE) && !(ctl & CNT_CTL_IMASK) && (ctl & CNT_CTL_ISTATUS);
}

void vtimer_inject(struct vcpu *vcpu)
{
	vcpu->hcr |= HCR_VI;
	write_HCR(vcpu->hcr);
	board.irq->disable(board.virt_timer_irq); /* level: until it drops */
}

bool vtimer_recheck(struct vcpu *vcpu)
{
	if (!(vcpu->hcr & HCR_VI))
		return false;
	if (vcpu->loaded && vtimer_asserted())
		return true;
	vcpu->hcr &= ~HCR_VI;
	if (vcpu->loaded)
		write_HCR(vcpu->hcr);
	board.irq->enable(board.virt_timer_irq);
	return false;
}

void vcpu_put(struct vcpu *vcpu)
{
	if (!vcpu->loaded)
		return;
	save_banked(vcpu);
	save_cp15(&vcpu->bank);
	save_timer(&vcpu->bank);
	vcpu->loaded = false;
	vtimer_recheck(vcpu); /* the line re-asserts when it is loaded again */
}

void vcpu_load(struct vcpu *vcpu)
{
	if (vcpu->loaded)
		return;
	write_VTTBR(vcpu->vm->vttbr);
	write_VPIDR(host_ids.invariant[INVARIANT_MIDR]);
	write_HCR(vcpu->hcr);
	write_HCPTR(hcptr_for(vcpu));
	restore_banked(vcpu);
	restore_cp15(&vcpu->bank);
	restore_timer(vcpu);
	isb();
	vcpu->loaded = true;
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
	if (vcpu->loaded && is_banked(w))
		return read_banked(w);
	return core_words(vcpu)[w];
}

void vcpu_set_gpr(struct vcpu *vcpu, unsigned n, uint32_t value)
{
	uint32_t mode = core_words(vcpu)[CORE_WORD_CPSR] & MODE_MASK_BITS;
	unsigned w = gpr_word(mode, n);
	if (vcpu->loaded && is_banked(w))
		write_banked(w, value);
	else
		core_words(vcpu)[w] = value;
}
