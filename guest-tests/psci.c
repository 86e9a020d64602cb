/* PSCI as hypv7 serves it over HVC: version and feature discovery. */
#include "smccc.h"
#include "tap.h"

#define PSCI_MIN_MINOR_0 2u         /* 0.2 is the first SMCCC-based PSCI */
#define PSCI_UNKNOWN_FN 0x8400001Fu /* inside the PSCI range, unassigned */
#define NOT_A_FUNCTION 0x12345678u
#define SMC64_CPU_ON 0xC4000003u /* SMC64 ids are not for an AArch32 guest */

struct feature_query {
	uint32_t fn;
	uint32_t want;
	const char *name;
};

static const struct feature_query queries[] = {
	{ PSCI_VERSION, PSCI_SUCCESS, "PSCI_FEATURES(PSCI_VERSION) = 0" },
	{ PSCI_FEATURES, PSCI_SUCCESS, "PSCI_FEATURES(PSCI_FEATURES) = 0" },
	{ PSCI_CPU_SUSPEND, PSCI_SUCCESS, "PSCI_FEATURES(CPU_SUSPEND) = 0 (original format)" },
	{ PSCI_CPU_OFF, PSCI_SUCCESS, "PSCI_FEATURES(CPU_OFF) = 0" },
	{ PSCI_CPU_ON, PSCI_SUCCESS, "PSCI_FEATURES(CPU_ON) = 0" },
	{ PSCI_AFFINITY_INFO, PSCI_SUCCESS, "PSCI_FEATURES(AFFINITY_INFO) = 0" },
	{ PSCI_MIGRATE_INFO_TYPE, PSCI_SUCCESS, "PSCI_FEATURES(MIGRATE_INFO_TYPE) = 0" },
	{ PSCI_SYSTEM_OFF, PSCI_SUCCESS, "PSCI_FEATURES(SYSTEM_OFF) = 0" },
	{ PSCI_SYSTEM_RESET, PSCI_SUCCESS, "PSCI_FEATURES(SYSTEM_RESET) = 0" },
	{ SMCCC_VERSION, PSCI_SUCCESS, "PSCI_FEATURES(SMCCC_VERSION) = 0: SMCCC 1.1 discovery" },
	{ PSCI_UNKNOWN_FN, SMCCC_NOT_SUPPORTED,
	  "PSCI_FEATURES(unassigned PSCI id) = NOT_SUPPORTED" },
	{ SMC64_CPU_ON, SMCCC_NOT_SUPPORTED, "PSCI_FEATURES(SMC64 CPU_ON) = NOT_SUPPORTED" },
	{ HYPV7_HC_BASE, SMCCC_NOT_SUPPORTED, "PSCI_FEATURES(0x86000000) = NOT_SUPPORTED" },
	{ NOT_A_FUNCTION, SMCCC_NOT_SUPPORTED, "PSCI_FEATURES(non-PSCI id) = NOT_SUPPORTED" },
};

#define QUERY_COUNT ((int)(sizeof(queries) / sizeof(queries[0])))

static void check_version(void)
{
	uint32_t v = smccc_hvc0(PSCI_VERSION);
	uint32_t major = PSCI_VERSION_MAJOR(v), minor = PSCI_VERSION_MINOR(v);

	tap_diag("PSCI_VERSION 0x%08lx (%lu.%lu)", (unsigned long)v, (unsigned long)major,
		 (unsigned long)minor);
	tap_ok(v != SMCCC_NOT_SUPPORTED && (major > 0 || minor >= PSCI_MIN_MINOR_0),
	       "PSCI version is 0.2 or later");
}

int main(void)
{
	tap_plan(1 + QUERY_COUNT);
	check_version();
	for (int i = 0; i < QUERY_COUNT; i++)
		tap_is_u32(smccc_hvc(PSCI_FEATURES, queries[i].fn, 0, 0).a0, queries[i].want,
			   queries[i].name);
	return tap_done();
}
