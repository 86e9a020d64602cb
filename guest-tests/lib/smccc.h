/* SMC Calling Convention calls over HVC #0, for guests; the ids are the
 * public ones of <hypv7/smccc.h>. */
#ifndef SMCCC_H
#define SMCCC_H

#include <stdint.h>

#include <hypv7/hypercalls.h> /* hypv7's own ids */
#include <hypv7/smccc.h>      /* SMCCC and PSCI ids, results, versions */

struct smccc_res {
	uint32_t a0, a1, a2, a3;
};

/* Fast call: fn in r0, arguments in r1..r3, results in r0..r3. */
struct smccc_res smccc_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

/* Shorthand for calls whose only result is r0. */
uint32_t smccc_hvc0(uint32_t fn);

#endif
