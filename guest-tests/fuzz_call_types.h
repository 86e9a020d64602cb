/*
 * Inside the fuzzer's calls (fuzz_calls.c, fuzz_gen.c, fuzz_predict.c):
 * one call as generated, and the oracle's prediction of it.
 */
#ifndef FUZZ_CALL_TYPES_H
#define FUZZ_CALL_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "fuzz_calls.h"
#include "fuzz_rng.h"

/* The kinds of call the generator makes; each has its own predictor. */
#define FUZZ_KINDS(X)                           \
	X(RAW_SMCCC, "SMCCC")                   \
	X(PSCI, "PSCI")                         \
	X(DISCOVERY, "DISCOVERY")               \
	X(CHECK_EXTENSION, "CHECK_EXTENSION")   \
	X(SELF, "SELF")                         \
	X(VM_INFO, "VM_INFO")                   \
	X(VCPU_INIT, "VCPU_INIT")               \
	X(PREFERRED_TARGET, "PREFERRED_TARGET") \
	X(GET_ONE_REG, "GET_ONE_REG")           \
	X(SET_ONE_REG, "SET_ONE_REG")           \
	X(GET_REG_LIST, "GET_REG_LIST")         \
	X(GET_MULTI, "GET_MULTI")               \
	X(SET_MULTI, "SET_MULTI")               \
	X(VCPU_PAUSE, "VCPU_PAUSE")             \
	X(VCPU_RESUME, "VCPU_RESUME")           \
	X(VCPU_STATE, "VCPU_STATE")             \
	X(VM_READ_MEM, "VM_READ_MEM")           \
	X(VM_WRITE_MEM, "VM_WRITE_MEM")         \
	X(DEVICE_ATTR, "DEVICE_ATTR")

#define FUZZ_KIND_ENUM(name, text) FUZZ_K_##name,
enum fuzz_kind { FUZZ_KINDS(FUZZ_KIND_ENUM) FUZZ_NR_KINDS };
#undef FUZZ_KIND_ENUM
_Static_assert(FUZZ_NR_KINDS <= FUZZ_MAX_KINDS, "fuzz_ctx counts every kind");

struct fuzz_call {
	enum fuzz_kind kind;
	struct fuzz_hvc_regs regs;
};

/* What the model does when an alternative is the answer. */
enum fuzz_model_action {
	FUZZ_MA_MEM = 1u << 0,     /* the memory effects happened */
	FUZZ_MA_SET = 1u << 1,     /* the SET entries were applied */
	FUZZ_MA_INIT = 1u << 2,    /* VCPU_INIT succeeded */
	FUZZ_MA_STOPPED = 1u << 3, /* the target was not running */
	FUZZ_MA_PAUSE = 1u << 4,
	FUZZ_MA_RESUME = 1u << 5,
	FUZZ_MA_STATE = 1u << 6,    /* r1 is the state */
	FUZZ_MA_WROTE_VM = 1u << 7, /* VM_WRITE_MEM succeeded */
	FUZZ_MA_LEARN = 1u << 8,    /* GET_ONE_REG: the value read is now known */
	FUZZ_MA_FEATURES = 1u << 9, /* a failed first VCPU_INIT kept some feature bits */
	FUZZ_MA_VGIC = 1u << 10,    /* DEVICE_ATTR: the board has a vGIC */
	FUZZ_MA_NO_VGIC = 1u << 11, /* DEVICE_ATTR: -ENODEV, the board has none */
};

#define FUZZ_MAX_ALTS 8
#define FUZZ_COUNT_MAX 255u /* a vCPU count CHECK_EXTENSION may answer */

/* One answer the docs allow. */
struct fuzz_alt {
	uint32_t r0;
	uint8_t check;      /* bit n: out[n] must equal r[n] (n = 1..3) */
	bool any_uncertain; /* -EINVAL at any uncertain entry before the first failure (r1) */
	bool r0_positive;   /* any r0 in 1..FUZZ_COUNT_MAX (CHECK_EXTENSION of a vCPU count) */
	uint32_t r[4];
	uint16_t actions; /* enum fuzz_model_action */
};

/* A register transfer entry (GET/SET_ONE_REG, GET/SET_MULTI). */
enum fuzz_entry_verdict { FUZZ_E_OK, FUZZ_E_FAIL, FUZZ_E_UNCERTAIN };

struct fuzz_entry {
	uint64_t id, addr, value;
	struct fuzz_reg reg;
	uint8_t verdict;
};

struct fuzz_pred {
	unsigned nalt;
	struct fuzz_alt alt[FUZZ_MAX_ALTS];
	bool unsafe;        /* could change what must not change: make another call */
	bool unpredictable; /* reads memory the oracle does not know: another call */
	int vm;             /* the target VM, -1 if none or not one that exists */
	/* register transfers */
	unsigned nentries; /* entries looked at (up to and with the first failure) */
	bool multi;
	/* VCPU_INIT */
	uint32_t features; /* after a success, or kept by a failure */
	/* VM_WRITE_MEM */
	uint32_t ipa, len, buf;
};

/* Entries of the call being predicted (static: up to HYPV7_MULTI_MAX). */
extern struct fuzz_entry fuzz_entries[];

/* fuzz_gen.c */
void fuzz_generate(struct fuzz_ctx *c, struct fuzz_rng *r, enum fuzz_mix mix,
		   struct fuzz_call *call);
/* fuzz_predict.c */
void fuzz_predict(struct fuzz_ctx *c, const struct fuzz_call *call, struct fuzz_pred *p);
/* The VM a handle names, or -1 (no such VM, or not one the caller may name). */
int fuzz_handle_vm(const struct fuzz_world *w, uint32_t handle);

/* Little-endian values of `size` bytes. */
static inline uint64_t fuzz_le_value(const uint8_t *b, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = (v << 8) | b[i];
	return v;
}

#endif
