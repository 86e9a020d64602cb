/*
 * What the guests of the hostile-guest fuzzer share (`make fuzz`,
 * docs/fuzzing.md): the VMs of a fuzz image and their RAM, the run's
 * parameters, the mailboxes VM 0 reads and writes in the other VMs, and
 * the canary's RAM pattern.
 *
 * The image (tests.list, test "fuzz"; tools/run-fuzz makes the same one):
 *   vm0 fuzz_control          the hostile control VM, with the oracle
 *   vm1 fuzz_hostile  mem=16  a non-control VM: privileged calls, fatal actions
 *   vm2 fuzz_victim   mem=16  gets random registers and memory, then runs
 *   vm3 fuzz_canary   mem=16  checks its own RAM and registers, heartbeat
 *   vm4 fuzz_victim   mem=16 start=stopped   never initialised (-ENOEXEC)
 * and, in the image of test "fuzz_linux" (`make fuzz FUZZ_LINUX=1`), one more:
 *   vm5 linux                a bystander: the fuzzer names it only in calls
 *                            that cannot change it, it must keep running, and
 *                            the fuzz goes on until it powers itself off
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>

#include <hypv7/guest_machine.h>

#include "mbox.h"

enum fuzz_vm {
	FUZZ_VM_CONTROL = 0,
	FUZZ_VM_HOSTILE = 1,
	FUZZ_VM_VICTIM = 2,
	FUZZ_VM_CANARY = 3,
	FUZZ_VM_FRESH = 4,
	FUZZ_NR_VMS = 5,       /* the fuzz image's own VMs */
	FUZZ_VM_BYSTANDER = 5, /* optional: whatever runs there is left alone */
	FUZZ_MAX_VMS = 6,
};

#define FUZZ_MIB (1u << 20)
#define FUZZ_CONTROL_MEM (64u * FUZZ_MIB) /* the default VMn_MEM */
#define FUZZ_OTHER_MEM (16u * FUZZ_MIB)   /* mem=16 in tests.list */

/* ------------------------------------------------------------ parameters */

/*
 * The run's seed and length, in a section of their own so that
 * tools/run-fuzz can patch a built fuzz_control.elf (objcopy
 * --update-section) instead of rebuilding it for every seed. The defaults
 * are the short run of `make test`.
 */
#define FUZZ_PARAMS_SECTION ".fuzz_params"
#define FUZZ_PARAMS_MAGIC 0x667a7031u /* "fzp1" */
#define FUZZ_DEFAULT_SEED 0x68797076f0220001ull
#define FUZZ_DEFAULT_CALLS 20000u
#define FUZZ_NO_TRACE 0xffffffffu

struct fuzz_params {
	uint32_t magic;
	uint32_t calls;   /* hypercalls VM 0 makes (helpers not counted) */
	uint32_t seed_lo; /* the 64-bit seed, low word first */
	uint32_t seed_hi;
	uint32_t trace_from; /* print every call from this one on */
	uint32_t trace_count;
	uint32_t options; /* enum fuzz_option */
};

/*
 * Parts of the fuzzing a run may leave out (struct fuzz_params.options,
 * passed on to VM 1 with each storm).
 *   GICV_BUFFERS: VM 0 touches its GICC page (hypv7 then maps the board's
 *   GICV there) and both hostile VMs use pointers into that page as
 *   hypercall buffers, which must be refused (-EFAULT: hypv7 copies only
 *   to and from the caller's RAM). On by default, in the short run too.
 */
enum fuzz_option {
	FUZZ_OPT_GICV_BUFFERS = 1u << 0,
};
#define FUZZ_DEFAULT_OPTIONS FUZZ_OPT_GICV_BUFFERS

/* ------------------------------------------------------------ VM 1 */

/* Commands VM 0 posts to the hostile VM. */
enum fuzz_hostile_cmd {
	FUZZ_HCMD_NONE,
	FUZZ_HCMD_STORM,  /* arg = number of random calls, seed in seed_lo/hi */
	FUZZ_HCMD_ACTION, /* arg = index in fuzz_actions.def */
};

/* How a command ended, as VM 1 writes it (a fault or PSCI off leaves
 * it unwritten: VM 0 sees those in VCPU_STATE). */
enum fuzz_hostile_outcome {
	FUZZ_HOUT_NONE,
	FUZZ_HOUT_DONE,      /* detail: 0, or what the action found wrong */
	FUZZ_HOUT_EXCEPTION, /* its own vector; detail = exception kind */
};

/* Exception kinds: the vector's index (reset, und, svc, pabt, dabt, -, irq, fiq). */
enum fuzz_exc_kind {
	FUZZ_EXC_RESET = 0,
	FUZZ_EXC_UND = 1,
	FUZZ_EXC_SVC = 2,
	FUZZ_EXC_PABT = 3,
	FUZZ_EXC_DABT = 4,
	FUZZ_EXC_IRQ = 6,
	FUZZ_EXC_FIQ = 7,
};

#define FUZZ_HOSTILE_MAGIC 0x686f7374u /* "host" */

