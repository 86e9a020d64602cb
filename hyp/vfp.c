/*
 * VFP/NEON state of vCPUs (hyp/vfp.h). The state moves lazily: a vCPU is
 * loaded with coprocessors 10 and 11 trapped unless its state is still in
 * the CPU, and its first use after a switch (vfp_trap) moves the previous
 * owner's state to that owner's bank.
 *
 * FPINST/FPINST2 exist only on a VFPv2 of the common subarchitecture; on
 * Cortex-A15 and A7 touching them is UNDEFINED in Hyp mode, whatever the
 * guest wrote to FPEXC.EX. SET_ONE_REG keeps FPEXC.EX clear there
 * (abi/kvm_abi.c), and this file checks the same rule again before it
 * touches them: a guest writing EX itself (QEMU keeps it) changes nothing.
 */
#include "hyp/vfp.h"

#include "abi/vcpu_bank.h"
#include "arch/sysregs.h"
#include "hyp/host_ids.h"
#include "hyp/pcpu.h"
#include "hyp/vm.h"

/* What this CPU's VFP has, worked out once (vfp_init). */
/* D0-D15 always; D16-D31 where MVFR0 says so. */
#define NR_VFP_D_LOW 16u
static unsigned nr_d_regs;
static bool has_fpinst;

void vfp_init(void)
{
	nr_d_regs = abi_nr_vfp_d(&host_ids);
	has_fpinst = abi_vfp_has_fpinst(&host_ids);
}

static void save_vfp(struct vcpu_bank *b)
{
	uint32_t fpexc = read_fpexc();
	write_fpexc(fpexc | FPEXC_EN);
	__asm__ volatile(FPU_ASM "vstmia %0, {d0-d15}" : : "r"(b->vfp_d) : "memory");
	if (nr_d_regs > NR_VFP_D_LOW)
		__asm__ volatile(FPU_ASM "vstmia %0, {d16-d31}" : : "r"(&b->vfp_d[16]) : "memory");
	uint32_t fpscr = read_fpscr();
	if ((fpexc & FPEXC_EX) && has_fpinst) {
		b->vfp[VFP_SLOT_FPINST] = read_fpinst();
		b->vfp[VFP_SLOT_FPINST2] = read_fpinst2();
	}
	/* Without FPINST only EN exists (the rest is RAZ on hardware; QEMU
	 * keeps whatever the guest wrote): the bank holds what SET accepts. */
	b->vfp[VFP_SLOT_FPEXC] = has_fpinst ? fpexc : fpexc & FPEXC_EN;
	b->vfp[VFP_SLOT_FPSCR] = fpscr;
}

static void restore_vfp(const struct vcpu_bank *b)
{
	uint32_t fpexc = b->vfp[VFP_SLOT_FPEXC];
	write_fpexc(FPEXC_EN);
	__asm__ volatile(FPU_ASM "vldmia %0, {d0-d15}" : : "r"(b->vfp_d) : "memory");
	if (nr_d_regs > NR_VFP_D_LOW)
		__asm__ volatile(FPU_ASM "vldmia %0, {d16-d31}" : : "r"(&b->vfp_d[16]) : "memory");
	write_fpscr(b->vfp[VFP_SLOT_FPSCR]);
	if ((fpexc & FPEXC_EX) && has_fpinst) {
		write_fpinst(b->vfp[VFP_SLOT_FPINST]);
		write_fpinst2(b->vfp[VFP_SLOT_FPINST2]);
	}
	write_fpexc(fpexc);
}

/* Hyp's own VFP accesses trap too while HCPTR says so: open it briefly. */
static void vfp_save_owner(struct pcpu *cpu)
{
	if (!cpu->vfp_owner)
		return;
	write_HCPTR(HCPTR_TTA);
	isb();
	save_vfp(&cpu->vfp_owner->bank);
	cpu->vfp_owner = NULL;
}

void vfp_trap(struct vcpu *vcpu)
{
	struct pcpu *cpu = this_cpu();
	vfp_save_owner(cpu);
	write_HCPTR(HCPTR_TTA);
	isb();
	restore_vfp(&vcpu->bank);
	cpu->vfp_owner = vcpu;
}

void vcpu_sync_vfp(struct vcpu *vcpu)
{
	struct pcpu *cpu = this_cpu();
	if (cpu->vfp_owner != vcpu)
		return;
	vfp_save_owner(cpu);
	if (cpu->current)
		write_HCPTR(vfp_hcptr(cpu->current, cpu));
	isb();
}
