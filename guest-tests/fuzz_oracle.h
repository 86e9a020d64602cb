/*
 * The fuzzer's oracle, part 1: what it knows without asking hypv7.
 *
 * Facts about the CPU come from the fuzzing VM's own reads (MIDR, the ID
 * registers, MVFR0/1, FPSID, CLIDR, CCSIDR: VMs see the host's), and the
 * register list it must get comes from the reference list
 * (tests/host/reglist-a15.csv) cut to this CPU by docs/abi.md 4.2's rules;
 * a register id is classified by docs/abi.md 4, not by hypv7's table. The
 * world model says what each VM's vCPU may be doing and which register
 * values are known (fuzz_calls.c keeps it up to date).
 */
#ifndef FUZZ_ORACLE_H
#define FUZZ_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#include <hv.h>

#include "fuzz.h"

#define FUZZ_MAX_REGS 160u /* more than any CPU's list (136 on QEMU's A15) */
#define FUZZ_NR_INVARIANT 21u
#define FUZZ_NR_CSSELR 12u

/* How docs/abi.md says a register behaves. */
enum fuzz_reg_class {
	FUZZ_RC_CORE,
	FUZZ_RC_CPSR,
	FUZZ_RC_HOST,      /* invariant cp15, CCSIDR, MVFR0/1, FPSID: SET must repeat it */
	FUZZ_RC_BANKED,    /* cp15 banked: the CPU's fixed bits (not known here) */
	FUZZ_RC_TTBR_VIEW, /* low word of TTBR0_64/TTBR1_64 */
	FUZZ_RC_VFP_D,
	FUZZ_RC_FPSCR, /* fixed bits (not known here) */
	FUZZ_RC_FPEXC,
	FUZZ_RC_FPINST,
	FUZZ_RC_PSCI_VERSION,
	FUZZ_RC_WA1,
	FUZZ_RC_WA2,
	FUZZ_RC_TIMER_CTL,
	FUZZ_RC_TIMER_CNT,
	FUZZ_RC_TIMER_CVAL,
};

struct fuzz_reg {
	uint8_t cls;   /* enum fuzz_reg_class */
	uint8_t size;  /* bytes */
	uint16_t pos;  /* position in the register list */
	uint16_t link; /* TTBR views: position of the 64-bit register */
	uint64_t host; /* FUZZ_RC_HOST: the value */
};

struct fuzz_facts {
	uint32_t target; /* KVM_ARM_TARGET_CORTEX_A15 or _A7 */
	uint32_t own_mpidr_aff;
	uint32_t invariant[FUZZ_NR_INVARIANT];
	uint32_t mvfr0, mvfr1, fpsid;
	bool has_fpinst;
	unsigned nr_d;
	bool ccsidr_valid[FUZZ_NR_CSSELR];
	uint32_t ccsidr[FUZZ_NR_CSSELR];
	uint64_t wa1_level;
	uint64_t list[FUZZ_MAX_REGS]; /* KVM_GET_REG_LIST, in order */
	unsigned nlist;
	uint64_t sorted[FUZZ_MAX_REGS]; /* the same ids, sorted, for lookups */
	uint16_t sorted_pos[FUZZ_MAX_REGS];
};

/* Bits of the vCPU states a VM may be in (enum hypv7_vcpu_state). */
#define FUZZ_ST(s) (1u << (s))
#define FUZZ_ST_RUN FUZZ_ST(HYPV7_VCPU_RUNNABLE)
#define FUZZ_ST_STOPPED \
	(FUZZ_ST(HYPV7_VCPU_PAUSED) | FUZZ_ST(HYPV7_VCPU_POWERED_OFF) | FUZZ_ST(HYPV7_VCPU_FAULTED))
#define FUZZ_ST_ANY (FUZZ_ST_RUN | FUZZ_ST_STOPPED)

/* What the fuzzer must never make succeed on a VM. */
enum fuzz_protect {
	FUZZ_PROT_REGS = 1, /* SET, SET_MULTI, VCPU_INIT: only calls that fail */
	FUZZ_PROT_RAM = 2, /* VM_WRITE_MEM: only ones that fail (or rewrite the canary's pattern) */
	FUZZ_PROT_INIT = 4, /* never initialised: VCPU_INIT must fail */
	FUZZ_PROT_PAUSE =
	    8, /* no PAUSE: the caller itself (nobody would resume it), the bystander */
	FUZZ_PROT_RESUME = 16, /* no RESUME: the bystander, once off, stays off */
};

struct fuzz_vm_model {
	bool exists;
	bool initialised;
	uint8_t wanders;  /* FUZZ_ST_* it may reach by itself while runnable
			     (the victim: any; the bystander: powered off) */
	bool snapshot;    /* paused, and every register was read since */
	uint8_t possible; /* FUZZ_ST_* it may be in now */
	uint8_t protect;  /* enum fuzz_protect */
	uint32_t features;
	uint32_t psci_version; /* set through PSCI_VERSION; 0 = never */
	uint32_t ram_size;
	uint64_t value[FUZZ_MAX_REGS];
	bool known[FUZZ_MAX_REGS];
};

/* Whether the board gives VMs a vGIC (docs/abi.md 3.14: -ENODEV on a board
 * without one, raspi2b). The guests are the same on every board, so the
 * oracle allows both until one answer decides it. */
enum fuzz_vgic { FUZZ_VGIC_UNKNOWN, FUZZ_VGIC_PRESENT, FUZZ_VGIC_ABSENT };

struct fuzz_world {
	unsigned caller; /* the VM the fuzzer runs in */
	unsigned nr_vms;
	struct fuzz_vm_model vm[FUZZ_MAX_VMS];
	struct fuzz_facts facts;
	uint8_t *fresh; /* VM 0: FUZZ_FRESH_WINDOW_SIZE bytes, the fresh VM's window */
	uint8_t vgic;   /* enum fuzz_vgic: learnt from the first DEVICE_ATTR that tells */
};

/* Reads the CPU facts and builds the expected register list. */
void fuzz_facts_init(struct fuzz_facts *f);

/* 0 and *r, or -LNX_EINVAL / -LNX_ENOENT as docs/abi.md 3.6 says. */
int fuzz_classify(const struct fuzz_facts *f, uint64_t id, struct fuzz_reg *r);

/* The value a GET must give when the oracle knows it; false if it does not. */
bool fuzz_expected_value(const struct fuzz_world *w, unsigned vm, const struct fuzz_reg *r,
			 uint64_t *out);

/* Forgets every register value of a VM (it ran). */
void fuzz_model_forget_regs(struct fuzz_vm_model *m);
/* A successful VCPU_INIT: docs/abi.md 3.4's reset values. */
void fuzz_model_reset(const struct fuzz_facts *f, struct fuzz_vm_model *m);

/* KVM_REG_SIZE(id) in bytes. */
static inline uint32_t fuzz_reg_size(uint64_t id)
{
	return 1u << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/* True for the registers whose value moves by itself (the counter, ISTATUS). */
static inline bool fuzz_reg_volatile(const struct fuzz_reg *r)
{
	return r->cls == FUZZ_RC_TIMER_CNT || r->cls == FUZZ_RC_TIMER_CTL;
}

#endif