struct fuzz_hostile_mbox {
	uint32_t magic;
	uint32_t boots;      /* VM 1 counts its boots */
	uint32_t ready_boot; /* = boots once it waits for commands */
	/* VM 0 writes these, cmd_seq last */
	uint32_t cmd;
	uint32_t arg;
	uint32_t seed_lo;
	uint32_t seed_hi;
	uint32_t cmd_seq;
	/* VM 1 answers */
	uint32_t ack_seq;  /* the command it started */
	uint32_t done_seq; /* the command it finished (outcome valid) */
	uint32_t outcome;
	uint32_t detail;
	uint32_t exc_pc;   /* own exceptions: the preferred return address */
	uint32_t fault_pc; /* where the action is meant to stop, 0 if anywhere */
	uint32_t storm_calls;
	uint32_t storm_failures;
	uint32_t options; /* VM 0's enum fuzz_option, for the storms */
};

/* How an action of the hostile VM may end (fuzz_actions.def): bits. */
enum fuzz_outcome_bit {
	FUZZ_OB_FAULT = 1u << 0,      /* stopped by hypv7, with its report (VCPU_STATE 3) */
	FUZZ_OB_UND = 1u << 1,        /* its own undefined-instruction exception */
	FUZZ_OB_SVC = 1u << 2,        /* its own SVC exception */
	FUZZ_OB_PABT = 1u << 3,       /* its own prefetch abort */
	FUZZ_OB_DABT = 1u << 4,       /* its own data abort */
	FUZZ_OB_DONE = 1u << 5,       /* ran to its end and found nothing wrong */
	FUZZ_OB_OFF = 1u << 6,        /* powered off by PSCI (VCPU_STATE 2) */
	FUZZ_OB_RESTART = 1u << 7,    /* restarted by PSCI SYSTEM_RESET */
	FUZZ_OB_SELF_PAUSE = 1u << 8, /* paused itself; VM 0 resumed it; then done */
	FUZZ_OB_OTHER = 1u << 9,      /* anything else: never allowed */
	FUZZ_OB_HANG = 1u << 10,      /* no end in sight: never allowed */
};

/* "Contained": whatever the CPU makes of it, as long as only VM 1 pays. */
#define FUZZ_OB_CONTAINED \
	(FUZZ_OB_FAULT | FUZZ_OB_UND | FUZZ_OB_SVC | FUZZ_OB_PABT | FUZZ_OB_DABT | FUZZ_OB_DONE)

/* ------------------------------------------------------------ victims */

#define FUZZ_VICTIM_MAGIC 0x7669636du /* "vicm" */

struct fuzz_victim_mbox {
	uint32_t magic;
	uint32_t boots;
	uint32_t loops;
};

/* A window of the never-initialised VM's RAM whose contents VM 0 keeps a
 * copy of: every VM_READ_MEM from it is checked byte for byte. */
#define FUZZ_FRESH_WINDOW_IPA 0x40800000u
#define FUZZ_FRESH_WINDOW_SIZE 0x20000u

/* ------------------------------------------------------------ canary */

#define FUZZ_CANARY_MAGIC 0x63616e61u /* "cana" */

struct fuzz_canary_mbox {
	uint32_t magic;
	uint32_t heartbeat;  /* one more after every round of checks */
	uint32_t ram_passes; /* whole passes over the pattern */
	uint32_t damage;     /* things found changed; must stay 0 */
	uint32_t first_damage_what;
	uint32_t first_damage_where;
};

/* What the canary found changed (first_damage_what). */
enum fuzz_canary_damage {
	FUZZ_DAMAGE_NONE,
	FUZZ_DAMAGE_RAM,   /* where = the IPA of the word */
	FUZZ_DAMAGE_CORE,  /* where = the register's number in the check */
	FUZZ_DAMAGE_VFP,   /* where = D register number, 32 = FPSCR */
	FUZZ_DAMAGE_CP15,  /* where = index in the canary's cp15 list */
	FUZZ_DAMAGE_IMAGE, /* where = offset of the changed word */
};

/*
 * The canary fills [FUZZ_CANARY_RAM_FIRST, + FUZZ_CANARY_RAM_SIZE) and the
 * rest of its mailbox page with a pattern that depends on the address, so
 * VM 0 can check a VM_READ_MEM of it, and write it back unchanged.
 */
#define FUZZ_CANARY_RAM_FIRST 0x40400000u
#define FUZZ_CANARY_RAM_SIZE (2u * FUZZ_MIB)
#define FUZZ_CANARY_TAIL_FIRST (MBOX_ADDR + 0x100u) /* after the mailbox */
#define FUZZ_CANARY_TAIL_END (MBOX_ADDR + GUEST_PERSIST_PAGE_SIZE)
#define FUZZ_CANARY_SALT 0x5a17c0deu

/* The pattern word at `ipa` (a multiple of 4). */
static inline uint32_t fuzz_canary_word(uint32_t ipa)
{
	uint32_t x = ipa ^ FUZZ_CANARY_SALT;

	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

/* True if [ipa, ipa + len) lies inside the canary's pattern. */
static inline int fuzz_canary_patterned(uint32_t ipa, uint32_t len)
{
	uint64_t end = (uint64_t)ipa + len;

	return (ipa >= FUZZ_CANARY_RAM_FIRST &&
		end <= (uint64_t)FUZZ_CANARY_RAM_FIRST + FUZZ_CANARY_RAM_SIZE) ||
	       (ipa >= FUZZ_CANARY_TAIL_FIRST && end <= FUZZ_CANARY_TAIL_END);
}

#endif
